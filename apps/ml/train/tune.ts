/**
 * `npm run ml:tune -- --split heldOutCounties --grid '[{"unseenMean":{"maxDepth":8}}, …]' [--years 2012,2017]`:
 * tunes the mean trees honestly. Each candidate is scored by an inner split of the outer split's TRAINING rows
 * only (held-out counties: a quarter of the training counties, an independent hash; year splits: blocks of the
 * training years), and the selection uses those inner scores alone. The outer test RMSE is printed beside them
 * for the record, never for choosing.
 *
 * Only the p50 (the mean trees on what the linear part leaves, at the end of the season) is fitted: the RMSE the
 * evaluation reports is the p50's, and the p10/p90 models do not depend on the mean trees. A candidate that wins
 * here still needs the full `npm run ml:evaluate` (intervals, issue dates, every split) before it ships.
 */
import { parseArgs } from "node:util";
import { type Dataset, loadDataset, type Row } from "./dataset";
import { heldOutCounties } from "./evaluate";
import { FEATURE_INDEX, fitContext, ISSUE_DATES, TREE_FEATURES, testRows, trainingRows } from "./features";
import { type GbmOptions, predictQuantile, trainGbm } from "./gbm";
import { folds, type SplitName } from "./protocol";
import { DEFAULT_SETTINGS, fitLinear, linearValue, type ModelSettings } from "./yield-model";

/** A candidate: overrides of the mean trees' settings, and optionally of the linear part. */
export interface Candidate {
  mean?: Partial<GbmOptions>;
  unseenMean?: Partial<GbmOptions>;
  /** Multiplies the empirical-Bayes shrinkage k of the county offset (1 = the method-of-moments k). */
  shrinkFactor?: number;
  weatherRidge?: number | null;
  stressRidge?: number | null;
  stressBeyond?: number | null;
}

export interface Scores {
  sse: number;
  n: number;
  /** Sum of predicted − actual. */
  signed: number;
}

const SEASON_END = ISSUE_DATES[ISSUE_DATES.length - 1]!.date;

/** Squared error of the end-of-season p50 of a model fitted on `train`, on `test`. */
export function meanScores(
  dataset: Dataset,
  train: readonly Row[],
  test: readonly Row[],
  c: Candidate,
): Scores {
  const settings: ModelSettings = DEFAULT_SETTINGS;
  const context = fitContext(train, dataset);
  context.shrinkage *= c.shrinkFactor ?? 1;
  const linear = fitLinear(train, dataset, context, {
    weatherRidge: c.weatherRidge === undefined ? settings.weatherRidge : c.weatherRidge,
    stressRidge: c.stressRidge === undefined ? settings.stressRidge : c.stressRidge,
    stressBeyond: c.stressBeyond === undefined ? settings.stressBeyond : c.stressBeyond,
  });
  const value = (x: readonly number[]) => linearValue(linear, x);
  const xTest = testRows(test, dataset, context, SEASON_END);
  const needs = new Set(xTest.map((row) => row[FEATURE_INDEX.COUNTY_YEARS!]! <= 0.5));
  const trees = new Map(
    [...needs].map((unseen) => {
      const x = trainingRows(train, dataset, context, { fixedIssue: SEASON_END, unseen });
      const options = unseen ? { ...settings.unseenMean, ...c.unseenMean } : { ...settings.mean, ...c.mean };
      const residual = x.map((row, i) => train[i]!.yield - value(row));
      return [
        unseen,
        trainGbm(x, residual, 0.5, "squared", { ...options, features: TREE_FEATURES }),
      ] as const;
    }),
  );
  const scores: Scores = { sse: 0, n: 0, signed: 0 };
  xTest.forEach((row, i) => {
    const model = trees.get(row[FEATURE_INDEX.COUNTY_YEARS!]! <= 0.5)!;
    const error = value(row) + predictQuantile(model, row) - test[i]!.yield;
    scores.sse += error * error;
    scores.signed += error;
    scores.n += 1;
  });
  return scores;
}

/**
 * Inner folds of an outer split's training rows, of the same kind as the outer split: counties held out by an
 * independent hash (salt 1) for a county split, otherwise `blocks` blocks of the training years (every
 * `blocks`-th year), so an inner test year is never a training year of its own inner model.
 */
export function innerFolds(
  train: readonly Row[],
  split: SplitName,
  blocks = 3,
): { train: Row[]; test: Row[] }[] {
  if (split === "heldOutCounties") {
    const held = heldOutCounties([...train], 0.25, 1);
    return [{ train: train.filter((r) => !held.has(r.geoid)), test: train.filter((r) => held.has(r.geoid)) }];
  }
  const years = [...new Set(train.map((r) => r.year))].sort((a, b) => a - b);
  return Array.from({ length: Math.min(blocks, years.length) }, (_, b) => {
    const held = new Set(years.filter((_, i) => i % blocks === b));
    return { train: train.filter((r) => !held.has(r.year)), test: train.filter((r) => held.has(r.year)) };
  });
}

/** Trees' cost: rounds times the deepest tree's leaves, of both sets of mean trees. */
export function cost(c: Candidate): number {
  const one = (o: GbmOptions) => o.rounds * 2 ** o.maxDepth;
  return (
    one({ ...DEFAULT_SETTINGS.mean, ...c.mean }) + one({ ...DEFAULT_SETTINGS.unseenMean, ...c.unseenMean })
  );
}

/**
 * The selection rule, fixed before looking at any outer score: the lowest inner RMSE, except that among the
 * candidates within `tolerance` bu/acre of it the cheapest wins (a smaller graph for a difference the inner
 * split cannot tell apart).
 */
export function select(inner: readonly number[], costs: readonly number[], tolerance: number): number {
  const best = Math.min(...inner);
  let chosen = -1;
  inner.forEach((rmse, i) => {
    if (rmse <= best + tolerance && (chosen < 0 || costs[i]! < costs[chosen]!)) chosen = i;
  });
  return chosen;
}

const rmse = (s: Scores) => Math.sqrt(s.sse / s.n);
const add = (a: Scores, b: Scores): Scores => ({
  sse: a.sse + b.sse,
  n: a.n + b.n,
  signed: a.signed + b.signed,
});

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      split: { type: "string" },
      grid: { type: "string" },
      years: { type: "string" },
      tolerance: { type: "string" },
      /** Skip the inner split (outer figures only, e.g. to look at a per-year table). */
      "outer-only": { type: "boolean" },
    },
  });
  const split = (values.split ?? "heldOutCounties") as SplitName;
  const grid = JSON.parse(values.grid ?? "[{}]") as Candidate[];
  const years = values.years?.split(",").map(Number);
  const dataset = loadDataset();
  const outer = folds(dataset, split, years);
  const inner: number[] = [];
  for (const candidate of grid) {
    const started = Date.now();
    let innerScores: Scores = { sse: 0, n: 0, signed: 0 };
    let outerScores: Scores = { sse: 0, n: 0, signed: 0 };
    const perYear: string[] = [];
    for (const fold of outer) {
      if (!values["outer-only"])
        for (const f of innerFolds(fold.train, split))
          innerScores = add(innerScores, meanScores(dataset, f.train, f.test, candidate));
      const s = meanScores(dataset, fold.train, fold.test, candidate);
      outerScores = add(outerScores, s);
      if (split === "leaveOneYearOut")
        perYear.push(`${fold.test[0]!.year} ${rmse(s).toFixed(2)} (bias ${(s.signed / s.n).toFixed(1)})`);
    }
    inner.push(values["outer-only"] ? Number.NaN : rmse(innerScores));
    console.log(
      `${split} inner ${inner.at(-1)!.toFixed(3)} | outer ${rmse(outerScores).toFixed(3)} (bias ${(outerScores.signed / outerScores.n).toFixed(2)}) ${((Date.now() - started) / 1000).toFixed(0)} s ${JSON.stringify(candidate)}`,
    );
    if (perYear.length > 0) console.log(`   ${perYear.join(", ")}`);
  }
  if (!values["outer-only"]) {
    const chosen = select(inner, grid.map(cost), Number(values.tolerance ?? 0.05));
    console.log(`• selected by the inner split: ${JSON.stringify(grid[chosen])}`);
  }
}

if (import.meta.main || process.argv[1]?.endsWith("tune.ts")) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`✗ ${(error as Error).message}`);
    process.exit(1);
  });
}
