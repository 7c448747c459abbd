import type { FieldAgronomy, Forecast } from "@unicorn/contracts";
import { api } from "../../api/client";
import { asOfQuery } from "../../components/AsOfControl";
import { Card, Loading } from "../../components/States";
import { useAsync } from "../../lib/hooks";
import { useUnits } from "../../lib/prefs";
import { formatSeedingRate, formatYield } from "../../lib/units";

/** The yield forecast as it stood on the page's date (the farm's today when none is chosen). */
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
        <div className="kpis">
          <div>
            <span className="kpi">{formatYield(data.prediction.p50, units)}</span>
            <span className="kpi-label">
              expected yield, 80 % range {formatYield(data.prediction.p10, units)} to{" "}
              {formatYield(data.prediction.p90, units)}
            </span>
          </div>
          <div>
            <span className="kpi small-kpi">
              {data.prediction.model} v{data.prediction.version}
            </span>
            <span className="kpi-label">model</span>
          </div>
        </div>
      ) : (
        <p className="muted">Forecast unavailable: {data.reason}</p>
      )}
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
