import type { Field, FieldAgronomy, FieldEventPage, ObservationPage } from "@unicorn/contracts";
import { api } from "../../api/client";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { Card, Empty, ErrorBox, Loading } from "../../components/States";
import { formatEventAmount } from "../../lib/event-amount";
import { useAsync } from "../../lib/hooks";
import { useTimeZone, useUnits } from "../../lib/prefs";
import { Link } from "../../lib/router";
import { formatDateTime, localDate } from "../../lib/time";
import { degreeDays, formatArea, formatRate, formatWater, formatYield } from "../../lib/units";
import { GddCard } from "../field/GddCard";
import { WaterCard } from "../field/WaterCard";
import "./report.css";

/** One field's season on paper: what was planted, where the crop is, water and nitrogen, events and scouting. */
export function SeasonReportPage({ fieldId }: { fieldId: string }) {
  const { units } = useUnits();
  const timeZone = useTimeZone();
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
    .filter((o) => !season || localDate(o.observedAt, timeZone).startsWith(String(season.year)))
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
          <dd>{formatArea(field.data.areaHa, units.area)}</dd>
          <dt>Hybrid</dt>
          <dd>{season?.hybrid ?? "–"}</dd>
          <dt>Planted</dt>
          <dd>{season?.plantingDate ?? "–"}</dd>
          <dt>Stage on {a.asOf}</dt>
          <dd>{a.gdd ? `${a.gdd.stage.code} ${a.gdd.stage.name}` : "–"}</dd>
          <dt>GDD since planting</dt>
          <dd>
            {a.gdd
              ? `${degreeDays(a.gdd.sincePlanting, units.temperature).toFixed(0)} GDD °${units.temperature}`
              : "–"}
          </dd>
          <dt>Black layer</dt>
          <dd>{a.gdd?.projected.blackLayerDate ?? "–"}</dd>
          <dt>Root-zone depletion</dt>
          <dd>{formatWater(a.waterBalance?.depletionMm, units)}</dd>
          <dt>N applied / still needed</dt>
          <dd>
            {formatRate(a.nitrogen?.appliedLbPerAcre, units, "N")} /{" "}
            {formatRate(a.nitrogen?.remainingLbPerAcre, units, "N")}
          </dd>
          <dt>Harvest</dt>
          <dd>{harvest ? `${harvest.date}, ${formatYield(harvest.yieldBuPerAcre, units)}` : "not yet"}</dd>
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
          <ResponsiveTable
            caption="Field events this season"
            framed={false}
            rows={seasonEvents}
            rowKey={(e) => e.id}
            columns={[
              { label: "Date", cell: (e) => e.date },
              { label: "Event", lead: true, cell: (e) => e.kind.replace("_n", " N").replaceAll("_", " ") },
              { label: "Amount", cell: (e) => formatEventAmount(e, units) },
              { label: "Notes", cell: (e) => e.notes ?? "" },
            ]}
          />
        ) : null}
      </Card>
      <Card title="Scouting" id="report-scouting">
        {seasonObservations.length === 0 ? <Empty>No observations this season.</Empty> : null}
        <ul className="plain-list">
          {seasonObservations.map((o) => (
            <li key={o.id}>
              {formatDateTime(o.observedAt, timeZone)} {o.growthStage ? `(${o.growthStage}) ` : ""}
              {o.tag ? `${o.tag.kind}: ${o.tag.name}. ` : ""}
              {o.note ?? ""}
            </li>
          ))}
        </ul>
      </Card>
      <p className="muted">Printed from Uni-Corn on {formatDateTime(new Date(), timeZone)}.</p>
    </div>
  );
}
