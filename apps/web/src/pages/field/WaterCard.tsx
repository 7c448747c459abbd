import type { FieldAgronomy } from "@unicorn/contracts";
import type { AlignedData } from "uplot";
import { Chart } from "../../components/Chart";
import { Badge, Card, Empty, TableHead } from "../../components/States";
import { soilWaterText } from "../../lib/soil-water";

export function WaterCard({ agronomy }: { agronomy: FieldAgronomy }) {
  const water = agronomy.waterBalance;
  if (!water)
    return (
      <Card title="Soil water and irrigation">
        <Empty>Not enough weather data for a water balance yet.</Empty>
      </Card>
    );
  const xs = water.days.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
  const data: AlignedData = [
    xs,
    water.days.map((d) => d.depletionMm),
    xs.map(() => water.rawMm),
    water.days.map((d) => d.rainMm + d.irrigationMm),
  ];
  return (
    <Card title="Soil water and irrigation" id="water">
      <div className="kpis">
        <div>
          <span className="kpi">
            <Badge tone={water.status}>{water.status.toUpperCase()}</Badge>
          </span>
          <span className="kpi-label">root zone</span>
        </div>
        <div>
          <span className="kpi">{soilWaterText(water).depletion}</span>
          <span className="kpi-label">
            {soilWaterText(water).ofTaw} · {soilWaterText(water).ofRaw}
          </span>
        </div>
        <div>
          <span className="kpi">{water.ks.toFixed(2)}</span>
          <span className="kpi-label">stress coefficient Ks</span>
        </div>
        <div>
          <span className="kpi">{agronomy.et ? `${agronomy.et.etcMm.toFixed(1)} mm` : "–"}</span>
          <span className="kpi-label">
            crop ET today (ET0 {agronomy.et?.et0Mm.toFixed(1) ?? "–"}, Kc {agronomy.et?.kc.toFixed(2) ?? "–"})
          </span>
        </div>
      </div>
      <Chart
        title="Root-zone depletion against readily available water, last 30 days"
        data={data}
        yLabel="mm"
        series={[
          { label: "depletion", color: "#c0841a", fill: "rgba(192,132,26,0.12)" },
          { label: "RAW (stress above)", color: "#d9534f", dash: [6, 4] },
          { label: "rain + irrigation", color: "#3a6ea5", bars: true },
        ]}
      />
      <h3>Irrigation, next 7 days</h3>
      {water.schedule.length === 0 ? (
        <p className="muted">No irrigation needed in the next 7 days at the expected crop water use.</p>
      ) : (
        <table>
          <TableHead columns={["Date", "Net (mm)", "Gross at 85 % efficiency (mm)"]} />
          <tbody>
            {water.schedule.map((e) => (
              <tr key={e.date}>
                <td>{e.date}</td>
                <td>{e.netMm.toFixed(1)}</td>
                <td>{e.grossMm.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
