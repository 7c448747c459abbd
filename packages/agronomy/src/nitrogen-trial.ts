/**
 * A field's own N response from strip-trial (rate, yield) pairs: the quadratic-plateau model
 * Y = a + bN + cN² for N < N* = −b/(2c), Y(N*) beyond (Cerrato & Blackmer 1990, Agron. J. 82:138-143), fitted by
 * nonlinear least squares with the Levenberg-Marquardt method (Marquardt 1963, "An algorithm for least-squares
 * estimation of nonlinear parameters", J. SIAM 11:431-441). The plateau's Jacobian row is [1, N*, N*²], the
 * quadratic's [1, N, N²], so one expression min(N, N*) serves both (the model is smooth at the join).
 *
 * The EONR's 95% confidence interval is by the delta method (Bates & Watts 1988, Nonlinear Regression Analysis
 * and Its Applications, §2.3): Var(EONR) ≈ gᵀ s²(JᵀJ)⁻¹ g with g = ∂EONR/∂(a,b,c) = (0, −1/(2c), −(r−b)/(2c²)),
 * and a Student t quantile on n − 3 degrees of freedom.
 *
 * Blend with the regional prior: precision weighting of the two EONRs, w = σp² / (σp² + se²), where se is the
 * trial EONR's standard error and σp the spread of site EONRs around the regional MRTN (PRIOR_EONR_SD). A trial
 * with fewer than 4 distinct rates, no fit, or no plateau inside its rates gets weight 0.
 */
import type { QuadraticResponse } from "./nitrogen";

export interface TrialPoint {
  nLbPerAcre: number;
  yieldBuPerAcre: number;
}

export interface QuadraticPlateauFit {
  response: QuadraticResponse;
  plateauLbPerAcre: number;
  plateauYieldBuPerAcre: number;
  rSquared: number;
  rmseBuPerAcre: number;
  n: number;
  iterations: number;
  /** s²(JᵀJ)⁻¹ of (a, b, c). */
  covariance: Mat3;
}

type Vec3 = [number, number, number];
type Mat3 = [Vec3, Vec3, Vec3];

const joint = (p: Vec3) => -p[1] / (2 * p[2]);
const predict = (p: Vec3, n: number) => {
  const x = Math.min(n, joint(p));
  return p[0] + p[1] * x + p[2] * x * x;
};
const zero3 = (): Mat3 => [
  [0, 0, 0],
  [0, 0, 0],
  [0, 0, 0],
];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const times = (m: Mat3, v: Vec3): Vec3 => [dot(m[0], v), dot(m[1], v), dot(m[2], v)];
const scale = (m: Mat3, k: number): Mat3 => m.map((row) => row.map((v) => v * k) as Vec3) as Mat3;
/** m += row·rowᵀ and v += row·y: one observation's share of the normal equations. */
function accumulate(m: Mat3, v: Vec3, row: Vec3, y: number): void {
  for (const [i, ri] of row.entries()) {
    const mi = m[i as 0 | 1 | 2];
    v[i as 0 | 1 | 2] += ri * y;
    mi[0] += ri * row[0];
    mi[1] += ri * row[1];
    mi[2] += ri * row[2];
  }
}

/** Inverse of a 3×3 matrix (adjugate over determinant); undefined when singular. */
function invert3(m: Mat3): Mat3 | undefined {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) return undefined;
  const adj: Mat3 = [
    [A, -(b * i - c * h), b * f - c * e],
    [B, a * i - c * g, -(a * f - c * d)],
    [C, -(a * h - b * g), a * e - b * d],
  ];
  return scale(adj, 1 / det);
}

/** JᵀJ and Jᵀr at p; the Jacobian row is [1, min(N, N*), min(N, N*)²]. */
function normalEquations(p: Vec3, points: readonly TrialPoint[]) {
  const jtj = zero3();
  const jtr: Vec3 = [0, 0, 0];
  const x0 = joint(p);
  for (const { nLbPerAcre, yieldBuPerAcre } of points) {
    const x = Math.min(nLbPerAcre, x0);
    accumulate(jtj, jtr, [1, x, x * x], yieldBuPerAcre - predict(p, nLbPerAcre));
  }
  return { jtj, jtr };
}

const sseOf = (p: Vec3, points: readonly TrialPoint[]) =>
  points.reduce((sum, q) => sum + (q.yieldBuPerAcre - predict(p, q.nLbPerAcre)) ** 2, 0);

/** Ordinary least-squares quadratic: the starting point of the iteration. */
function quadraticStart(points: readonly TrialPoint[]): Vec3 | undefined {
  const m = zero3();
  const v: Vec3 = [0, 0, 0];
  for (const { nLbPerAcre: x, yieldBuPerAcre: y } of points) accumulate(m, v, [1, x, x * x], y);
  const inv = invert3(m);
  if (!inv) return undefined;
  const p = times(inv, v);
  return p[2] < 0 && p[1] > 0 ? p : undefined;
}

/**
 * When the least-squares quadratic is not concave (a response that flattens abruptly), start from the curve
 * through the lowest rate's yield that peaks at the highest yield at the middle rate.
 */
function plateauStart(points: readonly TrialPoint[]): Vec3 | undefined {
  const sorted = [...points].sort((a, b) => a.nLbPerAcre - b.nLbPerAcre);
  const first = sorted[0];
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!first || !middle || !(middle.nLbPerAcre > first.nLbPerAcre)) return undefined;
  const top = Math.max(...sorted.map((q) => q.yieldBuPerAcre));
  const span = middle.nLbPerAcre - first.nLbPerAcre;
  if (!(top > first.yieldBuPerAcre)) return undefined;
  // Y = P − k(N − x0)² through (N₀, Y₀): k = (P − Y₀)/span², expanded to a + bN + cN².
  const k = (top - first.yieldBuPerAcre) / (span * span);
  const x0 = middle.nLbPerAcre;
  return [top - k * x0 * x0, 2 * k * x0, -k];
}

const MAX_ITERATIONS = 200;

/** Least-squares quadratic-plateau; undefined when the data show no rising-then-flattening response. */
export function fitQuadraticPlateau(points: readonly TrialPoint[]): QuadraticPlateauFit | undefined {
  if (points.length < 4) return undefined;
  let p = quadraticStart(points) ?? plateauStart(points);
  if (!p) return undefined;
  let lambda = 1e-3;
  let sse = sseOf(p, points);
  let iterations = 0;
  let converged = false;
  while (!converged && iterations < MAX_ITERATIONS) {
    iterations += 1;
    const { jtj, jtr } = normalEquations(p, points);
    let improved = false;
    for (let tries = 0; tries < 30 && !improved; tries++) {
      // Marquardt's damping scales the diagonal, so the step is invariant to the units of a, b and c.
      const damped: Mat3 = [
        [jtj[0][0] * (1 + lambda), jtj[0][1], jtj[0][2]],
        [jtj[1][0], jtj[1][1] * (1 + lambda), jtj[1][2]],
        [jtj[2][0], jtj[2][1], jtj[2][2] * (1 + lambda)],
      ];
      const inv = invert3(damped);
      if (!inv) break;
      const step = times(inv, jtr);
      const next: Vec3 = [p[0] + step[0], p[1] + step[1], p[2] + step[2]];
      const nextSse = next[2] < 0 && next[1] > 0 ? sseOf(next, points) : Number.POSITIVE_INFINITY;
      if (nextSse < sse) {
        // Stop when a step no longer lowers the sum of squares by a relative 1e-12.
        converged = sse - nextSse <= 1e-12 * (1 + sse);
        p = next;
        sse = nextSse;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  const n = points.length;
  const { jtj } = normalEquations(p, points);
  const inv = invert3(jtj);
  if (!inv) return undefined;
  const s2 = sse / (n - 3);
  const mean = points.reduce((sum, q) => sum + q.yieldBuPerAcre, 0) / n;
  const sst = points.reduce((sum, q) => sum + (q.yieldBuPerAcre - mean) ** 2, 0);
  const x0 = joint(p);
  return {
    response: { intercept: p[0], linear: p[1], quadratic: p[2] },
    plateauLbPerAcre: x0,
    plateauYieldBuPerAcre: predict(p, x0),
    rSquared: sst > 0 ? 1 - sse / sst : 0,
    rmseBuPerAcre: Math.sqrt(sse / n),
    n,
    iterations,
    covariance: scale(inv, s2),
  };
}

/** Two-sided 95% Student t quantiles by degrees of freedom (any statistics table, e.g. Snedecor & Cochran). */
const T_975: Record<number, number> = {
  1: 12.706,
  2: 4.303,
  3: 3.182,
  4: 2.776,
  5: 2.571,
  6: 2.447,
  7: 2.365,
  8: 2.306,
  9: 2.262,
  10: 2.228,
  11: 2.201,
  12: 2.179,
  13: 2.16,
  14: 2.145,
  15: 2.131,
  16: 2.12,
  17: 2.11,
  18: 2.101,
  19: 2.093,
  20: 2.086,
  21: 2.08,
  22: 2.074,
  23: 2.069,
  24: 2.064,
  25: 2.06,
  26: 2.056,
  27: 2.052,
  28: 2.048,
  29: 2.045,
  30: 2.042,
};
/** t quantile: the table up to 30 df, then the conservative 30-df value down to 2.0 (60 df) and the normal. */
export function tQuantile975(df: number): number {
  if (df <= 30) return T_975[Math.max(1, Math.floor(df))] ?? 12.706;
  if (df <= 60) return 2.0 + ((2.042 - 2.0) * (60 - df)) / 30;
  return 1.96;
}

export interface TrialEonr {
  eonrLbPerAcre: number;
  standardErrorLbPerAcre: number;
  ci95LbPerAcre: { low: number; high: number };
}

/** EONR of the fitted curve at a price ratio with its delta-method 95% interval. */
export function trialEonr(fit: QuadraticPlateauFit, priceRatio: number): TrialEonr {
  const { linear: b, quadratic: c } = fit.response;
  const raw = (priceRatio - b) / (2 * c);
  const eonr = Math.min(fit.plateauLbPerAcre, Math.max(0, raw));
  const g: Vec3 = [0, -1 / (2 * c), -(priceRatio - b) / (2 * c * c)];
  const variance = dot(g, times(fit.covariance, g));
  const se = Math.sqrt(Math.max(0, variance));
  const t = tQuantile975(fit.n - 3);
  return {
    eonrLbPerAcre: eonr,
    standardErrorLbPerAcre: se,
    ci95LbPerAcre: { low: Math.max(0, eonr - t * se), high: eonr + t * se },
  };
}

/**
 * Spread of site EONRs around the regional MRTN, lb N/acre. The product's setting, not a published figure:
 * a trial whose EONR standard error equals it is weighted half.
 */
export const PRIOR_EONR_SD = 40;

export interface BlendedEonr {
  eonrLbPerAcre: number;
  trialWeight: number;
  reason: string;
}

/** Precision-weighted blend of a trial EONR with the regional MRTN. */
export function blendWithPrior(
  trial: TrialEonr | undefined,
  fit: QuadraticPlateauFit | undefined,
  priorMrtn: number,
  points: readonly TrialPoint[],
): BlendedEonr {
  const rates = new Set(points.map((p) => p.nLbPerAcre));
  const maxRate = Math.max(...points.map((p) => p.nLbPerAcre));
  if (!trial || !fit)
    return {
      eonrLbPerAcre: priorMrtn,
      trialWeight: 0,
      reason: "no quadratic-plateau fit: regional MRTN only",
    };
  if (rates.size < 4)
    return {
      eonrLbPerAcre: priorMrtn,
      trialWeight: 0,
      reason: `${rates.size} distinct N rates (4 needed): regional MRTN only`,
    };
  if (fit.plateauLbPerAcre > maxRate)
    return {
      eonrLbPerAcre: priorMrtn,
      trialWeight: 0,
      reason: "the fitted plateau lies beyond the highest rate tried: regional MRTN only",
    };
  const se2 = trial.standardErrorLbPerAcre ** 2;
  const prior2 = PRIOR_EONR_SD ** 2;
  const w = prior2 / (prior2 + se2);
  return {
    eonrLbPerAcre: w * trial.eonrLbPerAcre + (1 - w) * priorMrtn,
    trialWeight: w,
    reason: `weight σp²/(σp² + se²) with σp = ${PRIOR_EONR_SD} and se = ${trial.standardErrorLbPerAcre.toFixed(1)} lb N/acre`,
  };
}
