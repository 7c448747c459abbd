import type { AgronomyWaterBalance, FieldAgronomy, WaterBudgetDay } from "@unicorn/contracts";
import type { AlignedData } from "uplot";
import { Chart } from "../../components/Chart";
import { ScrollRegion } from "../../components/ScrollRegion";
import { Badge, Card, Empty, TableHead } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { localizeSentence } from "../../lib/sentence";
import { formatWater, perArea, type UnitPrefs, waterIn, waterUnit } from "../../lib/units";

/** A depth of water in the chosen system; in a table whose header names the unit, the bare number. */
const cell = (mm: number, units: UnitPrefs) =>
  mm > 0 ? waterIn(mm, units).toFixed(units.system === "us" ? 2 : 0) : "–";
const ZONE_TONE = { green: "ok", yellow: "watch", red: "stress" } as const;
const ZONE_LABEL = { green: "below MAD", yellow: "near MAD", red: "past MAD" } as const;

export function WaterCard({ agronomy }: { agronomy: FieldAgronomy }) {
  const { units } = useUnits();
  const depth = (mm: number) => formatWater(mm, units);
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
    water.days.map((d) => waterIn(d.depletionMm, units)),
    xs.map(() => waterIn(water.rawMm, units)),
    xs.map(() => waterIn(water.madMm, units)),
    water.days.map((d) => (d.probeDepletionMm === null ? null : waterIn(d.probeDepletionMm, units))),
    water.days.map((d) => waterIn(d.rainMm + d.irrigationMm, units)),
  ];
  const pctOfTaw = water.tawMm > 0 ? Math.round((100 * water.depletionMm) / water.tawMm) : 0;
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
          <span className="kpi" data-testid="water-depletion">
            {depth(water.depletionMm)}
          </span>
          <span className="kpi-label">
            depleted ({water.depletionSource === "probe" ? "from the probes" : "modelled"}), {pctOfTaw} % of
            the {depth(water.tawMm)} available water (TAW)
          </span>
        </div>
        <div>
          <span className="kpi small-kpi">{depth(water.madMm)}</span>
          <span className="kpi-label">
            allowed depletion (MAD); stress begins past {depth(water.rawMm)} (RAW)
          </span>
        </div>
        <div>
          <span className="kpi small-kpi">{water.ks.toFixed(2)}</span>
          <span className="kpi-label">stress coefficient Ks</span>
        </div>
        <div>
          <span className="kpi small-kpi">{agronomy.et ? depth(agronomy.et.etcMm) : "–"}</span>
          <span className="kpi-label">
            crop ET today (ET0 {agronomy.et ? depth(agronomy.et.et0Mm) : "–"}, Kc{" "}
            {agronomy.et?.kc.toFixed(2) ?? "–"})
          </span>
        </div>
      </div>
      <Chart
        title="Root-zone depletion against RAW and MAD, last 30 days"
        data={data}
        yLabel={waterUnit(units)}
        series={[
          { label: "depletion", color: "#c0841a", fill: "rgba(192,132,26,0.12)" },
          { label: "RAW (stress beyond)", color: "#d9534f", dash: [6, 4] },
          { label: "MAD (irrigate before)", color: "#7a5200", dash: [2, 3] },
          { label: "probe depletion", color: "#5b3fa0" },
          { label: "rain + irrigation", color: "#3a6ea5", bars: true },
        ]}
      />
      <Sources water={water} />
      <h3>Water budget</h3>
      <BudgetTable days={water.budget} units={units} />
      <h3>Irrigation, next 7 days</h3>
      <p data-testid="irrigation-message">
        {localizeSentence(water.irrigation.message, water.irrigation.messageQuantities, units)}
      </p>
      {water.irrigation.passes.length > 0 && (
        <ScrollRegion label="Irrigation passes">
          <table>
            <TableHead
              columns={[
                "Pass",
                `Gross ${waterUnit(units)}`,
                `Net ${waterUnit(units)}`,
                `$/${units.area === "ac" ? "acre" : "ha"}`,
                "Field $",
              ]}
            />
            <tbody>
              {water.irrigation.passes.map((p) => (
                <tr key={`${p.startDate}-${p.grossMm}`}>
                  <td>
                    {p.startDate === p.endDate
                      ? p.startDate
                      : `${p.startDate.slice(5)} → ${p.endDate.slice(5)}`}
                  </td>
                  <td>{cell(p.grossMm, units)}</td>
                  <td>{cell(p.netMm, units)}</td>
                  <td>{perArea(p.waterCostPerAcre + p.pumpingCostPerAcre, units).toFixed(2)}</td>
                  <td>{p.costForField.toFixed(0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {water.irrigation.systemRecorded && water.irrigation.systemKind !== "none" && (
        <p className="muted">
          The system stores {depth(water.irrigation.netCapacityMmPerDay)} net per running day.
        </p>
      )}
    </Card>
  );
}

function BudgetTable({ days, units }: { days: readonly WaterBudgetDay[]; units: UnitPrefs }) {
  const unit = waterUnit(units);
  return (
    <ScrollRegion label="Soil water budget, 7 days">
      <table data-testid="water-budget">
        <TableHead
          columns={[
            "Date",
            `Depletion ${unit}`,
            `Crop ET ${unit}`,
            `Rain ${unit}`,
            `Irrigation net ${unit}`,
            "",
          ]}
        />
        <tbody>
          {days.map((d) => (
            <tr key={d.date} className={d.projected ? "muted" : undefined}>
              <td>
                {d.date.slice(5)}
                {d.projected ? " (proj.)" : ""}
              </td>
              <td>{waterIn(d.depletionMm, units).toFixed(units.system === "us" ? 2 : 0)}</td>
              <td>{cell(d.etcMm, units)}</td>
              <td>{cell(d.rainMm, units)}</td>
              <td>{cell(d.irrigationMm, units)}</td>
              <td>
                <Badge tone={ZONE_TONE[d.zone]}>{ZONE_LABEL[d.zone]}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Which of the last 30 days' inputs were measured on the field, and how well model and probes agree. */
function Sources({ water }: { water: AgronomyWaterBalance }) {
  const { units } = useUnits();
  const n = water.days.length;
  const count = (pick: (d: AgronomyWaterBalance["days"][number]) => boolean) =>
    water.days.filter(pick).length;
  const probes = water.probes;
  const residual = probes?.meanResidualMm7d ?? null;
  const disagree = residual !== null && Math.abs(residual) > 0.1 * water.tawMm;
  return (
    <p className="muted" data-testid="water-sources">
      Of the last {n} days: ET0 from the field's station on {count((d) => d.sources.et0 === "sensor")}
      {count((d) => d.sources.et0 === "estimated") > 0 ? " (estimated from temperatures on the others)" : ""},
      rain from the gauge on {count((d) => d.sources.rain === "sensor")}
      {count((d) => d.sources.rain === "none") > 0
        ? " (no gauge reading on the others: no rain counted)"
        : ""}
      , depletion re-anchored by the probes on {count((d) => d.sources.depletion === "probe")}.
      {probes && residual !== null && (
        <>
          {" "}
          Model minus probe over the last probe days: {residual > 0 ? "+" : residual < 0 ? "−" : ""}
          {formatWater(Math.abs(residual), units)}
          {disagree
            ? " — model and probes disagree: check the probes' installation or the soil settings"
            : ""}{" "}
          (field capacity {probes.fieldCapacityPct.toFixed(0)} %, {probes.fieldCapacitySource}).
        </>
      )}
    </p>
  );
}
