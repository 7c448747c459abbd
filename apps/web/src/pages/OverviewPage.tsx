import type { Field, FieldAgronomy, FieldPage, Forecast } from "@unicorn/contracts";
import { api } from "../api/client";
import { AsOfControl, asOfQuery, useAsOf } from "../components/AsOfControl";
import { FieldMap, type FieldStatus } from "../components/FieldMap";
import { Badge, Card, Empty, ErrorBox, Loading } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useUnits } from "../lib/prefs";
import { Link, navigate } from "../lib/router";
import { localizeSentence } from "../lib/sentence";
import { soilWaterText } from "../lib/soil-water";
import { degreeDays, formatArea, formatYield, formatYieldRange } from "../lib/units";

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

export async function loadFieldSummaries(asOf?: string): Promise<FieldSummary[]> {
  const fields = await api<FieldPage>("/fields?limit=200");
  return Promise.all(
    fields.items.map(async (field) => {
      const agronomy = await optional(api<FieldAgronomy>(`/fields/${field.id}/agronomy${asOfQuery(asOf)}`));
      // The forecast is live (today's weather): only for a growing crop viewed on today's date.
      const forecast =
        !asOf && agronomy?.lifecycle.state === "growing"
          ? await optional(api<Forecast>(`/fields/${field.id}/forecast`))
          : undefined;
      return { field, agronomy, forecast };
    }),
  );
}

/**
 * The map's fill is the field's water status; a field with no crop growing has nothing to act on and is never
 * painted as a warning. Open alerts are marked apart from the fill (see FieldMap).
 */
export function statusOf(summary: FieldSummary): FieldStatus {
  const state = summary.agronomy?.lifecycle.state;
  if (state && state !== "growing") return "offseason";
  return summary.agronomy?.waterBalance?.status ?? "unknown";
}

const STATE_LABEL = {
  planned: "planned",
  growing: "growing",
  mature: "mature",
  harvested: "harvested",
  closed: "closed",
} as const;

export function OverviewPage() {
  const { units } = useUnits();
  const asOf = useAsOf();
  const { data, error, loading, reload } = useAsync(() => loadFieldSummaries(asOf), [asOf]);
  if (error && !data) return <ErrorBox error={error} retry={reload} />;
  if (!data) return <Loading what="Loading the farm" />;
  if (data.length === 0)
    return <Empty>No fields yet. An agronomist or admin can add them through the API.</Empty>;
  const status = Object.fromEntries(data.map((s) => [s.field.id, statusOf(s)]));
  const alerts = Object.fromEntries(data.map((s) => [s.field.id, s.agronomy?.alerts.length ?? 0]));
  return (
    <div className="page">
      <h1>
        Farm overview {loading ? <span className="spinner" role="status" aria-label="refreshing" /> : null}
      </h1>
      <AsOfControl />
      <div className="overview">
        <Card title="Fields" id="map">
          <FieldMap
            fields={data.map((s) => s.field)}
            status={status}
            alerts={alerts}
            onSelect={(f) => navigate(`/fields/${f.id}${asOfQuery(asOf)}`)}
          />
        </Card>
        <div className="field-cards">
          {data.map((summary) => {
            const { field, agronomy, forecast } = summary;
            const gdd = agronomy?.gdd;
            const water = agronomy?.waterBalance;
            const lifecycle = agronomy?.lifecycle;
            const outcome = lifecycle?.outcome;
            return (
              <article key={field.id} className="field-card" data-testid="field-card">
                <header>
                  <h2>
                    <Link href={`/fields/${field.id}${asOfQuery(asOf)}`}>{field.name}</Link>
                  </h2>
                  <span className="muted">{formatArea(field.areaHa, units.area)}</span>
                </header>
                {lifecycle ? (
                  <p className="today-line" data-testid="field-today">
                    {localizeSentence(lifecycle.today.headline, lifecycle.today.headlineQuantities, units)}
                  </p>
                ) : null}
                <dl>
                  <div>
                    <dt>Season</dt>
                    <dd>
                      {lifecycle?.year ? `${lifecycle.year} ${STATE_LABEL[lifecycle.state]}` : "no season"}
                      {gdd && (lifecycle?.state === "growing" || lifecycle?.state === "mature")
                        ? ` · ${gdd.stage.code} ${gdd.stage.name}`
                        : ""}
                    </dd>
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
                        <>
                          <Badge tone={water.status}>
                            {water.status === "ok" ? "OK" : water.status === "watch" ? "Watch" : "Stress"}
                          </Badge>{" "}
                          {soilWaterText(water, units).depletion} · {soilWaterText(water, units).ofRaw}
                        </>
                      ) : (
                        "– (no crop growing)"
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt>{outcome ? `Harvested ${outcome.year}` : "Yield forecast"}</dt>
                    <dd>
                      {outcome
                        ? `${formatYield(outcome.yieldBuPerAcre, units)} on ${outcome.harvestDate}${outcome.lastForecastBuPerAcre !== null ? ` (forecast ${formatYield(outcome.lastForecastBuPerAcre, units)})` : ""}`
                        : forecast?.status === "ok"
                          ? formatYieldRange(
                              forecast.prediction.p50,
                              forecast.prediction.p10,
                              forecast.prediction.p90,
                              units,
                            )
                          : lifecycle?.state === "growing"
                            ? asOf
                              ? "live on today's date only"
                              : "unavailable"
                            : "–"}
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
