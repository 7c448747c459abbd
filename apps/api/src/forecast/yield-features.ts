import type { DailyWeather } from "@unicorn/contracts";
import { centralIowaNormal, dayOfYear } from "../agronomy/regional-normals";
import counties from "./county-covariates.json";

/**
 * The yield model's features for one field and season (see apps/ml/models/corn-yield/<version>/MODEL_CARD.md):
 * season climate from the field's own station, soil and irrigation share from its county. Days of the window
 * not observed yet (a forecast in July) take the regional normal temperature and the mean daily rain observed
 * so far, so an in-season forecast is the expectation for a normal rest of season.
 */
export interface YieldFeatures {
  features: Record<string, number>;
  observedDays: number;
  filledDays: number;
}

const WINDOW = { from: "04-01", to: "09-30" };
const BASE_C = 10;

export function countyCovariates(fips: string | null): Record<string, number> | undefined {
  if (!fips) return undefined;
  return (counties.counties as Record<string, Record<string, number>>)[fips];
}

export function buildYieldFeatures(
  year: number,
  countyFips: string | null,
  weather: readonly DailyWeather[],
): YieldFeatures | { missing: string } {
  const county = countyCovariates(countyFips);
  if (!county)
    return { missing: `no county covariates for county FIPS ${countyFips ?? "(not set on the field)"}` };
  const byDate = new Map(weather.filter((d) => d.tmaxC !== null && d.tminC !== null).map((d) => [d.date, d]));
  const days: { date: string; tmax: number; tmin: number; rain: number | null }[] = [];
  let observedRain = 0;
  let observedRainDays = 0;
  for (
    let t = Date.parse(`${year}-${WINDOW.from}T00:00:00Z`);
    t <= Date.parse(`${year}-${WINDOW.to}T00:00:00Z`);
    t += 86_400_000
  ) {
    const date = new Date(t).toISOString().slice(0, 10);
    const day = byDate.get(date);
    if (day) {
      days.push({ date, tmax: day.tmaxC!, tmin: day.tminC!, rain: day.rainMm ?? 0 });
      observedRain += day.rainMm ?? 0;
      observedRainDays++;
    } else {
      const normal = centralIowaNormal(dayOfYear(date));
      days.push({ date, tmax: normal.tmaxC, tmin: normal.tminC, rain: null });
    }
  }
  const observedDays = observedRainDays;
  if (observedDays < 30)
    return { missing: `only ${observedDays} days of station weather since 1 April (30 needed)` };
  const meanRain = observedRain / observedRainDays;
  const rain = (d: (typeof days)[number]) => d.rain ?? meanRain;
  const mean = (d: (typeof days)[number]) => (d.tmax + d.tmin) / 2;
  const summer = days.filter((d) => d.date.slice(5, 7) >= "06" && d.date.slice(5, 7) <= "08");
  const months = new Map<string, (typeof days)[number][]>();
  for (const d of days) months.set(d.date.slice(5, 7), [...(months.get(d.date.slice(5, 7)) ?? []), d]);
  const avg = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const warmest = [...months.values()].sort((a, b) => avg(b.map(mean)) - avg(a.map(mean)))[0]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    features: {
      YEAR: year,
      GDD: round(days.reduce((s, d) => s + Math.max(0, mean(d) - BASE_C), 0)),
      TP: round(days.reduce((s, d) => s + rain(d), 0)),
      BV5: round(avg(warmest.map((d) => d.tmax))),
      BV10: round(avg(summer.map(mean))),
      BV18: round(summer.reduce((s, d) => s + rain(d), 0)),
      ...county,
    },
    observedDays,
    filledDays: days.length - observedDays,
  };
}
