/**
 * The strip-trial calculator: (N rate, yield) pairs from JSON or a CSV upload, a quadratic-plateau fit with the
 * EONR's interval, and the blend with the regional MRTN prior for the rotation.
 */
import {
  blendWithPrior,
  DEFAULT_NITROGEN_RESPONSES,
  DEFAULT_RESPONSE_SOURCE,
  fitQuadraticPlateau,
  nitrogenRecommendation,
  type PreviousCrop,
  type TrialPoint,
  trialEonr,
} from "@unicorn/agronomy";
import { MAX_TRIAL_POINTS, type StripTrialRequest, type StripTrialResponse } from "@unicorn/contracts";
import { errors } from "@unicorn/http";

const RATE_COLUMNS = ["n_rate", "n_lb_per_acre", "nitrogen"];
const YIELD_COLUMNS = ["yield", "yield_bu_per_acre"];

/**
 * Parses a CSV of strips. The header names the columns (any order, other columns ignored); a bad cell is a 400
 * naming its row (1 = header) and column, so the farmer can find it in the spreadsheet.
 */
export function parseTrialCsv(csv: string): TrialPoint[] {
  const lines = csv.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim().toLowerCase());
  const rateAt = header.findIndex((h) => RATE_COLUMNS.includes(h));
  const yieldAt = header.findIndex((h) => YIELD_COLUMNS.includes(h));
  if (rateAt < 0) throw errors.badRequest("row 1: no n_rate column in the header", "csv.n_rate");
  if (yieldAt < 0) throw errors.badRequest("row 1: no yield column in the header", "csv.yield");
  const points: TrialPoint[] = [];
  for (const [index, line] of lines.entries()) {
    if (index === 0 || line.trim() === "") continue;
    const cells = line.split(",");
    const cell = (at: number, max: number) => {
      const text = (cells[at] ?? "").trim();
      const value = Number(text);
      if (text === "" || !Number.isFinite(value) || value < 0 || value > max)
        throw errors.badRequest(
          `row ${index + 1}, column ${header[at]}: "${text}" is not a number between 0 and ${max}`,
          `csv.row${index + 1}.${header[at]}`,
        );
      return value;
    };
    points.push({ nLbPerAcre: cell(rateAt, 400), yieldBuPerAcre: cell(yieldAt, 400) });
    if (points.length > MAX_TRIAL_POINTS)
      throw errors.badRequest(`more than ${MAX_TRIAL_POINTS} strips`, "csv");
  }
  return points;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function stripTrial(input: StripTrialRequest): StripTrialResponse {
  if (input.points && input.csv) throw errors.badRequest("give either points or csv, not both", "csv");
  const points = input.csv !== undefined ? parseTrialCsv(input.csv) : input.points;
  if (!points) throw errors.badRequest("give the strips as points or csv", "points");
  return fitStrips(points, input.previousCrop, input, "points");
}

/** Fit, interval and blend for strips however they arrived; `field` names the input in a 422. */
export function fitStrips(
  points: readonly TrialPoint[],
  previousCrop: PreviousCrop,
  input: { nitrogenPricePerLb: number; cornPricePerBu: number },
  field: string,
): StripTrialResponse {
  if (points.length < 4)
    throw errors.unprocessable(`a fit needs at least 4 strips, got ${points.length}`, field);
  if (!(input.nitrogenPricePerLb > 0)) throw errors.unprocessable("must be positive", "nitrogenPricePerLb");
  if (!(input.cornPricePerBu > 0)) throw errors.unprocessable("must be positive", "cornPricePerBu");
  const prices = { nitrogenPricePerLb: input.nitrogenPricePerLb, cornPricePerBu: input.cornPricePerBu };
  const ratio = prices.nitrogenPricePerLb / prices.cornPricePerBu;
  const prior = nitrogenRecommendation(DEFAULT_NITROGEN_RESPONSES[previousCrop], prices).eonrLbPerAcre;
  const fit = fitQuadraticPlateau(points);
  const eonr = fit && trialEonr(fit, ratio);
  const blend = blendWithPrior(eonr, fit, prior, points);
  return {
    fit:
      fit && eonr
        ? {
            intercept: round(fit.response.intercept, 2),
            linear: round(fit.response.linear, 5),
            quadratic: round(fit.response.quadratic, 7),
            plateauLbPerAcre: round(fit.plateauLbPerAcre),
            plateauYieldBuPerAcre: round(fit.plateauYieldBuPerAcre),
            rSquared: round(fit.rSquared, 3),
            rmseBuPerAcre: round(fit.rmseBuPerAcre, 2),
            n: fit.n,
            eonrLbPerAcre: round(eonr.eonrLbPerAcre),
            eonrStandardErrorLbPerAcre: round(eonr.standardErrorLbPerAcre),
            eonrCi95LbPerAcre: { low: round(eonr.ci95LbPerAcre.low), high: round(eonr.ci95LbPerAcre.high) },
          }
        : null,
    priorMrtnLbPerAcre: prior,
    recommendedLbPerAcre: round(blend.eonrLbPerAcre),
    trialWeight: round(blend.trialWeight, 3),
    blendRule:
      blend.trialWeight > 0
        ? `${blend.reason}; σp is the assumed spread of site EONRs around the regional MRTN`
        : blend.reason,
    priceRatio: round(ratio, 4),
    previousCrop,
    ...prices,
    costAtRecommendedPerAcre: round(blend.eonrLbPerAcre * prices.nitrogenPricePerLb, 2),
    method:
      "quadratic-plateau (Cerrato & Blackmer 1990) by Levenberg-Marquardt least squares (Marquardt 1963); EONR 95% interval by the delta method with a t quantile on n − 3 df (Bates & Watts 1988)",
    sources: [DEFAULT_RESPONSE_SOURCE],
  };
}
