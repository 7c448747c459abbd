import type { FieldAgronomy } from "@unicorn/contracts";
import type { AlignedData } from "uplot";
import { Chart } from "../../components/Chart";
import { Card, Empty } from "../../components/States";
import { nextStage } from "../../lib/chart-data";
import { useUnits } from "../../lib/prefs";
import { degreeDays } from "../../lib/units";

export function GddCard({ agronomy }: { agronomy: FieldAgronomy }) {
  const { units } = useUnits();
  const gdd = agronomy.gdd;
  if (!gdd || !agronomy.season)
    return (
      <Card title="Growing degree days">
        <Empty>No season with a planting date for this field.</Empty>
      </Card>
    );
  const show = (v: number) => degreeDays(v, units.temperature);
  const marks = gdd.thresholds.filter((t) => ["VE", "V6", "VT", "R1", "R5", "R6"].includes(t.code));
  const xs = gdd.daily.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
  const data: AlignedData = [xs, gdd.daily.map((d) => show(d.cumulative))];
  const next = nextStage(gdd.thresholds, gdd.sincePlanting);
  return (
    <Card title="Growing degree days and stage" id="gdd">
      <div className="kpis">
        <div>
          <span className="kpi">{show(gdd.sincePlanting).toFixed(0)}</span>
          <span className="kpi-label">
            GDD (°{units.temperature}) since {agronomy.season.plantingDate}
          </span>
        </div>
        <div>
          <span className="kpi">{gdd.stage.code}</span>
          <span className="kpi-label">{gdd.stage.name}</span>
        </div>
        <div>
          <span className="kpi">{gdd.projected.silkingDate ?? "–"}</span>
          <span className="kpi-label">silking (R1)</span>
        </div>
        <div>
          <span className="kpi">{gdd.projected.blackLayerDate ?? "–"}</span>
          <span className="kpi-label">black layer (R6)</span>
        </div>
      </div>
      <Chart
        title="Accumulated GDD against the hybrid's stage thresholds"
        data={data}
        yLabel={`GDD °${units.temperature}`}
        digits={0}
        series={[{ label: "accumulated GDD", color: "#2f7d4f", fill: "rgba(47,125,79,0.12)" }]}
        marks={marks.map((m) => ({
          value: show(m.gdd),
          label: `${m.code} ${m.name.replace(/\s*\(.*\)$/, "")}`,
        }))}
      />
      <p className="muted small">
        {agronomy.season.hybrid}, rated {show(agronomy.season.gddToBlackLayerF).toFixed(0)} GDD to black
        layer.{" "}
        {next ? `Next: ${next.code} (${next.name}) in ${show(next.remaining).toFixed(0)} GDD.` : "Mature."}{" "}
        Projections use {gdd.projected.basis}.
      </p>
    </Card>
  );
}
