import type { FieldAgronomy, Forecast } from "@unicorn/contracts";
import { api } from "../../api/client";
import { asOfQuery } from "../../components/AsOfControl";
import { Card, Loading } from "../../components/States";
import { useAsync } from "../../lib/hooks";
import { useUnits } from "../../lib/prefs";
import { formatSeedingRate, formatYield } from "../../lib/units";
import { LiveForecast, SeasonAgainstForecasts, TrackRecordTable } from "./YieldTrackRecord";

/**
 * The yield forecast as it stood on the page's date (the farm's today when none is chosen) and the model's track
 * record on this field. Once the season is harvested the recorded yield stands beside the forecasts kept during
 * it, never beside a live forecast.
 */
export function ForecastCard({
  fieldId,
  agronomy,
  asOf,
}: {
  fieldId: string;
  agronomy: FieldAgronomy;
  asOf?: string | undefined;
}) {
  const { data, error } = useAsync(
    () => api<Forecast>(`/fields/${fieldId}/forecast${asOfQuery(asOf)}`),
    [fieldId, asOf],
  );
  const seeding = agronomy.seedingRate;
  const { units } = useUnits();
  return (
    <Card title="Yield forecast and seeding" id="forecast">
      {error ? (
        <p className="muted">
          Yield forecast unavailable
          {error.status === 404 ? ": the ML service is not installed." : `: ${error.message}`}
        </p>
      ) : !data ? (
        <Loading what="Loading the forecast" />
      ) : data.status === "ok" ? (
        <LiveForecast prediction={data.prediction} record={data.trackRecord} />
      ) : agronomy.lifecycle.outcome ? (
        <SeasonAgainstForecasts outcome={agronomy.lifecycle.outcome} />
      ) : (
        <p className="muted">Forecast unavailable: {data.reason}</p>
      )}
      {data?.trackRecord ? (
        <TrackRecordTable record={data.trackRecord} />
      ) : data ? (
        <p className="muted small" data-testid="track-record-none">
          No recorded harvest with a kept forecast yet: once one is recorded, this card compares the field's
          harvests with what was forecast and corrects the forecast for the field.
        </p>
      ) : null}
      {seeding ? (
        <p>
          Seeding rate for next season:{" "}
          <strong>{formatSeedingRate(seeding.optimumThousandSeedsPerAcre, units)}</strong> (economic optimum,{" "}
          {formatYield(seeding.yieldAtOptimumBuPerAcre, units)} expected).
        </p>
      ) : null}
    </Card>
  );
}
