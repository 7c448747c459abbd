import type { Field, FieldAgronomy, FieldPage, Forecast } from "@unicorn/contracts";
import { api } from "../api/client";
import { FieldMap, type FieldStatus } from "../components/FieldMap";
import { Badge, Card, Empty, ErrorBox, Loading } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useUnits } from "../lib/prefs";
import { Link, navigate } from "../lib/router";
import { degreeDays, formatArea, formatWater, formatYieldRange } from "../lib/units";

interface FieldSummary {
  field: Field;
  agronomy: FieldAgronomy | undefined;
  forecast: Forecast | undefined;
}

async function optional<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch {
    return undefined;
  }
}

export async function loadFieldSummaries(): Promise<FieldSummary[]> {
  const fields = await api<FieldPage>("/fields?limit=200");
  return Promise.all(
    fields.items.map(async (field) => ({
      field,
      agronomy: await optional(api<FieldAgronomy>(`/fields/${field.id}/agronomy`)),
      forecast: await optional(api<Forecast>(`/fields/${field.id}/forecast`)),
    })),
  );
}

export function statusOf(summary: FieldSummary): FieldStatus {
  if ((summary.agronomy?.alerts.length ?? 0) > 0) return "alert";
  return summary.agronomy?.waterBalance?.status ?? "unknown";
}

export function OverviewPage() {
  const { units } = useUnits();
  const { data, error, loading, reload } = useAsync(loadFieldSummaries, []);
  if (error && !data) return <ErrorBox error={error} retry={reload} />;
  if (!data) return <Loading what="Loading the farm" />;
  if (data.length === 0)
    return <Empty>No fields yet. An agronomist or admin can add them through the API.</Empty>;
  const status = Object.fromEntries(data.map((s) => [s.field.id, statusOf(s)]));
  return (
    <div className="page">
      <h1>
        Farm overview {loading ? <span className="spinner" role="status" aria-label="refreshing" /> : null}
      </h1>
      <div className="overview">
        <Card title="Fields" id="map">
          <FieldMap
            fields={data.map((s) => s.field)}
            status={status}
            onSelect={(f) => navigate(`/fields/${f.id}`)}
          />
        </Card>
        <div className="field-cards">
          {data.map((summary) => {
            const { field, agronomy, forecast } = summary;
            const gdd = agronomy?.gdd;
            const water = agronomy?.waterBalance;
            return (
              <article key={field.id} className="field-card" data-testid="field-card">
                <header>
                  <h2>
                    <Link href={`/fields/${field.id}`}>{field.name}</Link>
                  </h2>
                  <span className="muted">{formatArea(field.areaHa, units.area)}</span>
                </header>
                <dl>
                  <div>
                    <dt>Stage</dt>
                    <dd>{gdd ? `${gdd.stage.code} · ${gdd.stage.name}` : "no season"}</dd>
                  </div>
                  <div>
                    <dt>GDD since planting</dt>
                    <dd>
                      {gdd
                        ? `${degreeDays(gdd.sincePlanting, units.temperature).toFixed(0)} °${units.temperature}·d`
                        : "–"}
                    </dd>
                  </div>
                  <div>
                    <dt>Soil water</dt>
                    <dd>
                      {water ? (
                        <Badge tone={water.status}>
                          {water.status === "ok" ? "OK" : water.status === "watch" ? "Watch" : "Stress"} ·{" "}
                          {formatWater(water.depletionMm, units)} of {formatWater(water.rawMm, units)}
                        </Badge>
                      ) : (
                        "–"
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt>Yield forecast</dt>
                    <dd>
                      {forecast?.status === "ok"
                        ? formatYieldRange(
                            forecast.prediction.p50,
                            forecast.prediction.p10,
                            forecast.prediction.p90,
                            units,
                          )
                        : "unavailable"}
                    </dd>
                  </div>
                  <div>
                    <dt>Open alerts</dt>
                    <dd>
                      {agronomy && agronomy.alerts.length > 0 ? (
                        <Badge tone="critical">{agronomy.alerts.length}</Badge>
                      ) : (
                        <Badge tone="muted">none</Badge>
                      )}
                    </dd>
                  </div>
                </dl>
              </article>
            );
          })}
        </div>
      </div>
    </div>
  );
}
