/**
 * The evaluation protocol behind `npm run ml:evaluate`: every split trains the model and both baselines on its
 * training rows only and scores them on its test rows, at every issue date.
 */
import type { Dataset, Row } from "./dataset";
import {
  countyMeanBaseline,
  countyMeanTrendBaseline,
  coverage,
  heldOutCounties,
  type Metrics,
  metrics,
} from "./evaluate";
import { hashUnit, ISSUE_DATES } from "./features";
import { fitYieldModel, type ModelSettings, predictTest } from "./yield-model";

export const SPLITS = ["leaveOneYearOut", "years2017_2018", "heldOutCounties", "random5fold"] as const;
export type SplitName = (typeof SPLITS)[number];

export const SPLIT_TITLES: Record<SplitName, string> = {
  leaveOneYearOut: "leave one year out (11 folds, pooled)",
  years2017_2018: "train 2008-2016, test 2017-2018",
  heldOutCounties: "20 % of counties held out (all years)",
  random5fold: "random 5-fold CV over county-years (literature comparison only: leaks county and year)",
};

export interface Scored extends Metrics {
  coverage: number;
  /** Mean p90 − p10, bu/acre. */
  width: number;
}

export interface SplitResult {
  title: string;
  folds: number;
  testRows: number;
  model: Scored;
  baselines: { countyMean: Metrics; countyMeanTrend: Metrics };
  /** The model at each issue date (the headline `model` is the end of season). */
  issueDates: Record<string, Scored>;
  /** Leave-one-year-out only: every year's figures. */
  perYear?: Record<string, { model: Scored; countyMeanTrend: Metrics; countyMean: Metrics }>;
  /** Coverage by the county's history length on the test rows (0 = unseen county). */
  coverageByHistory?: Record<string, { rows: number; coverage: number; width: number }>;
  intervalOffsets: number[];
}

interface Fold {
  train: Row[];
  test: Row[];
}

/** `years` limits leave-one-year-out to those test years (quick experiments only; the card needs them all). */
export function folds(dataset: Dataset, split: SplitName, years?: readonly number[]): Fold[] {
  const rows = dataset.rows;
  switch (split) {
    case "leaveOneYearOut":
      return [...new Set(rows.map((r) => r.year))]
        .filter((year) => !years || years.includes(year))
        .sort((a, b) => a - b)
        .map((year) => ({
          train: rows.filter((r) => r.year !== year),
          test: rows.filter((r) => r.year === year),
        }));
    case "years2017_2018":
      return [{ train: rows.filter((r) => r.year <= 2016), test: rows.filter((r) => r.year >= 2017) }];
    case "heldOutCounties": {
      const held = heldOutCounties(rows, 0.2);
      return [{ train: rows.filter((r) => !held.has(r.geoid)), test: rows.filter((r) => held.has(r.geoid)) }];
    }
    case "random5fold": {
      const fold = (r: Row) => Math.floor(hashUnit(`cv:${r.geoid}:${r.year}`) * 5);
      return [0, 1, 2, 3, 4].map((k) => ({
        train: rows.filter((r) => fold(r) !== k),
        test: rows.filter((r) => fold(r) === k),
      }));
    }
  }
}

function scored(actual: number[], q: number[][]): Scored {
  return {
    ...metrics(
      actual,
      q.map((p) => p[1]!),
    ),
    coverage: coverage(
      actual,
      q.map((p) => p[0]!),
      q.map((p) => p[2]!),
    ),
    width: Math.round((q.reduce((s, p) => s + p[2]! - p[0]!, 0) / q.length) * 100) / 100,
  };
}

export function evaluateSplit(
  dataset: Dataset,
  split: SplitName,
  settings: ModelSettings,
  log: (line: string) => void,
  years?: readonly number[],
): SplitResult {
  const parts = folds(dataset, split, years);
  const test: Row[] = [];
  const byDate = new Map<string, number[][]>(ISSUE_DATES.map((d) => [d.date, []]));
  const mean: number[] = [];
  const trend: number[] = [];
  const history: number[] = [];
  const offsets: number[] = [];
  parts.forEach((fold, k) => {
    log(
      `• ${split} fold ${k + 1}/${parts.length}: ${fold.train.length} training rows, ${fold.test.length} test rows`,
    );
    const model = fitYieldModel(fold.train, dataset, settings, log);
    offsets.push(Math.round(model.calibration.offset * 1000) / 1000);
    for (const d of ISSUE_DATES) byDate.get(d.date)!.push(...predictTest(model, fold.test, dataset, d.date));
    test.push(...fold.test);
    mean.push(...countyMeanBaseline(fold.train, fold.test));
    trend.push(...countyMeanTrendBaseline(fold.train, fold.test));
    for (const r of fold.test) history.push(model.context.history.get(r.geoid)?.size ?? 0);
  });
  const actual = test.map((r) => r.yield);
  const issueDates = Object.fromEntries(
    ISSUE_DATES.map((d) => [d.name, scored(actual, byDate.get(d.date)!)]),
  );
  const end = byDate.get(ISSUE_DATES[ISSUE_DATES.length - 1]!.date)!;
  const result: SplitResult = {
    title: SPLIT_TITLES[split],
    folds: parts.length,
    testRows: test.length,
    model: issueDates["end of season"]!,
    baselines: { countyMean: metrics(actual, mean), countyMeanTrend: metrics(actual, trend) },
    issueDates,
    intervalOffsets: offsets,
  };
  const subset = (keep: (i: number) => boolean) => {
    const idx = actual.map((_, i) => i).filter(keep);
    return idx;
  };
  if (split === "leaveOneYearOut") {
    result.perYear = {};
    for (const year of [...new Set(test.map((r) => r.year))].sort()) {
      const idx = subset((i) => test[i]!.year === year);
      const a = idx.map((i) => actual[i]!);
      result.perYear[year] = {
        model: scored(
          a,
          idx.map((i) => end[i]!),
        ),
        countyMeanTrend: metrics(
          a,
          idx.map((i) => trend[i]!),
        ),
        countyMean: metrics(
          a,
          idx.map((i) => mean[i]!),
        ),
      };
    }
  }
  const groups: [string, (n: number) => boolean][] = [
    ["0", (n) => n === 0],
    ["1-4", (n) => n >= 1 && n <= 4],
    ["5-8", (n) => n >= 5 && n <= 8],
    ["9+", (n) => n >= 9],
  ];
  result.coverageByHistory = {};
  for (const [name, match] of groups) {
    const idx = subset((i) => match(history[i]!));
    if (idx.length === 0) continue;
    const s = scored(
      idx.map((i) => actual[i]!),
      idx.map((i) => end[i]!),
    );
    result.coverageByHistory[name] = { rows: idx.length, coverage: s.coverage, width: s.width };
  }
  return result;
}

/**
 * Leave-one-year-out run in parts (`--years`, e.g. in parallel processes) pooled into one result: RMSE, MAE, bias,
 * coverage and width are row-weighted means of the parts' (squared for RMSE); R² is 1 − SSE / SST with SST of the
 * pooled test rows `actual`. Figures come from the parts' rounded values, so the pool is exact to about 0.001.
 */
export function mergeYearParts(parts: readonly SplitResult[], actual: readonly number[]): SplitResult {
  const n = actual.length;
  const average = actual.reduce((s, v) => s + v, 0) / n;
  const sst = actual.reduce((s, v) => s + (v - average) ** 2, 0);
  const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
  function pool<T extends Metrics>(items: readonly T[]): T {
    const rows = items.reduce((s, m) => s + m.n, 0);
    const weighted = (pick: (m: T) => number) => items.reduce((s, m) => s + m.n * pick(m), 0) / rows;
    const sse = items.reduce((s, m) => s + m.n * m.rmse ** 2, 0);
    const pooled: Metrics & Partial<Scored> = {
      n: rows,
      rmse: round(Math.sqrt(sse / rows)),
      mae: round(weighted((m) => m.mae)),
      r2: round(1 - sse / sst),
      bias: round(weighted((m) => m.bias)),
    };
    if ("coverage" in items[0]!) {
      pooled.coverage = round(weighted((m) => (m as unknown as Scored).coverage));
      pooled.width = round(
        weighted((m) => (m as unknown as Scored).width),
        2,
      );
    }
    return pooled as T;
  }
  const first = parts[0]!;
  const history: Record<string, { rows: number; coverage: number; width: number }> = {};
  for (const key of new Set(parts.flatMap((p) => Object.keys(p.coverageByHistory ?? {})))) {
    const items = parts.flatMap((p) => (p.coverageByHistory?.[key] ? [p.coverageByHistory[key]!] : []));
    const rows = items.reduce((s, c) => s + c.rows, 0);
    history[key] = {
      rows,
      coverage: round(items.reduce((s, c) => s + c.rows * c.coverage, 0) / rows),
      width: round(items.reduce((s, c) => s + c.rows * c.width, 0) / rows, 2),
    };
  }
  return {
    title: first.title,
    folds: parts.reduce((s, p) => s + p.folds, 0),
    testRows: parts.reduce((s, p) => s + p.testRows, 0),
    model: pool(parts.map((p) => p.model)),
    baselines: {
      countyMean: pool(parts.map((p) => p.baselines.countyMean)),
      countyMeanTrend: pool(parts.map((p) => p.baselines.countyMeanTrend)),
    },
    issueDates: Object.fromEntries(
      Object.keys(first.issueDates).map((date) => [date, pool(parts.map((p) => p.issueDates[date]!))]),
    ),
    perYear: Object.fromEntries(
      parts.flatMap((p) => Object.entries(p.perYear ?? {})).sort(([a], [b]) => Number(a) - Number(b)),
    ),
    coverageByHistory: history,
    intervalOffsets: parts.flatMap((p) => p.intervalOffsets),
  };
}
