import type { Row } from "./dataset";

export interface Metrics {
  n: number;
  rmse: number;
  mae: number;
  r2: number;
  /** Mean of predicted − actual: positive when the model over-predicts. */
  bias: number;
}

export function metrics(actual: number[], predicted: number[]): Metrics {
  const n = actual.length;
  const mean = actual.reduce((s, v) => s + v, 0) / n;
  let se = 0;
  let ae = 0;
  let tss = 0;
  let signed = 0;
  for (let i = 0; i < n; i++) {
    const e = actual[i]! - predicted[i]!;
    se += e * e;
    ae += Math.abs(e);
    signed -= e;
    tss += (actual[i]! - mean) ** 2;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n,
    rmse: round(Math.sqrt(se / n)),
    mae: round(ae / n),
    r2: round(1 - se / tss),
    bias: round(signed / n),
  };
}

/** Share of actual values inside [low, high]. */
export function coverage(actual: number[], low: number[], high: number[]): number {
  let inside = 0;
  actual.forEach((v, i) => {
    if (v >= low[i]! && v <= high[i]!) inside++;
  });
  return Math.round((inside / actual.length) * 1000) / 1000;
}

/**
 * Conformalized quantile regression: Romano, Patterson & Candès (2019), "Conformalized Quantile Regression",
 * NeurIPS 32, section 4 (split CQR). Conformity score E_i = max(low_i - y_i, y_i - high_i) on a calibration
 * set the quantile models did not see; the offset Q is the ceil((n + 1)(1 - a))-th smallest score, and
 * [low - Q, high + Q] covers a new exchangeable point with probability at least 1 - a. Q is negative when the
 * raw interval is wider than it needs to be.
 */
export function conformalOffset(actual: number[], low: number[], high: number[], nominal: number): number {
  const scores = actual.map((y, i) => Math.max(low[i]! - y, y - high[i]!)).sort((a, b) => a - b);
  const rank = Math.ceil((scores.length + 1) * nominal);
  return scores[Math.min(rank, scores.length) - 1]!;
}

/** Baseline 1: the county's own mean yield over the training rows (global mean for unseen counties). */
export function countyMeanBaseline(train: Row[], test: Row[]): number[] {
  const sums = new Map<string, { s: number; n: number }>();
  for (const r of train) {
    const e = sums.get(r.geoid) ?? { s: 0, n: 0 };
    e.s += r.yield;
    e.n += 1;
    sums.set(r.geoid, e);
  }
  const global = train.reduce((s, r) => s + r.yield, 0) / train.length;
  return test.map((r) => {
    const e = sums.get(r.geoid);
    return e ? e.s / e.n : global;
  });
}

/** Baseline 2: a linear trend in year (least squares over all training rows). */
export function linearTrendBaseline(train: Row[], test: Row[]): number[] {
  const n = train.length;
  const mx = train.reduce((s, r) => s + r.year, 0) / n;
  const my = train.reduce((s, r) => s + r.yield, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const r of train) {
    sxy += (r.year - mx) * (r.yield - my);
    sxx += (r.year - mx) ** 2;
  }
  const slope = sxy / sxx;
  return test.map((r) => my + slope * (r.year - mx));
}

/**
 * Baseline 2: the county's mean yield plus one common linear year trend, the slope fitted within counties
 * (county fixed effects, least squares): ȳ_c + b · (year − t̄_c). A county without training rows gets the
 * overall mean and the same trend.
 */
export function countyMeanTrendBaseline(train: Row[], test: Row[]): number[] {
  const byCounty = new Map<string, Row[]>();
  for (const r of train) byCounty.set(r.geoid, [...(byCounty.get(r.geoid) ?? []), r]);
  let sxy = 0;
  let sxx = 0;
  const centres = new Map<string, { year: number; yield: number }>();
  for (const [geoid, rows] of byCounty) {
    const year = rows.reduce((s, r) => s + r.year, 0) / rows.length;
    const value = rows.reduce((s, r) => s + r.yield, 0) / rows.length;
    centres.set(geoid, { year, yield: value });
    for (const r of rows) {
      sxy += (r.year - year) * (r.yield - value);
      sxx += (r.year - year) ** 2;
    }
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const overall = {
    year: train.reduce((s, r) => s + r.year, 0) / train.length,
    yield: train.reduce((s, r) => s + r.yield, 0) / train.length,
  };
  return test.map((r) => {
    const c = centres.get(r.geoid) ?? overall;
    return c.yield + slope * (r.year - c.year);
  });
}

/**
 * Deterministic split of counties: about `share` of them held out, by a hash of the FIPS code (FNV-1a, then
 * MurmurHash3's finalizer); a different `salt` draws an independent split.
 */
export function heldOutCounties(rows: Row[], share: number, salt = 0): Set<string> {
  const counties = [...new Set(rows.map((r) => r.geoid))];
  return new Set(
    counties.filter((geoid) => {
      let h = 2166136261;
      for (const c of `${salt}:${geoid}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
      // MurmurHash3's fmix32 finalizer: FNV-1a alone leaves neighbouring FIPS codes in neighbouring ranges.
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h ^= h >>> 16;
      return (h >>> 0) / 4294967296 < share;
    }),
  );
}
