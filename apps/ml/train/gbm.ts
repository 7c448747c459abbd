/**
 * Gradient-boosted regression trees (Friedman 2001, "Greedy function approximation: a gradient boosting
 * machine", Annals of Statistics 29:1189) with two losses: squared error (the forecast, p50) and the quantile
 * (pinball) loss of section 4.6 (fit a least-squares tree to the sign-gradient, then set each leaf to the
 * α-quantile of the residuals in it) for p10 and p90. What makes it as strong as an off-the-shelf histogram GBM
 * (LightGBM, scikit-learn's HistGradientBoosting): splits on at most `bins` quantile bins per feature,
 * shrinkage, a minimum leaf size, L2-regularised leaves (XGBoost's λ) and row subsampling per round
 * (stochastic gradient boosting, Friedman 2002).
 *
 * Written here rather than taken from a library because no maintained JavaScript GBM exports ONNX; the trees
 * are exported as a standard ai.onnx.ml TreeEnsembleRegressor (onnx-export.ts). Thresholds are float32
 * values and comparisons are made on float32 features, exactly as ONNX Runtime evaluates them.
 */
export interface TreeNode {
  /** Feature index, or -1 for a leaf. */
  feature: number;
  threshold: number;
  left: number;
  right: number;
  value: number;
}

export interface QuantileModel {
  alpha: number;
  base: number;
  learningRate: number;
  trees: TreeNode[][];
}

export interface GbmOptions {
  rounds: number;
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  bins: number;
  /** Row subsample per round (stochastic gradient boosting, Friedman 2002). */
  subsample: number;
  /** L2 penalty on leaf values (squared loss only), in rows: leaf = sum / (count + lambda). */
  lambda: number;
  seed: number;
  /** Columns the trees may split on (default all): a trend column left out is extrapolated by a linear term. */
  features?: readonly number[];
}

export const DEFAULT_GBM: GbmOptions = {
  rounds: 150,
  learningRate: 0.08,
  maxDepth: 5,
  minLeaf: 30,
  bins: 64,
  subsample: 0.8,
  lambda: 0,
  seed: 7,
};

const f32 = Math.fround;

export function quantile(values: ArrayLike<number>, alpha: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const position = alpha * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Candidate split thresholds per feature: float32 values at the quantile bin edges. */
export function binEdges(x: readonly (readonly number[])[], bins: number): number[][] {
  const features = x[0]?.length ?? 0;
  const edges: number[][] = [];
  for (let f = 0; f < features; f++) {
    const column = Float64Array.from(x, (row) => f32(row[f]!)).sort();
    const unique: number[] = [];
    for (let b = 1; b < bins; b++) {
      const value = column[Math.floor((b / bins) * (column.length - 1))]!;
      if (unique.length === 0 || value > unique[unique.length - 1]!) unique.push(value);
    }
    // The largest value is never a useful threshold (nothing lies to its right).
    if (unique.length > 0 && unique[unique.length - 1]! >= column[column.length - 1]!) unique.pop();
    edges.push(unique);
  }
  return edges;
}

export function predictTree(tree: TreeNode[], row: readonly number[]): number {
  let node = tree[0]!;
  while (node.feature >= 0) node = tree[f32(row[node.feature]!) <= node.threshold ? node.left : node.right]!;
  return node.value;
}

export function predictQuantile(model: QuantileModel, row: readonly number[]): number {
  let sum = model.base;
  for (const tree of model.trees) sum += predictTree(tree, row);
  return sum;
}

/**
 * Every quantile model's prediction for one row, sorted ascending: the rearrangement of Chernozhukov,
 * Fernández-Val & Galichon (2010), "Quantile and probability curves without crossing", Econometrica
 * 78:1093, which removes crossings and never moves the estimates further from the true quantiles. The
 * exported ONNX graph applies the same sort (onnx-export.ts), so this is what the service returns.
 */
export function predictQuantiles(models: readonly QuantileModel[], row: readonly number[]): number[] {
  return models.map((model) => predictQuantile(model, row)).sort((a, b) => a - b);
}

/**
 * One ensemble. `alpha` 0.5 with `loss` "squared" is the mean forecast; any `alpha` with "quantile" the
 * α-quantile. Rows are binned once into a column-major byte matrix, so a round costs one histogram pass per
 * node over its rows.
 */
export function trainGbm(
  x: readonly (readonly number[])[],
  y: ArrayLike<number>,
  alpha: number,
  loss: "squared" | "quantile",
  options: GbmOptions = DEFAULT_GBM,
  onRound?: (round: number) => void,
): QuantileModel {
  const n = y.length;
  const width = x[0]!.length;
  const allowed = options.features ?? Array.from({ length: width }, (_, f) => f);
  const edges = binEdges(x, options.bins);
  const binned = new Uint8Array(width * n);
  for (let f = 0; f < width; f++) {
    const e = edges[f]!;
    for (let i = 0; i < n; i++) {
      const v = f32(x[i]![f]!);
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= e[mid]!) hi = mid;
        else lo = mid + 1;
      }
      binned[f * n + i] = lo;
    }
  }
  const target = Float64Array.from(y);
  const base = loss === "squared" ? target.reduce((s, v) => s + v, 0) / n : quantile(target, alpha);
  const prediction = new Float64Array(n).fill(base);
  const gradient = new Float64Array(n);
  const random = mulberry32(options.seed + Math.round(alpha * 1000) + (loss === "squared" ? 17 : 0));
  const trees: TreeNode[][] = [];
  const members = new Int32Array(n);
  const scratch = new Int32Array(n);
  const sums = new Float64Array(256);
  const counts = new Int32Array(256);
  const residuals = new Float64Array(n);

  for (let round = 0; round < options.rounds; round++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (random() < options.subsample) members[m++] = i;
    for (let k = 0; k < m; k++) {
      const i = members[k]!;
      const r = target[i]! - prediction[i]!;
      gradient[i] = loss === "squared" ? r : r > 0 ? alpha : alpha - 1;
    }
    const tree: TreeNode[] = [];
    const leafValue = (from: number, to: number): number => {
      if (loss === "squared") {
        let s = 0;
        for (let k = from; k < to; k++) s += gradient[members[k]!]!;
        return s / (to - from + options.lambda);
      }
      for (let k = from; k < to; k++) residuals[k - from] = target[members[k]!]! - prediction[members[k]!]!;
      return quantile(residuals.subarray(0, to - from), alpha);
    };
    const grow = (from: number, to: number, depth: number): number => {
      const index = tree.length;
      tree.push({ feature: -1, threshold: 0, left: -1, right: -1, value: 0 });
      const count = to - from;
      let bestGain = 1e-9;
      let bestFeature = -1;
      let bestBin = -1;
      if (depth < options.maxDepth && count >= 2 * options.minLeaf) {
        let total = 0;
        for (let k = from; k < to; k++) total += gradient[members[k]!]!;
        const parentScore = (total * total) / (count + options.lambda);
        for (const f of allowed) {
          const binCount = edges[f]!.length + 1;
          if (binCount < 2) continue;
          sums.fill(0, 0, binCount);
          counts.fill(0, 0, binCount);
          const offset = f * n;
          for (let k = from; k < to; k++) {
            const i = members[k]!;
            const b = binned[offset + i]!;
            sums[b]! += gradient[i]!;
            counts[b]! += 1;
          }
          let leftSum = 0;
          let leftCount = 0;
          for (let b = 0; b < binCount - 1; b++) {
            leftSum += sums[b]!;
            leftCount += counts[b]!;
            const rightCount = count - leftCount;
            if (leftCount < options.minLeaf) continue;
            if (rightCount < options.minLeaf) break;
            const rightSum = total - leftSum;
            const gain =
              (leftSum * leftSum) / (leftCount + options.lambda) +
              (rightSum * rightSum) / (rightCount + options.lambda) -
              parentScore;
            if (gain > bestGain) {
              bestGain = gain;
              bestFeature = f;
              bestBin = b;
            }
          }
        }
      }
      if (bestFeature < 0) {
        tree[index]!.value = f32(options.learningRate * leafValue(from, to));
        return index;
      }
      // Partition members[from, to) stably: bin <= bestBin to the left.
      const offset = bestFeature * n;
      let l = from;
      let r = 0;
      for (let k = from; k < to; k++) {
        const i = members[k]!;
        if (binned[offset + i]! <= bestBin) members[l++] = i;
        else scratch[r++] = i;
      }
      members.set(scratch.subarray(0, r), l);
      tree[index]!.feature = bestFeature;
      tree[index]!.threshold = edges[bestFeature]![bestBin]!;
      tree[index]!.left = grow(from, l, depth + 1);
      tree[index]!.right = grow(l, to, depth + 1);
      return index;
    };
    grow(0, m, 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) {
      let node = tree[0]!;
      while (node.feature >= 0) {
        const bin = binned[node.feature * n + i]!;
        const e = edges[node.feature]!;
        // bin <= index of the threshold in the edges ⇔ value <= threshold
        node = tree[bin === 0 || e[bin - 1]! < node.threshold ? node.left : node.right]!;
      }
      prediction[i]! += node.value;
    }
    onRound?.(round + 1);
  }
  return { alpha, base: f32(base), learningRate: options.learningRate, trees };
}

/** The quantile ensemble of earlier versions (kept for 1.0.0's reproduction). */
export function trainQuantileGbm(
  x: number[][],
  y: number[],
  alpha: number,
  options: GbmOptions = DEFAULT_GBM,
  onRound?: (round: number) => void,
): QuantileModel {
  return trainGbm(x, y, alpha, "quantile", options, onRound);
}
