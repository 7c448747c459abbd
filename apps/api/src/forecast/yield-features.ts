import type { DailyWeather } from "@unicorn/contracts";
import counties from "./county-covariates.json";

/**
 * The yield model's features for one field and season (apps/ml/models/corn-yield/<version>/MODEL_CARD.md):
 * weather to date from the field's own station as anomalies from its county's normal, and the county's
 * location, soils, irrigation share, weather normals and yield history from county-covariates.json (written by
 * `npm run ml:train`). The forecast is issued on the day after the last observed day; each variable's anomaly
 * is what was observed of its window minus the normal for that share of it, the rest of the season is expected
 * normal.
 */
export interface YieldFeatures {
  features: Record<string, number>;
  observedDays: number;
  filledDays: number;
}

const BASE_C = 10;
const DAY_MS = 86_400_000;
/** Each variable's window, month-day inclusive, as in apps/ml/train/features.ts. */
const WINDOWS = {
  GDD: ["04-01", "09-30"],
  TP: ["04-01", "09-30"],
  BV5: ["07-01", "07-31"],
  BV10: ["06-01", "08-31"],
  BV18: ["06-01", "08-31"],
} as const;
type Variable = keyof typeof WINDOWS;

export function countyCovariates(fips: string | null): Record<string, number> | undefined {
  if (!fips) return undefined;
  return (counties.counties as Record<string, Record<string, number>>)[fips];
}

const dayOf = (year: number, monthDay: string) => Date.parse(`${year}-${monthDay}T00:00:00Z`);

/** Share of a variable's window before `issue` (ms since epoch, UTC midnight). */
function observedShare(variable: Variable, year: number, issue: number): number {
  const [from, to] = WINDOWS[variable];
  const length = (dayOf(year, to) - dayOf(year, from)) / DAY_MS + 1;
  return Math.min(1, Math.max(0, (issue - dayOf(year, from)) / DAY_MS / length));
}

export function buildYieldFeatures(
  year: number,
  countyFips: string | null,
  weather: readonly DailyWeather[],
): YieldFeatures | { missing: string } {
  const county = countyCovariates(countyFips);
  if (!county)
    return { missing: `no county covariates for county FIPS ${countyFips ?? "(not set on the field)"}` };
  const seasonStart = dayOf(year, WINDOWS.GDD[0]);
  const seasonEnd = dayOf(year, WINDOWS.GDD[1]);
  const days = weather
    .filter((d) => d.tmaxC !== null && d.tminC !== null)
    .map((d) => ({
      t: Date.parse(`${d.date}T00:00:00Z`),
      tmax: d.tmaxC!,
      tmin: d.tminC!,
      rain: d.rainMm ?? 0,
    }))
    .filter((d) => d.t >= seasonStart && d.t <= seasonEnd);
  const observedDays = days.length;
  if (observedDays < 30)
    return { missing: `only ${observedDays} days of station weather since 1 April (30 needed)` };
  const issue = Math.max(...days.map((d) => d.t)) + DAY_MS;
  const within = (v: Variable) =>
    days.filter((d) => d.t >= dayOf(year, WINDOWS[v][0]) && d.t <= dayOf(year, WINDOWS[v][1]));
  const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
  const mean = (values: number[]) => (values.length === 0 ? 0 : sum(values) / values.length);
  const share = (v: Variable) => observedShare(v, year, issue);
  const normal = (v: Variable) => county[`${v}_NORMAL`]!;
  const dailyMean = (d: (typeof days)[number]) => (d.tmax + d.tmin) / 2;
  // Totals: observed so far minus the normal's share; means: the observed share of the mean's departure.
  const bv10 = within("BV10");
  const bv5 = within("BV5");
  const anomalies: Record<`${Variable}_ANOM`, number> = {
    GDD_ANOM:
      sum(within("GDD").map((d) => Math.max(0, dailyMean(d) - BASE_C))) - share("GDD") * normal("GDD"),
    TP_ANOM: sum(within("TP").map((d) => d.rain)) - share("TP") * normal("TP"),
    BV5_ANOM: bv5.length === 0 ? 0 : share("BV5") * (mean(bv5.map((d) => d.tmax)) - normal("BV5")),
    BV10_ANOM: bv10.length === 0 ? 0 : share("BV10") * (mean(bv10.map(dailyMean)) - normal("BV10")),
    BV18_ANOM: sum(within("BV18").map((d) => d.rain)) - share("BV18") * normal("BV18"),
  };
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    features: {
      ...county,
      YEAR: year,
      SEASON_SHARE: round(share("GDD")),
      ...Object.fromEntries(Object.entries(anomalies).map(([k, v]) => [k, round(v)])),
    },
    observedDays,
    filledDays: (seasonEnd - seasonStart) / DAY_MS + 1 - observedDays,
  };
}
