/**
 * Fall frost: the chance that the first freeze comes after a date, and the yield a frost costs by stage.
 *
 * Freeze dates: the first fall 32 °F and 28 °F dates are close to normally distributed from year to year
 * (Thom & Shaw 1958, "Climatological analysis of freeze data for Iowa", Monthly Weather Review 86:251-257),
 * so a station's published 10 %, 50 % and 90 % probability dates define the distribution: mean = the 50 %
 * date, σ = (90 % − 10 %) / (2 × 1.2816).
 */

export interface FreezeDateNormals {
  /** Month-day of the date by which the first fall freeze has occurred in 10 %, 50 % and 90 % of years. */
  p10: string;
  p50: string;
  p90: string;
}

export interface FallFreezeNormals {
  station: string;
  source: string;
  /** First 32 °F: leaves killed (a "frost"). */
  frost32F: FreezeDateNormals;
  /** First 28 °F: the killing freeze for the whole plant (Carter & Hesterman 1990). */
  killing28F: FreezeDateNormals;
}

/**
 * Ames, Iowa (central Iowa): NOAA NCEI freeze/frost probability dates for the station, as republished at
 * victoryseeds.com/a/h/frost-dates/ames,+ia (first 32 °F: Sep 22 / Oct 6 / Oct 20; first 28 °F: Oct 5 /
 * Oct 17 / Oct 28). Consistent with ISU Extension "Frost Dates in Iowa" (1950-2021) for neighbouring Boone
 * County: Sep 23 / Oct 6 / Oct 20.
 */
export const CENTRAL_IOWA_FALL_FREEZE: FallFreezeNormals = {
  station: "Ames, IA",
  source: "NOAA NCEI freeze/frost probability dates for Ames, IA (10 %, 50 %, 90 %)",
  frost32F: { p10: "09-22", p50: "10-06", p90: "10-20" },
  killing28F: { p10: "10-05", p50: "10-17", p90: "10-28" },
};

const Z90 = 1.2816;
const dayOfYearOf = (year: number, monthDay: string) =>
  (Date.parse(`${year}-${monthDay}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;

/** Standard normal CDF (Abramowitz & Stegun 1964, 26.2.17; |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/** Probability that the first fall freeze comes after the given date (the crop sees that date frost-free). */
export function probabilityFreezeAfter(normals: FreezeDateNormals, isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const day = dayOfYearOf(year, isoDate.slice(5, 10));
  const mean = dayOfYearOf(year, normals.p50);
  const sigma = (dayOfYearOf(year, normals.p90) - dayOfYearOf(year, normals.p10)) / (2 * Z90);
  return 1 - normalCdf((day - mean) / sigma);
}

/**
 * Yield loss from frost before black layer, by stage. Source: Carter & Hesterman (1990), "Handling Corn
 * Damaged by Autumn Frost", National Corn Handbook NCH-57, as summarised by Nielsen ("Effects of Early
 * Frost on Immature Corn", Purdue, 1995): whole plant killed 55, 41 and 12 % at soft dough (R4), full dent
 * (R5) and half milk line; leaves only killed 35, 27 and 6 %; none at black layer (R6). Between those
 * stages the loss is interpolated linearly in GDD (half milk line taken midway between R5 and R6). Before
 * soft dough the table gives no figure: the soft-dough loss is reported as a lower bound.
 */
export type FrostDamage = "whole-plant" | "leaves-only";

const LOSS_TABLE: readonly { stage: string; fractionOfR6: number; wholePlant: number; leavesOnly: number }[] =
  [
    { stage: "R4 soft dough", fractionOfR6: 2190 / 2700, wholePlant: 55, leavesOnly: 35 },
    { stage: "R5 full dent", fractionOfR6: 2450 / 2700, wholePlant: 41, leavesOnly: 27 },
    { stage: "R5.5 half milk line", fractionOfR6: 2575 / 2700, wholePlant: 12, leavesOnly: 6 },
    { stage: "R6 black layer", fractionOfR6: 1, wholePlant: 0, leavesOnly: 0 },
  ];

export const FROST_LOSS_SOURCE =
  "Carter & Hesterman (1990), NCH-57 Handling Corn Damaged by Autumn Frost (whole plant 55/41/12 %, leaves only 35/27/6 % at R4/R5/half milk line)";

export interface FrostLoss {
  yieldLossPct: number;
  /** True before soft dough, where the published table ends and the figure is a lower bound. */
  lowerBound: boolean;
  /** The published stage the figure comes from, or the two it lies between. */
  basis: string;
}

/** The expected loss for frost at the given GDD since planting, for a hybrid needing gddToBlackLayerF. */
export function frostYieldLoss(
  accumulatedGddF: number,
  gddToBlackLayerF: number,
  damage: FrostDamage,
): FrostLoss {
  if (!(gddToBlackLayerF > 0)) throw new RangeError("gddToBlackLayerF must be positive");
  const fraction = accumulatedGddF / gddToBlackLayerF;
  const pick = (row: (typeof LOSS_TABLE)[number]) =>
    damage === "whole-plant" ? row.wholePlant : row.leavesOnly;
  const first = LOSS_TABLE[0]!;
  if (fraction <= first.fractionOfR6)
    return { yieldLossPct: pick(first), lowerBound: fraction < first.fractionOfR6, basis: first.stage };
  for (let i = 1; i < LOSS_TABLE.length; i++) {
    const hi = LOSS_TABLE[i]!;
    const lo = LOSS_TABLE[i - 1]!;
    if (fraction <= hi.fractionOfR6) {
      const w = (fraction - lo.fractionOfR6) / (hi.fractionOfR6 - lo.fractionOfR6);
      const loss = pick(lo) + w * (pick(hi) - pick(lo));
      return {
        yieldLossPct: loss,
        lowerBound: false,
        basis: w === 1 ? hi.stage : `between ${lo.stage} and ${hi.stage}`,
      };
    }
  }
  return { yieldLossPct: 0, lowerBound: false, basis: "R6 black layer" };
}

/**
 * A frost that killed only part of the leaves. NCH-57's leaves-only row is for every leaf killed; for a
 * partial kill the loss is taken in proportion to the share of leaf area lost (the product's assumption: the
 * table gives no intermediate rows). A whole-plant kill, or leaves-only without a share, is the table's own.
 */
export function frostYieldLossWithLeafShare(
  accumulatedGddF: number,
  gddToBlackLayerF: number,
  damage: FrostDamage,
  leafLossPct?: number | null,
): FrostLoss {
  const loss = frostYieldLoss(accumulatedGddF, gddToBlackLayerF, damage);
  if (damage === "whole-plant" || leafLossPct === undefined || leafLossPct === null) return loss;
  if (!(leafLossPct >= 0 && leafLossPct <= 100)) throw new RangeError("leafLossPct must be in 0-100");
  return {
    ...loss,
    yieldLossPct: (loss.yieldLossPct * leafLossPct) / 100,
    basis: `${loss.basis}, ${leafLossPct} % of the leaves killed`,
  };
}
