import type { FieldAgronomy } from "@unicorn/contracts";
import { Card, Empty, TableHead } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { degreeDays, formatMoneyPerArea, formatTemperature, formatYield } from "../../lib/units";

const fahrenheitToCelsius = (f: number) => ((f - 32) * 5) / 9;

/** A probability as a farmer reads it: never "100 %" or "0 %" for what is only very likely or unlikely. */
const percent = (p: number) => (p >= 0.995 ? "> 99 %" : p <= 0.005 ? "< 1 %" : `${Math.round(p * 100)} %`);

/** Crop calendar: stage dates for the planting-adjusted hybrid, the odds of maturing before frost, frost losses. */
export function CalendarCard({ agronomy }: { agronomy: FieldAgronomy }) {
  const { units } = useUnits();
  const calendar = agronomy.calendar;
  if (!calendar)
    return (
      <Card title="Crop calendar">
        <Empty>No season planted by this date.</Empty>
      </Card>
    );
  const show = (gdd: number) => degreeDays(gdd, units.temperature).toFixed(0);
  const { frost } = calendar;
  const low = (f: number) => formatTemperature(fahrenheitToCelsius(f), units.temperature, 0);
  const money = (perAcre: number) => formatMoneyPerArea(perAcre, units);
  return (
    <Card title="Crop calendar and frost" id="calendar">
      <div className="kpis">
        <div>
          <span className="kpi">{show(calendar.gddToBlackLayerF)}</span>
          <span className="kpi-label">
            GDD (°{units.temperature}) to black layer
            {calendar.reductionGddF > 0
              ? `, ${show(calendar.reductionGddF)} less for planting ${calendar.daysAfterMay1} day${calendar.daysAfterMay1 === 1 ? "" : "s"} after 1 May`
              : ""}
          </span>
        </div>
        <div>
          <span className="kpi">{calendar.blackLayerDate ?? "after year end"}</span>
          <span className="kpi-label">black layer (R6)</span>
        </div>
        <div>
          <span className="kpi">{percent(frost.probabilityBlackLayerBeforeKilling28F)}</span>
          <span className="kpi-label">
            chance of black layer before a killing freeze ({low(28)}, median {frost.medianKilling28F.slice(5)}
            )
          </span>
        </div>
        <div>
          <span className="kpi">{percent(frost.probabilityBlackLayerBeforeFrost32F)}</span>
          <span className="kpi-label">
            before the first {low(32)} frost (median {frost.medianFrost32F.slice(5)})
          </span>
        </div>
      </div>
      {calendar.frostToday ? (
        <p>
          A frost now, at {calendar.frostToday.stage.code} ({calendar.frostToday.stage.name}), would cost{" "}
          {calendar.frostToday.wholePlant.lowerBound ? "at least " : ""}
          {calendar.frostToday.wholePlant.yieldLossPct.toFixed(0)} % (
          {money(calendar.frostToday.wholePlant.valuePerAcre)}) if it kills the whole plant ({low(28)} or
          below), {calendar.frostToday.leavesOnly.lowerBound ? "at least " : ""}
          {calendar.frostToday.leavesOnly.yieldLossPct.toFixed(0)} % (
          {money(calendar.frostToday.leavesOnly.valuePerAcre)}) if only leaves are killed.
        </p>
      ) : null}
      {calendar.frostEvents.length > 0 ? (
        <>
          <h3>Frost this season</h3>
          <div className="table-wrap">
            <table>
              <TableHead columns={["Date", "Low", "Stage", "Damage", "Yield loss", "Value"]} />
              <tbody>
                {calendar.frostEvents.map((f) => (
                  <tr key={f.date}>
                    <td>{f.date}</td>
                    <td>{f.minTempF === null ? "–" : low(f.minTempF)}</td>
                    <td>{f.stage.code}</td>
                    <td>
                      {f.damage === "whole-plant"
                        ? "whole plant killed"
                        : `leaves only${f.leafLossPct === null ? "" : ` (${f.leafLossPct} % of leaves)`}`}
                      {f.recorded ? ", recorded" : ", from the weather"}
                    </td>
                    <td>
                      {f.lowerBound ? "≥ " : ""}
                      {f.yieldLossPct.toFixed(0)} % ({formatYield(f.yieldLossBuPerAcre, units)})
                    </td>
                    <td>{money(f.valuePerAcre)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <h3>Stages</h3>
      <div className="table-wrap">
        <table>
          <TableHead columns={["Stage", `GDD °${units.temperature}`, "Date"]} />
          <tbody>
            {calendar.stages.map((s) => (
              <tr key={s.code}>
                <td>
                  {s.code} {s.name}
                </td>
                <td>{show(s.gdd)}</td>
                <td>{s.date ? `${s.date}${s.reached ? "" : " (projected)"}` : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Projections use {calendar.normalsBasis}. Planting adjustment: {calendar.adjustmentSource}. Freeze
        dates: {frost.source}. Frost losses (Carter &amp; Hesterman 1990, NCH-57) valued at{" "}
        {formatYield(calendar.expectedYieldBuPerAcre, units)}, the {calendar.expectedYieldBasis}.
      </p>
    </Card>
  );
}
