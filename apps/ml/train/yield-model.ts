import type { Dataset, Row } from "./dataset";
import {
  ANOMALIES,
  FEATURE_INDEX,
  fitContext,
  ISSUE_DATES,
  linearPart,
  type SplitContext,
  STRESS_TERMS,
  stressValues,
  TREE_FEATURES,
  testRows,
  trainingRows,
} from "./features";
import {
  DEFAULT_GBM,
  type GbmOptions,
  predictQuantile,
  type QuantileModel,
  quantile,
  type TreeNode,
  trainGbm,
} from "./gbm";

/**
 * The served model: a linear part (level + trend slope · YEAR + the county's own offset) plus tree ensembles
 * on what remains: the mean (squared loss, the forecast p50) and the 10 % and 90 % quantiles of the residual,
 * the latter moved apart by a conformal offset measured on whole years they did not see.
 */
export interface LinearPart {
  bias: number;
  /** One weight per feature column. */
  weights: number[];
  /**
   * The weather stress terms (STRESS_TERMS), absent for none: one weight per term (bu/acre per unit of stress),
   * applied to the whole stress or, with `ceiling`, only to the stress beyond the training seasons' (the range the
   * trees saw), as weight · max(0, stress − ceiling).
   */
  stress?: { weights: number[]; ceiling: number[] | null };
}

export interface YieldModel {
  context: SplitContext;
  linear: LinearPart;
  /** p10, p50, p90 residual models (ascending), p10/p90 bases already shifted by the conformal offset. */
  quantiles: QuantileModel[];
  calibration: { offset: number; unseenOffset: number; rows: number; years: number; blocks: number };
}

export interface ModelSettings {
  /**
   * Ridge penalty of an optional linear weather-anomaly term, on standardised columns (share of each column's
   * variance); null for none. Measured with penalty 1: 2012 held out 32.4 instead of 34.3 bu/acre RMSE, but
   * 2017-2018 19.2 instead of 18.8, so the shipped model has none.
   */
  weatherRidge: number | null;
  /**
   * Ridge penalty of the weather stress terms (STRESS_TERMS: July heat above 29 °C, Jun-Aug rain deficit), on
   * standardised columns; null for none. Measured (p50 at the end of the season, penalty 0.01, `npm run ml:tune`):
   * over the whole range, 2012 held out 27.5 instead of 34.2 bu/acre RMSE and pooled leave-one-year-out 20.6
   * instead of 21.3, but 2017-2018 19.9 instead of 18.7; so the shipped model has none.
   */
  stressRidge: number | null;
  /**
   * Quantile of the training seasons' stress (end of season) beyond which the stress terms apply, null for the
   * whole range. Within the range the trees carry the weather. Measured as above: beyond the 0.95 quantile,
   * 2012 28.4, pooled 20.4, 2017-2018 18.79; beyond 0.99, 2012 30.1, pooled 20.7, 2017-2018 18.77; beyond the
   * maximum, 2012 34.1 and 2017-2018 18.74 (no change). The 2012 drought sets the slope, and the milder stress of
   * 2017-2018 then costs more than it explains.
   */
  stressBeyond: number | null;
  mean: GbmOptions;
  /** The mean of the unseen-county trees: they must learn the whole county effect from place and soils. */
  unseenMean: GbmOptions;
  quantile: GbmOptions;
  /** Year blocks of the cross-conformal calibration. */
  calibrationBlocks: number;
  nominal: number;
}

export const DEFAULT_SETTINGS: ModelSettings = {
  weatherRidge: null,
  stressRidge: null,
  stressBeyond: null,
  mean: {
    ...DEFAULT_GBM,
    rounds: 100,
    learningRate: 0.05,
    maxDepth: 4,
    minLeaf: 80,
    lambda: 50,
    subsample: 0.7,
  },
  // Deeper and longer: held-out counties 18.0 instead of 21.3 bu/acre RMSE; the same for the trees of counties
  // with history cost 0.6 on 2017-2018 (they would learn the training years' shocks).
  unseenMean: {
    ...DEFAULT_GBM,
    rounds: 200,
    learningRate: 0.08,
    maxDepth: 6,
    minLeaf: 20,
    lambda: 5,
    subsample: 0.8,
  },
  quantile: { ...DEFAULT_GBM, rounds: 60, learningRate: 0.1, maxDepth: 4, minLeaf: 50, subsample: 0.7 },
  calibrationBlocks: 3,
  nominal: 0.8,
};

export function scaled(settings: ModelSettings, share: number): ModelSettings {
  const r = (o: GbmOptions) => ({ ...o, rounds: Math.max(5, Math.round(o.rounds * share)) });
  return {
    ...settings,
    mean: r(settings.mean),
    unseenMean: r(settings.unseenMean),
    quantile: r(settings.quantile),
  };
}

export function linearValue(linear: LinearPart, x: readonly number[]): number {
  const plain = x.reduce((s, v, i) => s + v * linear.weights[i]!, linear.bias);
  if (!linear.stress) return plain;
  const { weights, ceiling } = linear.stress;
  const stress = stressValues(x);
  return weights.reduce(
    (s, w, k) => s + w * (ceiling ? Math.max(0, stress[k]! - ceiling[k]!) : stress[k]!),
    plain,
  );
}

/**
 * The linear part a split learns from its training rows: level, trend and county offset (linearPart), then the
 * optional ridge terms on what those leave, fitted on the end-of-season rows of the training years only.
 */
export function fitLinear(
  train: readonly Row[],
  dataset: Dataset,
  context: SplitContext,
  settings: Pick<ModelSettings, "weatherRidge" | "stressRidge" | "stressBeyond">,
): LinearPart {
  let linear: LinearPart = linearPart(context);
  if (settings.weatherRidge === null && settings.stressRidge === null) return linear;
  const x = trainingRows(train, dataset, context, { fixedIssue: ISSUE_DATES[ISSUE_DATES.length - 1]!.date });
  const y = train.map((r) => r.yield);
  if (settings.weatherRidge !== null) linear = withWeatherTerm(linear, x, y, settings.weatherRidge);
  if (settings.stressRidge !== null)
    linear = withStressTerm(linear, x, y, settings.stressRidge, settings.stressBeyond);
  return linear;
}

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
  const seasonEndDate = ISSUE_DATES[ISSUE_DATES.length - 1]!.date;
  const y = train.map((r) => r.yield);
  const linear = fitLinear(train, dataset, context, settings);
  const started = Date.now();
  const gates = ([false, true] as const).map((unseen) =>
    fitGate(
      train,
      y,
      linear,
      trainingRows(train, dataset, context, { fixedIssue: seasonEndDate, unseen }),
      trainingRows(train, dataset, context, { unseen }),
      unseen ? { ...settings, mean: settings.unseenMean } : settings,
    ),
  );
  const [history, unseen] = gates as [Gate, Gate];
  log(
    `  fitted ${train.length} rows in ${((Date.now() - started) / 1000).toFixed(1)} s, interval offset ${history.calibration.offset.toFixed(2)} (unseen counties ${unseen.calibration.offset.toFixed(2)})`,
  );
  return {
    context,
    linear,
    quantiles: history.quantiles.map((q, k) => gated(unseen.quantiles[k]!, q)),
    calibration: { ...history.calibration, unseenOffset: unseen.calibration.offset },
  };
}

interface Gate {
  quantiles: QuantileModel[];
  calibration: { offset: number; rows: number; years: number; blocks: number };
}

/**
 * One set of p10/p50/p90 residual ensembles. The mean is fitted on end-of-season rows (`seasonEnd`) and fed
 * partial-season anomalies at run time (a plug-in of the expected weather); the quantiles are fitted on rows drawn
 * at every issue date (`drawn`), so their spread is the uncertainty left on that date.
 */
function fitGate(
  train: readonly Row[],
  y: readonly number[],
  linear: LinearPart,
  seasonEnd: number[][],
  drawn: number[][],
  settings: ModelSettings,
): Gate {
  const residualEnd = seasonEnd.map((row, i) => y[i]! - linearValue(linear, row));
  const residual = drawn.map((row, i) => y[i]! - linearValue(linear, row));
  const fitOne = (rows: number[], alpha: number, loss: "squared" | "quantile") =>
    trainGbm(
      rows.map((i) => (loss === "squared" ? seasonEnd : drawn)[i]!),
      rows.map((i) => (loss === "squared" ? residualEnd : residual)[i]!),
      alpha,
      loss,
      { ...(loss === "squared" ? settings.mean : settings.quantile), features: TREE_FEATURES },
    );
  const all = train.map((_, i) => i);
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
        const v = residual[i]!;
        scores.push(Math.max(predictQuantile(low, drawn[i]!) - v, v - predictQuantile(high, drawn[i]!)));
        scoreYears.push(train[i]!.year);
      }
  }
  const offset = yearBalancedOffset(scores, scoreYears, settings.nominal);
  return {
    quantiles: [{ ...p10, base: p10.base - offset }, p50, { ...p90, base: p90.base + offset }],
    calibration: { offset, rows: scores.length, years: years.length, blocks },
  };
}

/**
 * Two ensembles as one: every tree gets a root split on COUNTY_YEARS <= 0.5 that sends the row either to the tree
 * or to a zero leaf, so a county without history is scored by `unseen` and any other by `history`, in one standard
 * TreeEnsembleRegressor. The bases become one gated two-leaf tree.
 */
export function gated(unseen: QuantileModel, history: QuantileModel): QuantileModel {
  const feature = FEATURE_INDEX.COUNTY_YEARS!;
  const root = (left: number, right: number): TreeNode => ({
    feature,
    threshold: 0.5,
    left,
    right,
    value: 0,
  });
  const leaf = (value: number): TreeNode => ({ feature: -1, threshold: 0, left: -1, right: -1, value });
  const shift = (tree: TreeNode[], by: number) =>
    tree.map((n) => (n.feature < 0 ? n : { ...n, left: n.left + by, right: n.right + by }));
  return {
    alpha: history.alpha,
    base: 0,
    learningRate: history.learningRate,
    trees: [
      [root(1, 2), leaf(unseen.base), leaf(history.base)],
      ...unseen.trees.map((t) => [root(2, 1), leaf(0), ...shift(t, 2)]),
      ...history.trees.map((t) => [root(1, 2), leaf(0), ...shift(t, 2)]),
    ],
  };
}

/**
 * Ridge regression (Hoerl & Kennard 1970, Technometrics 12:55, eq. 2.2 on standardised columns, the penalty a
 * share of each column's variance) of what `linear` leaves on the columns `columns` computes from a feature row.
 * Returns the coefficients in the columns' units and the intercept that keeps the residual's mean.
 */
export function ridgeOnResidual(
  linear: LinearPart,
  x: readonly (readonly number[])[],
  y: readonly number[],
  columns: (row: readonly number[]) => number[],
  ridge: number,
): { beta: number[]; intercept: number } {
  const n = x.length;
  const r = x.map((row, i) => y[i]! - linearValue(linear, row));
  const values = x.map(columns);
  const k = values[0]!.length;
  const centre = Array.from({ length: k }, (_, j) => values.reduce((s, v) => s + v[j]!, 0) / n);
  const scale = centre.map((c, j) => Math.sqrt(values.reduce((s, v) => s + (v[j]! - c) ** 2, 0) / n) || 1);
  const z = values.map((v) => v.map((value, j) => (value - centre[j]!) / scale[j]!));
  const rMean = r.reduce((s, v) => s + v, 0) / n;
  const a = centre.map((_, j) =>
    centre.map((_, l) => z.reduce((s, row) => s + row[j]! * row[l]!, 0) / n + (j === l ? ridge : 0)),
  );
  const b = centre.map((_, j) => z.reduce((s, row, i) => s + row[j]! * (r[i]! - rMean), 0) / n);
  const beta = solve(a, b).map((v, j) => v / scale[j]!);
  return { beta, intercept: rMean - beta.reduce((s, v, j) => s + v * centre[j]!, 0) };
}

/**
 * Adds a linear term in the weather anomalies to the linear part (ridgeOnResidual). Trees cannot extrapolate
 * beyond the anomalies they were trained on; a season hotter or drier than every training year (2012 when it is
 * held out) gets at least the linear part of its loss.
 */
export function withWeatherTerm(
  linear: LinearPart,
  x: readonly (readonly number[])[],
  y: readonly number[],
  ridge: number,
): LinearPart {
  const columns = ANOMALIES.map((name) => FEATURE_INDEX[name]!);
  const { beta, intercept } = ridgeOnResidual(linear, x, y, (row) => columns.map((c) => row[c]!), ridge);
  const weights = [...linear.weights];
  columns.forEach((c, j) => {
    weights[c] = beta[j]!;
  });
  return { ...linear, bias: linear.bias + intercept, weights };
}

/**
 * Adds the weather stress terms (STRESS_TERMS) to the linear part, their slopes by ridgeOnResidual over all
 * training rows: zero in a normal season, and, being linear beyond their hinge, they carry a season hotter or
 * drier than the training seasons. With `beyond` (a quantile) they apply only past that quantile of the training
 * rows' stress, so the trees keep the weather inside the range they saw and the slope extrapolates past it (the
 * way a tree's last leaf cannot).
 */
export function withStressTerm(
  linear: LinearPart,
  x: readonly (readonly number[])[],
  y: readonly number[],
  ridge: number,
  beyond: number | null = null,
): LinearPart {
  const { beta, intercept } = ridgeOnResidual(linear, x, y, stressValues, ridge);
  if (beyond === null)
    return { ...linear, bias: linear.bias + intercept, stress: { weights: beta, ceiling: null } };
  const values = x.map(stressValues);
  const ceiling = beta.map((_, k) =>
    quantile(
      values.map((v) => v[k]!),
      beyond,
    ),
  );
  return { ...linear, stress: { weights: beta, ceiling } };
}

/** The linear part as the ONNX graph carries it (onnx-export.ts): the stress terms as two hinge matrices. */
export function graphLinear(linear: LinearPart, featureCount: number) {
  if (!linear.stress) return { bias: linear.bias, weights: linear.weights };
  const matrix = (pick: (t: (typeof STRESS_TERMS)[number]) => Record<string, number>) =>
    Array.from({ length: featureCount }, (_, f) =>
      STRESS_TERMS.map((t) =>
        Object.entries(pick(t)).reduce((s, [name, c]) => s + (FEATURE_INDEX[name] === f ? c : 0), 0),
      ),
    );
  return {
    bias: linear.bias,
    weights: linear.weights,
    hinges: {
      actual: matrix((t) => t.actual),
      normal: matrix((t) => t.normal),
      offset: STRESS_TERMS.map((t) => t.offset),
      ceiling: linear.stress.ceiling,
      weights: linear.stress.weights,
    },
  };
}

/** Gaussian elimination with partial pivoting for a small dense system. */
function solve(a: number[][], b: number[]): number[] {
  const m = a.map((row, i) => [...row, b[i]!]);
  const size = b.length;
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let i = col + 1; i < size; i++) if (Math.abs(m[i]![col]!) > Math.abs(m[pivot]![col]!)) pivot = i;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let i = col + 1; i < size; i++) {
      const factor = m[i]![col]! / m[col]![col]!;
      for (let k = col; k <= size; k++) m[i]![k]! -= factor * m[col]![k]!;
    }
  }
  const out = new Array<number>(size).fill(0);
  for (let i = size - 1; i >= 0; i--) {
    let sum = m[i]![size]!;
    for (let k = i + 1; k < size; k++) sum -= m[i]![k]! * out[k]!;
    out[i] = sum / m[i]![i]!;
  }
  return out;
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
