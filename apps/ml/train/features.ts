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
/** Neighbours behind a county's spatial prior. */
export const NEIGHBOURS = 10;

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
/** The weather-anomaly feature names, which the linear term also carries. */
export const ANOMALIES = WEATHER.map(anomaly);
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
  FRR: ["code", "USDA-ERS Farm Resource Region (1-9)", 1, 9],
  S_PH_H2O: ["pH", "subsoil pH in water (HWSD county mean)", 3, 10],
  T_BS: ["%", "topsoil base saturation (HWSD county mean)", 0, 100],
  T_CACO3: ["% weight", "topsoil calcium carbonate (HWSD county mean)", 0, 100],
  T_CEC_CLAY: ["cmol(+)/kg", "cation exchange capacity of the topsoil clay (HWSD county mean)", 0, 300],
  T_GRAVEL: ["% volume", "topsoil gravel (HWSD county mean)", 0, 100],
  T_REF_BULK_DENSITY: ["kg/dm³", "topsoil reference bulk density (HWSD county mean)", 0, 3],
  T_TEB: ["cmol(+)/kg", "topsoil total exchangeable bases (HWSD county mean)", 0, 300],
  T_ESP: ["%", "topsoil exchangeable sodium percentage (HWSD county mean)", 0, 100],
  T_ECE: ["dS/m", "topsoil electrical conductivity (HWSD county mean)", 0, 100],
  SDI_CDL_AG: [
    "index",
    "Shannon diversity of the county's farmland cover (Cropland Data Layer, mean 2008-2018)",
    0,
    10,
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
      "the county's past NASS yields, detrended, minus the national level, shrunk towards NEIGHBOUR_OFFSET by n/(n + k); NEIGHBOUR_OFFSET for a county with no history",
    min: -200,
    max: 200,
    source: "county history",
  },
  {
    name: "NEIGHBOUR_OFFSET",
    unit: "bu/acre",
    description: `pooled detrended NASS yield of the ${NEIGHBOURS} nearest other counties (by internal point) in other years: the prior COUNTY_OFFSET shrinks to`,
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
/**
 * A weather stress term of the linear part: relu(actual · x + offset) − relu(normal · x + offset) on the feature
 * row x, the stress of the season beyond the stress of the county's normal season (0 for a normal season, and on
 * an early issue date only the stress observed so far). Unlike trees, a linear term extrapolates: a season hotter
 * or drier than every training season gets its coefficient times its excess. Both parts are standard ONNX ops.
 */
export interface StressTerm {
  name: string;
  unit: string;
  description: string;
  /** Coefficients of the season's value on the feature columns, by name. */
  actual: Record<string, number>;
  /** Coefficients of the county's normal value, by name. */
  normal: Record<string, number>;
  offset: number;
}

/**
 * Corn yield falls steeply with exposure above 29 °C (Schlenker & Roberts 2009, PNAS 106:15594, fig. 1: the
 * break point of corn at 29 °C); the data has no daily series, so the July mean daily maximum above 29 °C stands for
 * that exposure. Water shortage in the warmest quarter (tasseling and grain fill, Jun-Aug) is the other half of a
 * drought such as 2012's: the Jun-Aug precipitation short of the county's normal.
 */
export const STRESS_TERMS: StressTerm[] = [
  {
    name: "JULY_HEAT",
    unit: "°C",
    description:
      "July mean daily maximum above 29 °C (Schlenker & Roberts 2009 break point), minus the county normal's",
    actual: { BV5_NORMAL: 1, BV5_ANOM: 1 },
    normal: { BV5_NORMAL: 1 },
    offset: -29,
  },
  {
    name: "SUMMER_DEFICIT",
    unit: "mm",
    description: "Jun-Aug precipitation short of the county normal (0 for a normal or wet summer)",
    actual: { BV18_ANOM: -1 },
    normal: {},
    offset: 0,
  },
];

const dotByName = (coefficients: Record<string, number>, x: readonly number[]) =>
  Object.entries(coefficients).reduce((s, [name, c]) => s + c * x[FEATURE_INDEX[name]!]!, 0);

/** The stress terms' values for a feature row, in STRESS_TERMS order. */
export function stressValues(x: readonly number[]): number[] {
  return STRESS_TERMS.map(
    (t) => Math.max(0, dotByName(t.actual, x) + t.offset) - Math.max(0, dotByName(t.normal, x) + t.offset),
  );
}

/** Columns the trees split on: all but YEAR, whose effect the linear term carries (trees cannot extrapolate). */
export const TREE_FEATURES = FEATURES.map((_, i) => i).filter((i) => i !== FEATURE_INDEX.YEAR);

/** What a split learns from its training rows before any model: trend, county history, weather normals. */
export interface SplitContext {
  level: number;
  slope: number;
  /** Shrinkage k of COUNTY_OFFSET = (sum + k · prior) / (n + k): within-county over between-county variance. */
  shrinkage: number;
  /** Every county's nearest training counties (never itself), nearest first. */
  neighbours: Map<string, string[]>;
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
  const neighbours = nearestCounties(dataset, [...history.keys()]);
  // Method of moments: within-county variance of the residuals, and the variance of the county means around
  // their neighbours' prior net of the sampling part.
  let within = 0;
  let withinDf = 0;
  const departures: number[] = [];
  const sizes: number[] = [];
  for (const [geoid, years] of history) {
    const d = [...years.values()];
    const m = mean(d);
    for (const v of d) within += (v - m) ** 2;
    withinDf += d.length - 1;
    departures.push(m - neighbourMean(history, neighbours.get(geoid)!, Number.NaN));
    sizes.push(d.length);
  }
  const sigmaW = within / Math.max(1, withinDf);
  const sigmaB = Math.max(1e-6, variance(departures) - sigmaW * mean(sizes.map((n) => 1 / n)));
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
  return { level, slope, shrinkage: sigmaW / sigmaB, neighbours, history, normals };
}

/**
 * The NEIGHBOURS nearest counties with history to every county of the dataset, by great-circle distance between
 * internal points (equirectangular approximation, ample at these distances).
 */
function nearestCounties(dataset: Dataset, withHistory: string[]): Map<string, string[]> {
  const place = (geoid: string) => {
    const c = dataset.counties.get(geoid)!;
    return { x: c.lon * Math.cos((c.lat * Math.PI) / 180), y: c.lat };
  };
  const candidates = withHistory.map((geoid) => ({ geoid, ...place(geoid) }));
  const result = new Map<string, string[]>();
  for (const geoid of dataset.counties.keys()) {
    const p = place(geoid);
    result.set(
      geoid,
      candidates
        .filter((c) => c.geoid !== geoid)
        .map((c) => ({ geoid: c.geoid, d: (c.x - p.x) ** 2 + (c.y - p.y) ** 2 }))
        .sort((a, b) => a.d - b.d)
        .slice(0, NEIGHBOURS)
        .map((c) => c.geoid),
    );
  }
  return result;
}

/**
 * Pooled detrended yield of the neighbours in every year but `exclude`: a row never sees its own year's shock
 * through its neighbours (same-year neighbour yields are not known when forecasting).
 */
function neighbourMean(
  history: SplitContext["history"],
  neighbours: readonly string[],
  exclude: number,
): number {
  let sum = 0;
  let n = 0;
  for (const geoid of neighbours)
    for (const [year, d] of history.get(geoid) ?? [])
      if (year !== exclude) {
        sum += d;
        n++;
      }
  return n === 0 ? 0 : sum / n;
}

export interface CountyHistory {
  offset: number;
  neighbour: number;
  years: number;
}

/**
 * The county's offset from its years other than `exclude` (and those `keep` keeps): empirical Bayes, the mean
 * shrunk towards its neighbours' prior by n/(n + k) (Morris 1983, "Parametric empirical Bayes inference", JASA
 * 78:47, eq. 3.3 with a regression prior); the prior alone for a county with no history.
 */
export function countyOffset(
  context: SplitContext,
  geoid: string,
  exclude: number,
  keep: (year: number) => boolean = () => true,
): CountyHistory {
  let sum = 0;
  let n = 0;
  for (const [year, d] of context.history.get(geoid) ?? [])
    if (year !== exclude && keep(year)) {
      sum += d;
      n++;
    }
  const neighbour = neighbourMean(context.history, context.neighbours.get(geoid) ?? [], exclude);
  return { offset: (sum + context.shrinkage * neighbour) / (n + context.shrinkage), neighbour, years: n };
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
  history: CountyHistory,
): number[] {
  const normals = context.normals.get(row.geoid)!;
  const values: Record<string, number> = {
    YEAR: row.year,
    COUNTY_OFFSET: history.offset,
    NEIGHBOUR_OFFSET: history.neighbour,
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
 * Training rows as the model will meet them: each at one issue date (drawn per row, unless `fixedIssue`), with the
 * county's other training years as history (leave-one-out, so a row never sees its own yield). For the model of
 * counties with history, a share of counties is shown only a few of its years, so the interval widens for a short
 * history; for the model of unseen counties (`unseen`), every county is shown as if it had no history at all, so
 * those trees learn the fallback on the neighbours' prior, location and soils.
 */
export function trainingRows(
  train: readonly Row[],
  dataset: Dataset,
  context: SplitContext,
  options: { fixedIssue?: string; unseen?: boolean; salt?: number } = {},
): number[][] {
  const salt = options.salt ?? 0;
  return train.map((r) => {
    const short = hashUnit(`${salt}:${r.geoid}`) < SHORT_HISTORY;
    const keep = (year: number) =>
      !options.unseen && (!short || hashUnit(`${salt}:${r.geoid}:${year}`) < 0.3);
    const issue =
      options.fixedIssue ??
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
/** Share of counties shown with about a third of their history when training the model of counties with history. */
const SHORT_HISTORY = 0.2;
