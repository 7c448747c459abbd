import type { FieldAgronomy, SeasonOutcome } from "@unicorn/contracts";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { Badge, Card } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { localizeSentence } from "../../lib/sentence";
import { soilWaterText } from "../../lib/soil-water";
import { degreeDays, formatYield } from "../../lib/units";

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
  const { units } = useUnits();
  const water = waterBalance ? soilWaterText(waterBalance, units) : undefined;
  return (
    <Card title={`Today · ${agronomy.asOf}`} id="today">
      <p className="today-headline">
        <Badge tone={lifecycle.state === "growing" ? "ok" : "muted"}>{STATE_LABEL[lifecycle.state]}</Badge>{" "}
        <strong data-testid="today-headline">
          {localizeSentence(lifecycle.today.headline, lifecycle.today.headlineQuantities, units)}
        </strong>
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
        <ResponsiveTable
          caption="Open alerts on this field"
          framed={false}
          rows={alerts}
          rowKey={(alert) => alert.id}
          columns={[
            {
              label: "Alert",
              lead: true,
              cell: (alert) => <Badge tone={alert.severity}>{alert.kind.replace("_", " ")}</Badge>,
            },
            { label: "Since", cell: (alert) => alert.eventDate },
            { label: "Days", cell: (alert) => alert.durationDays },
            { label: "What to do", cell: (alert) => alert.action ?? alert.message },
            { label: "By", cell: (alert) => alert.actBy ?? "–" },
          ]}
        />
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
          <span className="kpi">{formatYield(outcome.yieldBuPerAcre, units)}</span>
          <span className="kpi-label">
            harvested {outcome.harvestDate}
            {outcome.grainMoisturePct !== null ? ` at ${outcome.grainMoisturePct.toFixed(1)} % moisture` : ""}
          </span>
        </div>
        <div>
          <span className="kpi">{formatYield(outcome.lastForecastBuPerAcre, units)}</span>
          <span className="kpi-label">
            last forecast before harvest
            {outcome.yieldMinusForecastBuPerAcre !== null
              ? ` (actual ${outcome.yieldMinusForecastBuPerAcre >= 0 ? "+" : "−"}${formatYield(Math.abs(outcome.yieldMinusForecastBuPerAcre), units)})`
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
        <p className="muted small">
          The forecasts made at each stage are compared with the harvest in{" "}
          <a href="#forecast">the yield card</a>.
        </p>
      ) : null}
    </section>
  );
}
