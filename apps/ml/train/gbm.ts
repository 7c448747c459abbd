/**
 * Gradient-boosted regression trees with the quantile (pinball) loss: Friedman (2001), "Greedy function
 * approximation: a gradient boosting machine", Annals of Statistics 29:1189, section 4.6 (LAD/quantile
 * regression: fit a least-squares tree to the sign-gradient, then set each leaf to the α-quantile of the
 * residuals in it). Histogram splits on at most 64 quantile bins per feature, as LightGBM does.
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
  seed: number;
}

export const DEFAULT_GBM: GbmOptions = {
  rounds: 150,
  learningRate: 0.08,
  maxDepth: 5,
  minLeaf: 30,
  bins: 64,
  subsample: 0.8,
  seed: 7,
};

const f32 = Math.fround;

function quantile(values: number[], alpha: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = alpha * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Candidate split thresholds per feature: float32 midpoints between quantile bin edges. */
export function binEdges(x: number[][], bins: number): number[][] {
  const features = x[0]?.length ?? 0;
  const edges: number[][] = [];
  for (let f = 0; f < features; f++) {
    const column = x.map((row) => f32(row[f]!)).sort((a, b) => a - b);
    const unique: number[] = [];
    for (let b = 1; b < bins; b++) {
      const value = column[Math.floor((b / bins) * (column.length - 1))]!;
      if (unique.length === 0 || value > unique[unique.length - 1]!) unique.push(value);
    }
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

export function trainQuantileGbm(
  x: number[][],
  y: number[],
  alpha: number,
  options: GbmOptions = DEFAULT_GBM,
  onRound?: (round: number) => void,
): QuantileModel {
  const n = y.length;
  const features = x[0]!.length;
  const edges = binEdges(x, options.bins);
  // Bin index of every value: value <= edges[b] for the first such b, else edges.length.
  const binned = x.map((row) =>
    row.map((value, f) => {
      const e = edges[f]!;
      const v = f32(value);
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= e[mid]!) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }),
  );
  const base = quantile(y, alpha);
  const prediction = new Float64Array(n).fill(base);
  const random = mulberry32(options.seed + Math.round(alpha * 1000));
  const trees: TreeNode[][] = [];

  for (let round = 0; round < options.rounds; round++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (random() < options.subsample) rows.push(i);
    const gradient = new Float64Array(n);
    for (const i of rows) gradient[i] = y[i]! - prediction[i]! > 0 ? alpha : alpha - 1;

    const tree: TreeNode[] = [];
    const grow = (members: number[], depth: number): number => {
      const index = tree.length;
      tree.push({ feature: -1, threshold: 0, left: -1, right: -1, value: 0 });
      let best: { gain: number; feature: number; bin: number } | undefined;
      if (depth < options.maxDepth && members.length >= 2 * options.minLeaf) {
        let total = 0;
        for (const i of members) total += gradient[i]!;
        const parentScore = (total * total) / members.length;
        for (let f = 0; f < features; f++) {
          const binCount = edges[f]!.length + 1;
          const sums = new Float64Array(binCount);
          const counts = new Int32Array(binCount);
          for (const i of members) {
            const b = binned[i]![f]!;
            sums[b]! += gradient[i]!;
            counts[b]! += 1;
          }
          let leftSum = 0;
          let leftCount = 0;
          for (let b = 0; b < binCount - 1; b++) {
            leftSum += sums[b]!;
            leftCount += counts[b]!;
            const rightCount = members.length - leftCount;
            if (leftCount < options.minLeaf || rightCount < options.minLeaf) continue;
            const rightSum = total - leftSum;
            const gain = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount - parentScore;
            if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, feature: f, bin: b };
          }
        }
      }
      if (!best) {
        const residuals = members.map((i) => y[i]! - prediction[i]!);
        tree[index]!.value = f32(options.learningRate * quantile(residuals, alpha));
        return index;
      }
      const left = members.filter((i) => binned[i]![best.feature]! <= best.bin);
      const right = members.filter((i) => binned[i]![best.feature]! > best.bin);
      tree[index]!.feature = best.feature;
      tree[index]!.threshold = edges[best.feature]![best.bin]!;
      tree[index]!.left = grow(left, depth + 1);
      tree[index]!.right = grow(right, depth + 1);
      return index;
    };
    grow(rows, 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) prediction[i]! += predictTree(tree, x[i]!);
    onRound?.(round + 1);
  }
  return { alpha, base: f32(base), learningRate: options.learningRate, trees };
}
