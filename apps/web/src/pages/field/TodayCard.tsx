import type { FieldAgronomy, SeasonOutcome } from "@unicorn/contracts";
import { Badge, Card, TableHead } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { soilWaterText } from "../../lib/soil-water";
import { degreeDays } from "../../lib/units";

const STATE_LABEL = {
  planned: "Planned",
  growing: "Growing",
  mature: "Mature",
  harvested: "Harvested",
  closed: "Closed",
} as const;

/** The first thing a field answers: what to do today for the season's state, and, off season, its outcome. */
export function TodayCard({ agronomy }: { agronomy: FieldAgronomy }) {
  const { lifecycle, alerts, waterBalance } = agronomy;
  const water = waterBalance ? soilWaterText(waterBalance) : undefined;
  return (
    <Card title={`Today · ${agronomy.asOf}`} id="today">
      <p className="today-headline">
        <Badge tone={lifecycle.state === "growing" ? "ok" : "muted"}>{STATE_LABEL[lifecycle.state]}</Badge>{" "}
        <strong data-testid="today-headline">{lifecycle.today.headline}</strong>
      </p>
      <ul className="today-actions">
        {lifecycle.today.actions.map((action) => (
          <li key={action}>{action}</li>
        ))}
      </ul>
      {water ? (
        <p className="muted small" data-testid="soil-water">
          Soil water: {water.depletion} · {water.ofTaw} · {water.ofRaw}
        </p>
      ) : null}
      {alerts.length > 0 ? (
        <table>
          <TableHead columns={["Alert", "Since", "Days", "What to do", "By"]} />
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.id}>
                <td>
                  <Badge tone={alert.severity}>{alert.kind.replace("_", " ")}</Badge>
                </td>
                <td>{alert.eventDate}</td>
                <td>{alert.durationDays}</td>
                <td>{alert.action ?? alert.message}</td>
                <td>{alert.actBy ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {lifecycle.outcome ? <Outcome outcome={lifecycle.outcome} /> : null}
      {lifecycle.nextSeason && lifecycle.state !== "planned" ? (
        <p className="muted small">
          Next season {lifecycle.nextSeason.year}: {lifecycle.nextSeason.hybrid}, planting{" "}
          {lifecycle.nextSeason.plantingDate ?? "not set"}.
        </p>
      ) : null}
    </Card>
  );
}

function Outcome({ outcome }: { outcome: SeasonOutcome }) {
  const { units } = useUnits();
  return (
    <section data-testid="season-outcome">
      <h3>Season {outcome.year} outcome</h3>
      <div className="kpis">
        <div>
          <span className="kpi">{outcome.yieldBuPerAcre.toFixed(0)} bu/ac</span>
          <span className="kpi-label">
            harvested {outcome.harvestDate}
            {outcome.grainMoisturePct !== null ? ` at ${outcome.grainMoisturePct.toFixed(1)} % moisture` : ""}
          </span>
        </div>
        <div>
          <span className="kpi">
            {outcome.lastForecastBuPerAcre !== null
              ? `${outcome.lastForecastBuPerAcre.toFixed(0)} bu/ac`
              : "–"}
          </span>
          <span className="kpi-label">
            last forecast before harvest
            {outcome.yieldMinusForecastBuPerAcre !== null
              ? ` (actual ${outcome.yieldMinusForecastBuPerAcre >= 0 ? "+" : ""}${outcome.yieldMinusForecastBuPerAcre.toFixed(0)})`
              : ": none was recorded"}
          </span>
        </div>
        <div>
          <span className="kpi">{outcome.blackLayerDate ?? "–"}</span>
          <span className="kpi-label">
            black layer
            {outcome.gddAtBlackLayerF !== null
              ? ` at ${degreeDays(outcome.gddAtBlackLayerF, units.temperature).toFixed(0)} GDD °${units.temperature}`
              : ""}
          </span>
        </div>
        <div>
          <span className="kpi small-kpi">{outcome.plantingDate ?? "–"}</span>
          <span className="kpi-label">planted ({outcome.hybrid})</span>
        </div>
      </div>
      {outcome.forecastsByStage.length > 0 ? (
        <table>
          <TableHead columns={["Stage", "Forecast made", "Median (bu/ac)", "80 % range"]} />
          <tbody>
            {outcome.forecastsByStage.map((s) => (
              <tr key={s.stageCode}>
                <td>{s.stageCode}</td>
                <td>{s.madeOn}</td>
                <td>{s.p50.toFixed(0)}</td>
                <td>
                  {s.p10?.toFixed(0) ?? "?"}–{s.p90?.toFixed(0) ?? "?"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
