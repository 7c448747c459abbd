import type { TemperatureUnit } from "./units";

/**
 * Growing degree days for corn by the 86/50 °F method (modified GDD): the day's maximum and minimum are
 * each clamped to 50-86 °F before averaging, and 50 °F is subtracted, so a day contributes 0-36 GDD.
 * In °C the same method is 30/10 °C (0-20 GDD °C). Sources: Neild & Newman (1987), "Growing season
 * characteristics and requirements in the Corn Belt", National Corn Handbook NCH-40; Iowa State
 * University Extension, "Corn Growth and Development" PMR 1009 (Abendroth et al. 2011), p. 3.
 */
const LIMITS: Record<TemperatureUnit, { base: number; ceiling: number }> = {
  F: { base: 50, ceiling: 86 },
  C: { base: 10, ceiling: 30 },
};

export function dailyGdd(tmax: number, tmin: number, unit: TemperatureUnit = "F"): number {
  const { base, ceiling } = LIMITS[unit];
  const clamp = (t: number) => Math.min(ceiling, Math.max(base, t));
  return (clamp(tmax) + clamp(tmin)) / 2 - base;
}

export interface GddDay {
  date: string;
  tmax: number;
  tmin: number;
}

export interface AccumulatedGddDay {
  date: string;
  gdd: number;
  cumulative: number;
}

/** Daily GDD and the running total, in the order given (from planting when the first day is planting). */
export function accumulateGdd(days: readonly GddDay[], unit: TemperatureUnit = "F"): AccumulatedGddDay[] {
  let cumulative = 0;
  return days.map((day) => {
    const gdd = dailyGdd(day.tmax, day.tmin, unit);
    cumulative += gdd;
    return { date: day.date, gdd, cumulative };
  });
}
