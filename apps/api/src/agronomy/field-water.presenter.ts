/** Rounds the water model and shapes it as the contract says: every depth in mm and inches, labelled. */
import { budgetZone, MM_PER_INCH } from "@unicorn/agronomy";
import type {
  AgronomyIrrigationPlan,
  AgronomyWaterBalance,
  SentenceQuantity,
  WaterBudgetDay,
} from "@unicorn/contracts";
import type { WaterDay, WaterModel } from "./field-water.model";

/** How many days of the water balance the response carries (the whole season is computed). */
const BALANCE_DAYS_SHOWN = 30;
/** Observed days at the head of the budget table. */
const BUDGET_OBSERVED_DAYS = 7;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const inches = (mm: number) => round(mm / MM_PER_INCH, 2);
const money = (x: number) => Math.round(x * 100) / 100;

export function presentWaterBalance(
  water: WaterModel | undefined,
  balance: readonly WaterDay[],
): AgronomyWaterBalance | null {
  if (!water) return null;
  const irrigation = presentPlan(water);
  return {
    tawMm: round(water.tawMm),
    rawMm: round(water.today.rawMm),
    madMm: round(water.madMm),
    depletionMm: round(water.today.depletionMm),
    tawIn: inches(water.tawMm),
    rawIn: inches(water.today.rawMm),
    madIn: inches(water.madMm),
    depletionIn: inches(water.today.depletionMm),
    depletionSource: water.today.sources.depletion,
    ks: round(water.today.ks, 3),
    status: water.status,
    days: balance.slice(-BALANCE_DAYS_SHOWN).map((d) => ({
      date: d.date,
      et0Mm: round(d.et0Mm, 2),
      etcMm: round(d.etcAdjMm, 2),
      rainMm: round(d.rainMm, 1),
      irrigationMm: round(d.irrigationMm, 1),
      depletionMm: round(d.depletionMm, 1),
      ks: round(d.ks, 3),
      modelDepletionMm: round(d.modelDepletionMm, 1),
      probeDepletionMm: d.probeDepletionMm === null ? null : round(d.probeDepletionMm, 1),
      residualMm: d.residualMm === null ? null : round(d.residualMm, 1),
      sources: d.sources,
    })),
    budget: budget(water, balance),
    irrigation,
    probes: water.probes
      ? {
          fieldCapacityPct: round(water.probes.fieldCapacityPct, 1),
          fieldCapacitySource: water.probes.fieldCapacitySource,
          anchoredDays: water.probes.anchoredDays,
          lastReadingDate: water.probes.lastReadingDate,
          meanResidualMm7d:
            water.probes.meanResidualMm7d === null ? null : round(water.probes.meanResidualMm7d, 1),
        }
      : null,
    schedule: irrigation.passes.map((p) => ({ date: p.startDate, netMm: p.netMm, grossMm: p.grossMm })),
    forecastEt0Mm: round(water.forecastEt0Mm, 2),
  };
}

function budgetRow(
  row: { date: string; depletionMm: number; etcMm: number; rainMm: number; irrigationMm: number },
  projected: boolean,
  madMm: number,
): WaterBudgetDay {
  return {
    date: row.date,
    projected,
    depletionMm: round(row.depletionMm),
    depletionIn: inches(row.depletionMm),
    etcMm: round(row.etcMm),
    etcIn: inches(row.etcMm),
    rainMm: round(row.rainMm),
    rainIn: inches(row.rainMm),
    irrigationMm: round(row.irrigationMm),
    irrigationIn: inches(row.irrigationMm),
    zone: budgetZone(row.depletionMm, madMm),
  };
}

/** The last observed week, then the coming week with the planned passes (zones as irrigation-plan.ts). */
function budget(water: WaterModel, balance: readonly WaterDay[]): WaterBudgetDay[] {
  const observed = balance
    .slice(-BUDGET_OBSERVED_DAYS)
    .map((d) => budgetRow({ ...d, etcMm: d.etcAdjMm }, false, water.madMm));
  // A mature crop has no coming days to budget for.
  if (water.noIrrigationReason === "mature") return observed;
  const projected = water.plan.days.map((d) =>
    budgetRow({ ...d, irrigationMm: d.irrigationNetMm }, true, water.madMm),
  );
  return [...observed, ...projected];
}

function presentPlan(water: WaterModel): AgronomyIrrigationPlan {
  const { plan, system } = water;
  const acres = water.fieldAreaAcres ?? 0;
  const passes = plan.passes.map((p) => ({
    startDate: p.startDate,
    endDate: p.endDate,
    grossMm: round(p.grossMm),
    grossIn: inches(p.grossMm),
    netMm: round(p.netMm),
    netIn: inches(p.netMm),
    waterCostPerAcre: money(p.waterCostPerAcre),
    pumpingCostPerAcre: money(p.pumpingCostPerAcre),
    costForField: money((p.waterCostPerAcre + p.pumpingCostPerAcre) * acres),
  }));
  return {
    systemKind: system?.kind ?? null,
    systemRecorded: system !== undefined,
    passes,
    netCapacityMmPerDay: round(plan.netCapacityMmPerDay, 2),
    netCapacityInPerDay: inches(plan.netCapacityMmPerDay),
    capacityLimited: plan.capacityLimited,
    cannotKeepUpFrom: plan.cannotKeepUpFrom,
    ...planMessage(water),
  };
}

/** The plan in one sentence a farmer can act on, with every quantity in it marked for other unit systems. */
export function planMessage(water: WaterModel): { message: string; messageQuantities: SentenceQuantity[] } {
  const quantities: SentenceQuantity[] = [];
  const depth = (mm: number) => {
    const text = `${(mm / MM_PER_INCH).toFixed(2)} in (${mm.toFixed(0)} mm)`;
    quantities.push({ kind: "water", value: mm, text });
    return text;
  };
  const dollars = (perAcre: number) => {
    const text = `$${perAcre.toFixed(2)}/acre`;
    quantities.push({ kind: "money_per_area", value: perAcre, text });
    return text;
  };
  const done = (message: string) => ({ message, messageQuantities: quantities });
  const { plan } = water;
  switch (water.noIrrigationReason) {
    case "mature":
      return done("The crop has reached black layer: it needs no more irrigation this season.");
    case "no_system":
      return done(
        "No irrigation system is recorded for this field, so nothing is scheduled; record one to get a schedule.",
      );
    case "rainfed":
      return done("Rainfed field (no irrigation system): nothing is scheduled.");
  }
  if (plan.passes.length === 0)
    return done(
      `No irrigation needed in the next 7 days: the depletion stays below the allowed ${depth(plan.madMm)}.`,
    );
  const gross = plan.passes.reduce((sum, p) => sum + p.grossMm, 0);
  const cost = plan.passes.reduce((sum, p) => sum + p.waterCostPerAcre + p.pumpingCostPerAcre, 0);
  let message = `${plan.passes.length} pass${plan.passes.length > 1 ? "es" : ""} starting ${plan.passes[0]!.startDate}, ${depth(gross)} gross in all, ${dollars(cost)}.`;
  if (plan.cannotKeepUpFrom && water.today.depletionMm > plan.madMm)
    message += ` The depletion is already past the allowed ${depth(plan.madMm)}: run the system whenever it may, and expect some stress until the passes bring it back under.`;
  else if (plan.cannotKeepUpFrom)
    message += ` The system cannot keep up: running whenever it may, the depletion still passes the allowed ${depth(plan.madMm)} on ${plan.cannotKeepUpFrom}; expect some stress.`;
  else if (plan.capacityLimited)
    message +=
      " Crop ET exceeds what the system can replace in a day, so the passes start early and run back to back.";
  return done(message);
}
