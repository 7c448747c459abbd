import { COUNTY, type CountyRecord, type Dataset, type Row, WEATHER, type WeatherName } from "./dataset";

/**
 * The yield model's inputs, in the ONNX graph's column order, and how a training split builds them without
 * looking at its test rows. Everything a field needs is either its own station's weather, its county's
 * published figures (shipped to the API as county covariates), or the calendar.
 */
export interface FeatureSpec {
  name: string;
  unit: string;
  description: string;
  min: number;
  max: number;
  /** Where the API gets it for a field. */
  source: "season" | "county history" | "county" | "field weather";
}

/** Trend reference year: YEAR enters the graph only through the linear term slope · (YEAR − REFERENCE_YEAR). */
export const REFERENCE_YEAR = 2013;

/** When each weather variable accrues: [first day, last day] as month-day, inclusive. */
export const WINDOWS: Record<WeatherName, { from: string; to: string }> = {
  GDD: { from: "04-01", to: "09-30" },
  TP: { from: "04-01", to: "09-30" },
  BV5: { from: "07-01", to: "07-31" },
  BV10: { from: "06-01", to: "08-31" },
  BV18: { from: "06-01", to: "08-31" },
};

/** Forecast issue dates; weather is observed up to the day before. */
export const ISSUE_DATES = [
  { name: "1 June", date: "06-01" },
  { name: "1 July", date: "07-01" },
  { name: "1 August", date: "08-01" },
  { name: "1 September", date: "09-01" },
  { name: "end of season", date: "10-01" },
] as const;

const dayNumber = (monthDay: string) => Date.parse(`2001-${monthDay}T00:00:00Z`) / 86_400_000;

/** Share of a variable's window observed when forecasting on `issue` (month-day): 0 before it, 1 after. */
export function observedShare(variable: WeatherName, issue: string): number {
  const { from, to } = WINDOWS[variable];
  const length = dayNumber(to) - dayNumber(from) + 1;
  return Math.min(1, Math.max(0, (dayNumber(issue) - dayNumber(from)) / length));
}

const anomaly = (w: WeatherName) => `${w}_ANOM`;
const normal = (w: WeatherName) => `${w}_NORMAL`;
const WEATHER_UNITS: Record<WeatherName, { unit: string; what: string; range: [number, number] }> = {
  GDD: { unit: "°C·day", what: "growing degree days above 10 °C, 1 Apr-30 Sep", range: [0, 6000] },
  TP: { unit: "mm", what: "precipitation 1 Apr-30 Sep", range: [0, 3000] },
  BV5: { unit: "°C", what: "mean daily maximum of the warmest month (July)", range: [-10, 50] },
  BV10: { unit: "°C", what: "mean temperature of the warmest quarter (Jun-Aug)", range: [-10, 40] },
  BV18: { unit: "mm", what: "precipitation of the warmest quarter (Jun-Aug)", range: [0, 2000] },
};
const COUNTY_UNITS: Record<(typeof COUNTY)[number], [string, string, number, number]> = {
  T_CLAY: ["% weight", "topsoil clay (HWSD county mean)", 0, 100],
  T_SILT: ["% weight", "topsoil silt (HWSD county mean)", 0, 100],
  T_OC: ["% weight", "topsoil organic carbon (HWSD county mean)", 0, 60],
  T_PH_H2O: ["pH", "topsoil pH in water (HWSD county mean)", 3, 10],
  T_CEC_SOIL: ["cmol(+)/kg", "topsoil cation exchange capacity (HWSD county mean)", 0, 200],
  SLOPE: ["source units", "mean slope of the county", 0, 90],
  ELEVATION: ["m", "mean elevation of the county", -100, 4500],
  PERC_IRR: [
    "%",
    "irrigated share of the county's farmland (Census of Agriculture), not the field's",
    0,
    100,
  ],
};

export const FEATURES: FeatureSpec[] = [
  {
    name: "YEAR",
    unit: "year",
    description: "harvest year (linear trend only)",
    min: 2000,
    max: 2100,
    source: "season",
  },
  {
    name: "COUNTY_OFFSET",
    unit: "bu/acre",
    description:
      "the county's past NASS yields, detrended, minus the national level, shrunk towards 0 by n/(n + k); 0 for a county with no history",
    min: -200,
    max: 200,
    source: "county history",
  },
  {
    name: "COUNTY_YEARS",
    unit: "years",
    description: "number of past NASS yields behind COUNTY_OFFSET",
    min: 0,
    max: 100,
    source: "county history",
  },
  {
    name: "LAT",
    unit: "°N",
    description: "county internal point (Census 2019 gazetteer)",
    min: 15,
    max: 72,
    source: "county",
  },
  {
    name: "LON",
    unit: "°E",
    description: "county internal point (Census 2019 gazetteer)",
    min: -180,
    max: -60,
    source: "county",
  },
  {
    name: "SEASON_SHARE",
    unit: "fraction",
    description: "share of 1 Apr-30 Sep observed on the issue date (1 at the end of the season)",
    min: 0,
    max: 1,
    source: "season",
  },
  ...WEATHER.map((w) => ({
    name: anomaly(w),
    unit: WEATHER_UNITS[w].unit,
    description: `${WEATHER_UNITS[w].what}: observed to the issue date minus the county normal for the same part of the window`,
    min: -WEATHER_UNITS[w].range[1],
    max: WEATHER_UNITS[w].range[1],
    source: "field weather" as const,
  })),
  ...WEATHER.map((w) => ({
    name: normal(w),
    unit: WEATHER_UNITS[w].unit,
    description: `county normal of ${WEATHER_UNITS[w].what} (mean 2008-2018)`,
    min: WEATHER_UNITS[w].range[0],
    max: WEATHER_UNITS[w].range[1],
    source: "county" as const,
  })),
  ...COUNTY.map((c) => {
    const [unit, description, min, max] = COUNTY_UNITS[c];
    return { name: c, unit, description, min, max, source: "county" as const };
  }),
];
export const FEATURE_INDEX = Object.fromEntries(FEATURES.map((f, i) => [f.name, i])) as Record<
  string,
  number
>;
/** Columns the trees split on: all but YEAR, whose effect the linear term carries (trees cannot extrapolate). */
export const TREE_FEATURES = FEATURES.map((_, i) => i).filter((i) => i !== FEATURE_INDEX.YEAR);

/** What a split learns from its training rows before any model: trend, county history, weather normals. */
export interface SplitContext {
  level: number;
  slope: number;
  /** Shrinkage k of COUNTY_OFFSET = sum / (n + k): within-county over between-county variance. */
  shrinkage: number;
  /** Detrended residual of each training county-year. */
  history: Map<string, Map<number, number>>;
  normals: Map<string, Record<WeatherName, number>>;
}

/**
 * Trend: one common slope fitted within counties (county fixed effects), the level so the detrended residuals
 * average 0. Normals: the county's mean weather over the training rows, or over all its rows for a county
 * without training rows (weather normals are public for any place; no yield is used).
 */
export function fitContext(train: readonly Row[], dataset: Dataset): SplitContext {
  const byCounty = groupBy(train, (r) => r.geoid);
  let sxy = 0;
  let sxx = 0;
  for (const rows of byCounty.values()) {
    const my = mean(rows.map((r) => r.yield));
    const mt = mean(rows.map((r) => r.year));
    for (const r of rows) {
      sxy += (r.year - mt) * (r.yield - my);
      sxx += (r.year - mt) ** 2;
    }
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const level = mean(train.map((r) => r.yield - slope * (r.year - REFERENCE_YEAR)));
  const history = new Map<string, Map<number, number>>();
  for (const r of train) {
    const years = history.get(r.geoid) ?? new Map<number, number>();
    years.set(r.year, r.yield - level - slope * (r.year - REFERENCE_YEAR));
    history.set(r.geoid, years);
  }
  // Method of moments: within-county variance of the residuals, and the between-county variance of their means
  // net of the sampling part.
  let within = 0;
  let withinDf = 0;
  const means: number[] = [];
  const sizes: number[] = [];
  for (const years of history.values()) {
    const d = [...years.values()];
    const m = mean(d);
    for (const v of d) within += (v - m) ** 2;
    withinDf += d.length - 1;
    means.push(m);
    sizes.push(d.length);
  }
  const sigmaW = within / Math.max(1, withinDf);
  const sigmaB = Math.max(1e-6, variance(means) - sigmaW * mean(sizes.map((n) => 1 / n)));
  const normals = new Map<string, Record<WeatherName, number>>();
  const allByCounty = groupBy(dataset.rows, (r) => r.geoid);
  for (const [geoid, rows] of allByCounty) {
    const source = byCounty.get(geoid) ?? rows;
    normals.set(
      geoid,
      Object.fromEntries(WEATHER.map((w) => [w, mean(source.map((r) => r.weather[w]))])) as Record<
        WeatherName,
        number
      >,
    );
  }
  return { level, slope, shrinkage: sigmaW / sigmaB, history, normals };
}

/** The county's offset from the years in `years` (other than `exclude`). */
export function countyOffset(
  context: SplitContext,
  geoid: string,
  exclude: number,
  keep: (year: number) => boolean = () => true,
): { offset: number; years: number } {
  let sum = 0;
  let n = 0;
  for (const [year, d] of context.history.get(geoid) ?? [])
    if (year !== exclude && keep(year)) {
      sum += d;
      n++;
    }
  return { offset: n === 0 ? 0 : sum / (n + context.shrinkage), years: n };
}

/** The linear part of the prediction: level + slope · (YEAR − reference) + COUNTY_OFFSET. */
export function linearPart(context: SplitContext): { bias: number; weights: number[] } {
  const weights = FEATURES.map(() => 0);
  weights[FEATURE_INDEX.YEAR!] = context.slope;
  weights[FEATURE_INDEX.COUNTY_OFFSET!] = 1;
  return { bias: context.level - context.slope * REFERENCE_YEAR, weights };
}

export function featureRow(
  row: Row,
  county: CountyRecord,
  context: SplitContext,
  issue: string,
  history: { offset: number; years: number },
): number[] {
  const normals = context.normals.get(row.geoid)!;
  const values: Record<string, number> = {
    YEAR: row.year,
    COUNTY_OFFSET: history.offset,
    COUNTY_YEARS: history.years,
    LAT: county.lat,
    LON: county.lon,
    SEASON_SHARE: observedShare("GDD", issue),
    ...county.static,
  };
  for (const w of WEATHER) {
    // As of the issue date only the observed share of the season's anomaly is known; the rest is expected normal.
    values[anomaly(w)] = observedShare(w, issue) * (row.weather[w] - normals[w]);
    values[normal(w)] = normals[w];
  }
  return FEATURES.map((f) => values[f.name]!);
}

/** A deterministic number in [0, 1) for a key (FNV-1a with MurmurHash3's finaliser). */
export function hashUnit(key: string): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Training rows as the model will meet them: each at one issue date (drawn per row, unless `fixedIssue`), with the county's other
 * training years as history (leave-one-out, so a row never sees its own yield). A share of counties is shown
 * with no history or only a few years, so the trees learn to fall back on location and soils and widen the
 * interval for a county with little history.
 */
export function trainingRows(
  train: readonly Row[],
  dataset: Dataset,
  context: SplitContext,
  fixedIssue?: string,
  salt = 0,
): number[][] {
  return train.map((r) => {
    const draw = hashUnit(`${salt}:${r.geoid}`);
    const keepShare = draw < DROP ? 0 : draw < 2 * DROP ? 0.3 : 1;
    const keep = (year: number) => keepShare === 1 || hashUnit(`${salt}:${r.geoid}:${year}`) < keepShare;
    const issue =
      fixedIssue ??
      ISSUE_DATES[Math.floor(hashUnit(`${salt}:${r.geoid}:${r.year}:date`) * ISSUE_DATES.length)]!.date;
    return featureRow(
      r,
      dataset.counties.get(r.geoid)!,
      context,
      issue,
      countyOffset(context, r.geoid, r.year, keep),
    );
  });
}

export function testRows(
  test: readonly Row[],
  dataset: Dataset,
  context: SplitContext,
  issue: string,
): number[][] {
  return test.map((r) =>
    featureRow(r, dataset.counties.get(r.geoid)!, context, issue, countyOffset(context, r.geoid, r.year)),
  );
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const variance = (values: readonly number[]) => {
  const m = mean(values);
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, values.length - 1);
};
const DROP = 0.15;
