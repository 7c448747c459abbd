import type { FieldTrackRecord } from "@unicorn/contracts";

/** z of the 90th percentile of the standard normal: p10-p90 spans ±1.2816 σ. */
const Z90 = 1.2815515655446004;

export interface RecordedSeason {
  year: number;
  yieldBuPerAcre: number;
  /** The last forecast kept before the harvest. */
  p10: number | null;
  p50: number;
  p90: number | null;
}

/** The forecast's σ read off its p10-p90 interval (normal approximation); null without an interval. */
export const sigmaOf = (p10: number | null, p90: number | null) =>
  p10 === null || p90 === null || p90 <= p10 ? null : (p90 - p10) / (2 * Z90);

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The model's error on the field's recorded harvests and a field-level bias correction of the current forecast.
 * Each season's error e_i = recorded − forecast is the field's bias b plus noise of the forecast's own σ_i; b has a
 * normal prior with mean 0 and sd σ (the current forecast's, so one season moves the correction about halfway).
 * Posterior (normal-normal conjugate, Gelman et al. 2013, Bayesian Data Analysis, 3rd ed., eq. 2.12):
 * precision 1/σ² + Σ 1/σ_i², mean (Σ e_i/σ_i²) / precision. The corrected interval adds the posterior variance
 * of b to the forecast's: p50 + b̂ ± z₀.₉ √(σ² + v). Without a current forecast (off season) there is nothing to
 * correct: the record only.
 */
export function fieldTrackRecord(
  seasons: readonly RecordedSeason[],
  current: { p10: number | null; p50: number; p90: number | null } | null,
): FieldTrackRecord | null {
  if (seasons.length === 0) return null;
  const errors = seasons.map((s) => s.yieldBuPerAcre - s.p50);
  const n = errors.length;
  const meanError = errors.reduce((s, e) => s + e, 0) / n;
  const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / n);
  const inside = seasons.filter(
    (s) => s.p10 !== null && s.p90 !== null && s.yieldBuPerAcre >= s.p10 && s.yieldBuPerAcre <= s.p90,
  ).length;
  const record: FieldTrackRecord = {
    seasons: seasons.map((s, i) => ({
      year: s.year,
      yieldBuPerAcre: s.yieldBuPerAcre,
      forecastBuPerAcre: round(s.p50),
      errorBuPerAcre: round(errors[i]!),
      forecastP10BuPerAcre: s.p10 === null ? null : round(s.p10),
      forecastP90BuPerAcre: s.p90 === null ? null : round(s.p90),
    })),
    meanErrorBuPerAcre: round(meanError),
    rmseBuPerAcre: round(rmse),
    insideIntervalShare: round(inside / n),
    correction: null,
  };
  if (current === null) return record;
  const sigma = sigmaOf(current.p10, current.p90);
  const sigmas = seasons.map((s) => sigmaOf(s.p10, s.p90));
  if (sigma === null || sigmas.some((s) => s === null)) return record;
  let precision = 1 / sigma ** 2;
  let weighted = 0;
  seasons.forEach((_, i) => {
    precision += 1 / sigmas[i]! ** 2;
    weighted += errors[i]! / sigmas[i]! ** 2;
  });
  const bias = weighted / precision;
  const spread = Z90 * Math.sqrt(sigma ** 2 + 1 / precision);
  record.correction = {
    biasBuPerAcre: round(bias),
    biasStandardErrorBuPerAcre: round(Math.sqrt(1 / precision)),
    p10: round(current.p50 + bias - spread),
    p50: round(current.p50 + bias),
    p90: round(current.p50 + bias + spread),
  };
  return record;
}
