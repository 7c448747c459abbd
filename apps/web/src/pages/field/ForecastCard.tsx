import type { FieldAgronomy, Forecast } from "@unicorn/contracts";
import { api } from "../../api/client";
import { Card, Loading } from "../../components/States";
import { useAsync } from "../../lib/hooks";

export function ForecastCard({ fieldId, agronomy }: { fieldId: string; agronomy: FieldAgronomy }) {
  const { data, error } = useAsync(() => api<Forecast>(`/fields/${fieldId}/forecast`), [fieldId]);
  const seeding = agronomy.seedingRate;
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
            <span className="kpi">{data.prediction.p50.toFixed(0)} bu/ac</span>
            <span className="kpi-label">
              expected yield, 80 % range {data.prediction.p10?.toFixed(0) ?? "?"}–
              {data.prediction.p90?.toFixed(0) ?? "?"}
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
          <strong>{seeding.optimumThousandSeedsPerAcre.toFixed(1)} thousand seeds/ac</strong> (economic
          optimum, {seeding.yieldAtOptimumBuPerAcre.toFixed(0)} bu/ac expected).
        </p>
      ) : null}
    </Card>
  );
}
