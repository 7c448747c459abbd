import type { Dataset, Row } from "./dataset";
import {
  fitContext,
  ISSUE_DATES,
  linearPart,
  type SplitContext,
  TREE_FEATURES,
  testRows,
  trainingRows,
} from "./features";
import { DEFAULT_GBM, type GbmOptions, predictQuantile, type QuantileModel, trainGbm } from "./gbm";

/**
 * The served model: a linear part (level + trend slope · YEAR + the county's own offset) plus tree ensembles
 * on what remains: the mean (squared loss, the forecast p50) and the 10 % and 90 % quantiles of the residual,
 * the latter moved apart by a conformal offset measured on whole years they did not see.
 */
export interface YieldModel {
  context: SplitContext;
  linear: { bias: number; weights: number[] };
  /** p10, p50, p90 residual models (ascending), p10/p90 bases already shifted by the conformal offset. */
  quantiles: QuantileModel[];
  calibration: { offset: number; rows: number; years: number; blocks: number };
}

export interface ModelSettings {
  mean: GbmOptions;
  quantile: GbmOptions;
  /** Year blocks of the cross-conformal calibration. */
  calibrationBlocks: number;
  nominal: number;
}

export const DEFAULT_SETTINGS: ModelSettings = {
  mean: {
    ...DEFAULT_GBM,
    rounds: 100,
    learningRate: 0.05,
    maxDepth: 4,
    minLeaf: 80,
    lambda: 50,
    subsample: 0.7,
  },
  quantile: { ...DEFAULT_GBM, rounds: 60, learningRate: 0.1, maxDepth: 4, minLeaf: 50, subsample: 0.7 },
  calibrationBlocks: 3,
  nominal: 0.8,
};

export function scaled(settings: ModelSettings, share: number): ModelSettings {
  const r = (o: GbmOptions) => ({ ...o, rounds: Math.max(5, Math.round(o.rounds * share)) });
  return { ...settings, mean: r(settings.mean), quantile: r(settings.quantile) };
}

const linearValue = (linear: YieldModel["linear"], x: readonly number[]) =>
  x.reduce((s, v, i) => s + v * linear.weights[i]!, linear.bias);

/**
 * A weighted (1 − a) quantile of conformity scores where every year weighs the same in total, so a year with many
 * counties does not stand for more than one draw of the year shock. The offset is the smallest score s with
 * weighted share of scores <= s at least `nominal`.
 */
export function yearBalancedOffset(
  scores: readonly number[],
  years: readonly number[],
  nominal: number,
): number {
  const perYear = new Map<number, number>();
  for (const y of years) perYear.set(y, (perYear.get(y) ?? 0) + 1);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const totalYears = perYear.size;
  let cumulative = 0;
  for (const i of order) {
    cumulative += 1 / perYear.get(years[i]!)! / totalYears;
    if (cumulative >= nominal - 1e-12) return scores[i]!;
  }
  return scores[order[order.length - 1]!]!;
}

export function fitYieldModel(
  train: readonly Row[],
  dataset: Dataset,
  settings: ModelSettings = DEFAULT_SETTINGS,
  log: (line: string) => void = () => {},
): YieldModel {
  const context = fitContext(train, dataset);
  const linear = linearPart(context);
  // The mean is fitted on end-of-season rows and fed partial-season anomalies at run time (a plug-in of the
  // expected weather); the quantiles are fitted on rows drawn at every issue date, so their spread is the
  // uncertainty left on that date.
  const seasonEnd = trainingRows(train, dataset, context, ISSUE_DATES[ISSUE_DATES.length - 1]!.date);
  const x = trainingRows(train, dataset, context);
  const residual = train.map((r, i) => r.yield - linearValue(linear, x[i]!));
  const fitOne = (rows: number[], alpha: number, loss: "squared" | "quantile") =>
    trainGbm(
      rows.map((i) => (loss === "squared" ? seasonEnd : x)[i]!),
      rows.map((i) => residual[i]!),
      alpha,
      loss,
      { ...(loss === "squared" ? settings.mean : settings.quantile), features: TREE_FEATURES },
    );
  const all = train.map((_, i) => i);
  const started = Date.now();
  const p50 = fitOne(all, 0.5, "squared");
  const p10 = fitOne(all, 0.1, "quantile");
  const p90 = fitOne(all, 0.9, "quantile");

  // Cross-conformal by year blocks (Vovk 2015; CV+ of Barber et al. 2021): p10/p90 re-fitted without each block of
  // years score that block's rows, so every calibration score comes from a year its models did not see.
  const years = [...new Set(train.map((r) => r.year))].sort((a, b) => a - b);
  const blocks = Math.min(settings.calibrationBlocks, years.length);
  const scores: number[] = [];
  const scoreYears: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const held = new Set(years.filter((_, i) => i % blocks === b));
    const inner = all.filter((i) => !held.has(train[i]!.year));
    const low = fitOne(inner, 0.1, "quantile");
    const high = fitOne(inner, 0.9, "quantile");
    for (const i of all)
      if (held.has(train[i]!.year)) {
        const y = residual[i]!;
        scores.push(Math.max(predictQuantile(low, x[i]!) - y, y - predictQuantile(high, x[i]!)));
        scoreYears.push(train[i]!.year);
      }
  }
  const offset = yearBalancedOffset(scores, scoreYears, settings.nominal);
  log(
    `  fitted ${train.length} rows in ${((Date.now() - started) / 1000).toFixed(1)} s, interval offset ${offset.toFixed(2)}`,
  );
  return {
    context,
    linear,
    quantiles: [{ ...p10, base: p10.base - offset }, p50, { ...p90, base: p90.base + offset }],
    calibration: { offset, rows: scores.length, years: years.length, blocks },
  };
}

/** p10, p50, p90 for feature rows, sorted as the ONNX graph sorts them. */
export function predictRows(model: YieldModel, x: readonly (readonly number[])[]): number[][] {
  return x.map((row) => {
    const base = linearValue(model.linear, row);
    return model.quantiles.map((q) => base + predictQuantile(q, row)).sort((a, b) => a - b);
  });
}

export function predictTest(
  model: YieldModel,
  test: readonly Row[],
  dataset: Dataset,
  issue: string,
): number[][] {
  return predictRows(model, testRows(test, dataset, model.context, issue));
}
