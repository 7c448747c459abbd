/**
 * A hybrid's GDD to black layer for the date it was planted. Hybrids planted after 1 May mature in fewer GDD
 * than their rating: about 6.8 GDD (°F, 86/50) fewer per day of delay beyond 1 May, for plantings from early
 * May to mid-June. Source: Nielsen, Thomison, Brown, Halter, Wells & Wuethrich (2002), "Delayed planting
 * effects on flowering and grain maturation of dent corn", Agronomy Journal 94:549-558; applied as in
 * Nielsen, "Hybrid Maturity Decisions for Delayed Planting", Purdue Corny News (rev. 2022): a 2,700 GDD
 * hybrid planted 31 May needs about 2,700 − 30 × 6.8 = 2,496 GDD.
 *
 * The adjusted requirement is used like any hybrid rating: the stage table is scaled to it (corn-stages.ts).
 */
export const DELAYED_PLANTING_GDD_PER_DAY = 6.8;
/** The rule's reference date (1 May) and the latest planting it was measured for (mid-June, 45 days later). */
const REFERENCE_MONTH_DAY = "05-01";
const MAX_DELAY_DAYS = 45;

export interface PlantingAdjustedMaturity {
  ratedGddToBlackLayerF: number;
  gddToBlackLayerF: number;
  daysAfterMay1: number;
  reductionGddF: number;
  /** The delay was beyond the studied range and was capped at its end. */
  capped: boolean;
  source: string;
}

export const DELAYED_PLANTING_SOURCE =
  "Nielsen et al. (2002), Agron. J. 94:549-558: 6.8 GDD (°F) less to black layer per day of planting after 1 May";

export function plantingAdjustedMaturity(
  ratedGddToBlackLayerF: number,
  plantingDate: string,
): PlantingAdjustedMaturity {
  if (!(ratedGddToBlackLayerF > 0)) throw new RangeError("ratedGddToBlackLayerF must be positive");
  const planted = Date.parse(`${plantingDate}T00:00:00Z`);
  if (Number.isNaN(planted)) throw new RangeError(`not a date: ${plantingDate}`);
  const reference = Date.parse(`${plantingDate.slice(0, 4)}-${REFERENCE_MONTH_DAY}T00:00:00Z`);
  const delay = Math.max(0, Math.round((planted - reference) / 86_400_000));
  const counted = Math.min(delay, MAX_DELAY_DAYS);
  const reduction = counted * DELAYED_PLANTING_GDD_PER_DAY;
  return {
    ratedGddToBlackLayerF,
    gddToBlackLayerF: ratedGddToBlackLayerF - reduction,
    daysAfterMay1: delay,
    reductionGddF: reduction,
    capped: delay > MAX_DELAY_DAYS,
    source: DELAYED_PLANTING_SOURCE,
  };
}
