import type { Field, FieldAgronomy, FieldEventPage, ObservationPage } from "@unicorn/contracts";
import { api } from "../../api/client";
import { Card, Empty, ErrorBox, Loading } from "../../components/States";
import { useAsync } from "../../lib/hooks";
import { Link } from "../../lib/router";
import { GddCard } from "../field/GddCard";
import { WaterCard } from "../field/WaterCard";
import "./report.css";

function fmt(value: number | null | undefined, digits: number, unit: string): string {
  return value === null || value === undefined ? "–" : `${value.toFixed(digits)} ${unit}`;
}

/** One field's season on paper: what was planted, where the crop is, water and nitrogen, events and scouting. */
export function SeasonReportPage({ fieldId }: { fieldId: string }) {
  const field = useAsync(() => api<Field>(`/fields/${fieldId}`), [fieldId]);
  const agronomy = useAsync(() => api<FieldAgronomy>(`/fields/${fieldId}/agronomy`), [fieldId]);
  const events = useAsync(() => api<FieldEventPage>(`/field-events?fieldId=${fieldId}&limit=500`), [fieldId]);
  const observations = useAsync(
    () => api<ObservationPage>(`/observations?fieldId=${fieldId}&limit=500`),
    [fieldId],
  );
  if (field.error) return <ErrorBox error={field.error} retry={field.reload} />;
  if (agronomy.error) return <ErrorBox error={agronomy.error} retry={agronomy.reload} />;
  if (!field.data || !agronomy.data) return <Loading what="Preparing the report" />;
  const a = agronomy.data;
  const season = a.season;
  const seasonEvents = (events.data?.items ?? [])
    .filter((e) => !season || e.seasonId === season.id || e.date.startsWith(String(season.year)))
    .sort((x, y) => x.date.localeCompare(y.date));
  const seasonObservations = (observations.data?.items ?? [])
    .filter((o) => !season || o.observedAt.startsWith(String(season.year)))
    .sort((x, y) => x.observedAt.localeCompare(y.observedAt));
  const harvest = seasonEvents.filter((e) => e.kind === "harvest").at(-1);
  return (
    <div className="page report">
      <p className="no-print">
        <Link href={`/fields/${fieldId}`}>Back to the field</Link>{" "}
        <button type="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </p>
      <header className="report-header">
        <h1>
          {field.data.name}: {season ? `${season.year} season report` : "season report"}
        </h1>
        <dl>
          <dt>Area</dt>
          <dd>
            {field.data.areaHa.toFixed(1)} ha ({field.data.areaAcres.toFixed(1)} ac)
          </dd>
          <dt>Hybrid</dt>
          <dd>{season?.hybrid ?? "–"}</dd>
          <dt>Planted</dt>
          <dd>{season?.plantingDate ?? "–"}</dd>
          <dt>Stage on {a.asOf}</dt>
          <dd>{a.gdd ? `${a.gdd.stage.code} ${a.gdd.stage.name}` : "–"}</dd>
          <dt>GDD since planting</dt>
          <dd>{fmt(a.gdd?.sincePlanting, 0, "°F GDD")}</dd>
          <dt>Black layer</dt>
          <dd>{a.gdd?.projected.blackLayerDate ?? "–"}</dd>
          <dt>Root-zone depletion</dt>
          <dd>{fmt(a.waterBalance?.depletionMm, 0, "mm")}</dd>
          <dt>N applied / still needed</dt>
          <dd>
            {fmt(a.nitrogen?.appliedLbPerAcre, 0, "lb/ac")} /{" "}
            {fmt(a.nitrogen?.remainingLbPerAcre, 0, "lb/ac")}
          </dd>
          <dt>Harvest</dt>
          <dd>{harvest ? `${harvest.date}, ${fmt(harvest.yieldBuPerAcre, 0, "bu/ac")}` : "not yet"}</dd>
          <dt>Open alerts</dt>
          <dd>{a.alerts.length}</dd>
        </dl>
      </header>
      <div className="grid">
        {a.gdd ? <GddCard agronomy={a} /> : null}
        {a.waterBalance ? <WaterCard agronomy={a} /> : null}
      </div>
      <Card title="Field events" id="report-events">
        {seasonEvents.length === 0 ? <Empty>No events this season.</Empty> : null}
        {seasonEvents.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Event</th>
                <th scope="col">Amount</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {seasonEvents.map((e) => (
                <tr key={e.id}>
                  <td>{e.date}</td>
                  <td>{e.kind.replace("_n", " N")}</td>
                  <td>
                    {e.nitrogenLbPerAcre !== null
                      ? `${e.nitrogenLbPerAcre} lb N/ac`
                      : e.irrigationMm !== null
                        ? `${e.irrigationMm} mm`
                        : e.yieldBuPerAcre !== null
                          ? `${e.yieldBuPerAcre} bu/ac`
                          : ""}
                  </td>
                  <td>{e.notes ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
      <Card title="Scouting" id="report-scouting">
        {seasonObservations.length === 0 ? <Empty>No observations this season.</Empty> : null}
        <ul className="plain-list">
          {seasonObservations.map((o) => (
            <li key={o.id}>
              {o.observedAt.slice(0, 10)} {o.growthStage ? `(${o.growthStage}) ` : ""}
              {o.tag ? `${o.tag.kind}: ${o.tag.name}. ` : ""}
              {o.note ?? ""}
            </li>
          ))}
        </ul>
      </Card>
      <p className="muted">Printed from Uni-Corn on {new Date().toLocaleString()}.</p>
    </div>
  );
}
