/**
 * An irrigation schedule a real system can apply. The root zone is the FAO-56 ch. 8 balance
 * (water-balance.ts, eq. 85); the system limits what can be applied: a gross depth per pass between its
 * minimum and maximum, at most `capacity × hours/24` per allowed day, stored at its application efficiency.
 *
 * Starting early enough: a capacity-limited system must begin before the depletion reaches MAD when crop ET
 * exceeds what it can replace. Working backwards from the end of the look-ahead window (the ceiling there is
 * MAD), the highest depletion at the end of day t−1 from which running flat out on day t still ends at or below
 * day t's ceiling is  C[t−1] = min(MAD, C[t] + Inet,max[t] − (ETc[t] − Pe[t])). A pass starts whenever the
 * day would otherwise end above its ceiling. If the depletion still passes MAD the system cannot keep up, and
 * the plan says from which day (the "pivot cannot catch up" case of peak ET).
 */
import type { IrrigationSystemSpec } from "./irrigation-system";
import { MM_PER_INCH } from "./units";
import { runWaterBalance, type SoilProfile, totalAvailableWater } from "./water-balance";

export interface PlanForecastDay {
  date: string;
  et0Mm: number;
  kc: number;
  /** Expected rain; 0 when none is forecast. */
  rainMm?: number;
}

export interface PlannedPass {
  /** The day the pass starts and the day it finishes (a pivot revolution can take several days). */
  startDate: string;
  endDate: string;
  grossMm: number;
  netMm: number;
  /** USD per acre: gross acre-inches × the water and the pumping cost per acre-inch. */
  waterCostPerAcre: number;
  pumpingCostPerAcre: number;
}

export type BudgetZone = "green" | "yellow" | "red";

export interface PlanDay {
  date: string;
  et0Mm: number;
  etcMm: number;
  rainMm: number;
  /** Net irrigation stored in the root zone that day. */
  irrigationNetMm: number;
  irrigationGrossMm: number;
  /** End-of-day depletion below field capacity. */
  depletionMm: number;
  rawMm: number;
  ks: number;
  zone: BudgetZone;
}

export interface IrrigationPlan {
  tawMm: number;
  madMm: number;
  passes: PlannedPass[];
  /** The horizon's days, budget-table rows. */
  days: PlanDay[];
  /** Net depth the system can store per running day, mm. */
  netCapacityMmPerDay: number;
  /** First day the depletion passes MAD although the system runs whenever the plan allows; null if it keeps up. */
  cannotKeepUpFrom: string | null;
  /** True when crop ET of some day exceeds the net depth the system can replace that day. */
  capacityLimited: boolean;
}

/** Depletion at or above this share of MAD is "yellow" (approaching), above MAD "red". */
export const YELLOW_SHARE_OF_MAD = 0.8;

export function budgetZone(depletionMm: number, madMm: number): BudgetZone {
  if (depletionMm > madMm) return "red";
  return depletionMm >= YELLOW_SHARE_OF_MAD * madMm ? "yellow" : "green";
}

const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const EPSILON_MM = 1e-9;

/** Gross depth the system can deliver on a date (0 on a day it may not run). */
export function dailyGrossCapacity(system: IrrigationSystemSpec, date: string): number {
  if (system.kind === "none" || !system.runDays.includes(weekday(date))) return 0;
  return (system.capacityMmPerDay * system.hoursPerDay) / 24;
}

/**
 * Plans passes over `horizonDays` of the forecast, looking `lookAheadDays` further so a slow system starts in
 * time. `forecast` must cover horizon + look-ahead (shorter is allowed: the window is what is given).
 */
export function planIrrigation(
  soil: SoilProfile,
  currentDepletionMm: number,
  forecast: readonly PlanForecastDay[],
  system: IrrigationSystemSpec,
  options: { horizonDays?: number } = {},
): IrrigationPlan {
  const horizon = options.horizonDays ?? 7;
  const taw = totalAvailableWater(soil);
  const mad = system.madFraction * taw;
  const eff = system.efficiency;
  const window = forecast.map((d) => ({ ...d, rainMm: d.rainMm ?? 0 }));
  const capacity = window.map((d) => dailyGrossCapacity(system, d.date));

  // Backward pass: the ceiling each day's end-of-day depletion must stay under.
  const ceiling = new Array<number>(window.length).fill(mad);
  for (let t = window.length - 1; t > 0; t--) {
    const d = window[t]!;
    const demand = d.kc * d.et0Mm - (d.rainMm >= 0.2 * d.et0Mm ? d.rainMm : 0);
    ceiling[t - 1] = Math.min(mad, ceiling[t]! + capacity[t]! * eff - demand);
  }

  const passes: (PlannedPass & { remainingMm: number })[] = [];
  const days: PlanDay[] = [];
  let active: (PlannedPass & { remainingMm: number }) | undefined;
  let depletion = currentDepletionMm;
  let cannotKeepUpFrom: string | null = null;
  let capacityLimited = false;
  const dayWith = (t: number, grossMm: number) =>
    runWaterBalance(soil, [{ ...window[t]!, irrigationMm: grossMm * eff }], depletion)[0]!;

  for (let t = 0; t < window.length; t++) {
    const day = window[t]!;
    let capacityLeft = capacity[t]!;
    let gross = 0;
    // A pass that finishes part-way through a day leaves capacity for the next one: at most a few per day.
    for (let guard = 0; guard < 10 && capacityLeft > EPSILON_MM; guard++) {
      if (!active) {
        const projected = dayWith(t, gross).depletionMm;
        if (projected <= ceiling[t]! + EPSILON_MM) break;
        // Refill what the day would end depleted, within the pass limits.
        const depth = Math.min(system.maxDepthMm, Math.max(system.minDepthMm, projected / eff));
        active = {
          startDate: day.date,
          endDate: day.date,
          grossMm: depth,
          netMm: depth * eff,
          waterCostPerAcre: (depth / MM_PER_INCH) * system.waterCostPerAcreInch,
          pumpingCostPerAcre: (depth / MM_PER_INCH) * system.pumpingCostPerAcreInch,
          remainingMm: depth,
        };
        passes.push(active);
      }
      const applied = Math.min(active.remainingMm, capacityLeft);
      active.remainingMm -= applied;
      active.endDate = day.date;
      capacityLeft -= applied;
      gross += applied;
      if (active.remainingMm <= EPSILON_MM) active = undefined;
    }
    const result = dayWith(t, gross);
    if (system.kind !== "none" && result.etcMm > capacity[t]! * eff) capacityLimited = true;
    depletion = result.depletionMm;
    if (depletion > mad + EPSILON_MM && cannotKeepUpFrom === null && system.kind !== "none")
      cannotKeepUpFrom = day.date;
    if (t < horizon)
      days.push({
        date: day.date,
        et0Mm: day.et0Mm,
        etcMm: result.etcAdjMm,
        rainMm: day.rainMm,
        irrigationNetMm: gross * eff,
        irrigationGrossMm: gross,
        depletionMm: depletion,
        rawMm: result.rawMm,
        ks: result.ks,
        zone: budgetZone(depletion, mad),
      });
  }
  return {
    tawMm: taw,
    madMm: mad,
    // Passes are reported when they start within the horizon; later ones only shape the look-ahead.
    passes: passes
      .filter((p) => days.some((d) => d.date === p.startDate))
      .map(({ remainingMm: _, ...pass }) => pass),
    days,
    netCapacityMmPerDay:
      system.kind === "none" ? 0 : (system.capacityMmPerDay * system.hoursPerDay * eff) / 24,
    cannotKeepUpFrom,
    capacityLimited,
  };
}
