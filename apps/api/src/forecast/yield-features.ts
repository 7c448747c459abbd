import type { DailyWeather } from "@unicorn/contracts";
import covariates from "./county-covariates.json";

/**
 * The yield model's features for one field and season (apps/ml/models/corn-yield/<version>/MODEL_CARD.md):
 * weather to date from the field's own station as anomalies from its county's normal, and the county's
 * location, soils, irrigation share, weather normals and yield history from county-covariates.json (written by
 * `npm run ml:train`, with each weather variable's window and aggregate, so the API computes exactly the
 * variables the model was trained on). The forecast is issued on the day after the last observed day of the
 * season; each variable's anomaly is what was observed of its window minus the normal for the observed share of
 * it. Days of a window not observed (not yet come, or the station missing them) are expected normal.
 */
export interface YieldFeatures {
  features: Record<string, number>;
  observedDays: number;
  filledDays: number;
}

type Aggregate = "gdd" | "rain" | "tmax" | "tmin" | "tmean" | "range";
interface WeatherDefinition {
  ranges: [string, string][];
  aggregate: Aggregate;
}
interface Day {
  t: number;
  tmax: number;
  tmin: number;
  rain: number;
}

const BASE_C = 10;
const DAY_MS = 86_400_000;
const SEASON = { from: "04-01", to: "09-30" };
const AGGREGATES: readonly string[] = ["gdd", "rain", "tmax", "tmin", "tmean", "range"];
const definitions = covariates.weather as unknown as Record<string, WeatherDefinition>;
// The file is written by another package (ml:train): a definition this code cannot compute fails at start-up,
// not as a silently wrong feature.
for (const [name, d] of Object.entries(definitions))
  if (
    !AGGREGATES.includes(d.aggregate) ||
    !d.ranges.every((r) => r.length === 2 && r.every((md) => /^\d\d-\d\d$/.test(md)))
  )
    throw new Error(
      `county-covariates.json: weather variable ${name} has a definition this api cannot compute`,
    );
/** The first day any weather variable needs (month-day): a window may start before the season (annual, winter). */
export const WEATHER_FROM = [
  SEASON.from,
  ...Object.values(definitions).flatMap((d) => d.ranges.map(([f]) => f)),
]
  .sort()
  .at(0)!;

export function countyCovariates(fips: string | null): Record<string, number> | undefined {
  if (!fips) return undefined;
  return (covariates.counties as Record<string, Record<string, number>>)[fips];
}

const dayOf = (year: number, monthDay: string) => Date.parse(`${year}-${monthDay}T00:00:00Z`);
const inWindow = (definition: WeatherDefinition, year: number, t: number) =>
  definition.ranges.some(([from, to]) => t >= dayOf(year, from) && t <= dayOf(year, to));
const windowDays = (definition: WeatherDefinition, year: number) =>
  definition.ranges.reduce((s, [from, to]) => s + (dayOf(year, to) - dayOf(year, from)) / DAY_MS + 1, 0);

/** What one day adds to a variable: a degree-day or rain total, or a temperature to average. */
function dailyValue(aggregate: Aggregate, d: Day): number {
  const mean = (d.tmax + d.tmin) / 2;
  switch (aggregate) {
    case "gdd":
      return Math.max(0, mean - BASE_C);
    case "rain":
      return d.rain;
    case "tmax":
      return d.tmax;
    case "tmin":
      return d.tmin;
    case "tmean":
      return mean;
    case "range":
      return d.tmax - d.tmin;
  }
}

/**
 * A variable's anomaly from the days observed in its window: a total's observed sum minus the normal's share for
 * those days; a mean's departure from the normal, weighted by the share of the window observed.
 */
export function weatherAnomaly(
  definition: WeatherDefinition,
  normal: number,
  year: number,
  days: readonly Day[],
): number {
  const observed = days.filter((d) => inWindow(definition, year, d.t));
  if (observed.length === 0) return 0;
  const share = observed.length / windowDays(definition, year);
  const sum = observed.reduce((s, d) => s + dailyValue(definition.aggregate, d), 0);
  const total = definition.aggregate === "gdd" || definition.aggregate === "rain";
  return total ? sum - share * normal : share * (sum / observed.length - normal);
}

export function buildYieldFeatures(
  year: number,
  countyFips: string | null,
  weather: readonly DailyWeather[],
): YieldFeatures | { missing: string } {
  const county = countyCovariates(countyFips);
  if (!county)
    return { missing: `no county covariates for county FIPS ${countyFips ?? "(not set on the field)"}` };
  const seasonStart = dayOf(year, SEASON.from);
  const seasonEnd = dayOf(year, SEASON.to);
  const days: Day[] = weather
    .filter((d) => d.tmaxC !== null && d.tminC !== null)
    .map((d) => ({
      t: Date.parse(`${d.date}T00:00:00Z`),
      tmax: d.tmaxC!,
      tmin: d.tminC!,
      rain: d.rainMm ?? 0,
    }))
    .filter((d) => d.t >= dayOf(year, WEATHER_FROM) && d.t <= seasonEnd);
  const season = days.filter((d) => d.t >= seasonStart);
  const observedDays = season.length;
  if (observedDays < 30)
    return { missing: `only ${observedDays} days of station weather since 1 April (30 needed)` };
  const issue = Math.max(...season.map((d) => d.t)) + DAY_MS;
  const seasonLength = (seasonEnd - seasonStart) / DAY_MS + 1;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const anomalies = Object.entries(definitions).map(([name, definition]) => [
    `${name}_ANOM`,
    round(weatherAnomaly(definition, county[`${name}_NORMAL`]!, year, days)),
  ]);
  return {
    features: {
      ...county,
      YEAR: year,
      SEASON_SHARE: round(Math.min(1, (issue - seasonStart) / DAY_MS / seasonLength)),
      ...Object.fromEntries(anomalies),
    },
    observedDays,
    filledDays: seasonLength - observedDays,
  };
}
