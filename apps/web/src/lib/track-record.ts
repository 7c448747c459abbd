import type { FieldTrackRecord, ForecastSnapshot, Prediction } from "@unicorn/contracts";
import { formatYield, formatYieldRange, type UnitPrefs } from "./units";

/** A difference under half a bushel rounds to nothing at the precision the card prints. */
const NEGLIGIBLE_BU = 0.5;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "8 bu/ac more than", "3 bu/ac less than" or "about what was": a harvest minus a forecast, in words. */
export function differenceWords(harvestMinusForecast: number, units: UnitPrefs): string {
  if (Math.abs(harvestMinusForecast) < NEGLIGIBLE_BU) return "about what was";
  const amount = formatYield(Math.abs(harvestMinusForecast), units);
  return `${amount} ${harvestMinusForecast > 0 ? "more" : "less"} than`;
}

/** Whether a harvest fell inside a forecast's 80 % range; null when the forecast had no range. */
export function insideRange(harvest: number, p10: number | null | undefined, p90: number | null | undefined) {
  if (p10 === null || p10 === undefined || p90 === null || p90 === undefined) return null;
  return harvest >= p10 && harvest <= p90;
}

/** One sentence on how the forecasts did against the field's recorded harvests. */
export function trackRecordSummary(record: FieldTrackRecord, units: UnitPrefs): string {
  const n = record.seasons.length;
  const inside = Math.round(record.insideIntervalShare * n);
  const mean = differenceWords(record.meanErrorBuPerAcre, units);
  const typical = n > 1 ? ` (a typical miss of ${formatYield(record.rmseBuPerAcre, units)})` : "";
  return (
    `Over ${plural(n, "recorded harvest")}, this field yielded ${n > 1 ? "on average " : ""}${mean} forecast` +
    `${typical}; the harvest fell inside the forecast's 80 % range in ${inside} of ${plural(n, "season")}.`
  );
}

/**
 * What counting the field's record does to the live forecast: the shift, the range before and after, and how
 * sure the shift is (its standard error, the API's posterior sd of the field's bias).
 */
export function correctionSummary(
  correction: NonNullable<FieldTrackRecord["correction"]>,
  prediction: Pick<Prediction, "p10" | "p50" | "p90">,
  seasons: number,
  units: UnitPrefs,
): string {
  const shift = correction.p50 - prediction.p50;
  const from = formatYieldRange(prediction.p50, prediction.p10, prediction.p90, units);
  const to = formatYieldRange(correction.p50, correction.p10, correction.p90, units);
  const moved =
    Math.abs(shift) < NEGLIGIBLE_BU
      ? "leaves the forecast where it was"
      : `moves the forecast ${shift > 0 ? "up" : "down"} by ${formatYield(Math.abs(shift), units)}`;
  return (
    `Counting this field's ${plural(seasons, "recorded harvest")} ${moved}: ${from} becomes ${to}. ` +
    `The range is wider because ${seasons === 1 ? "one season says" : `${seasons} seasons say`} only so much ` +
    `about the field: the shift itself is uncertain by about ±${formatYield(correction.biasStandardErrorBuPerAcre, units)}.`
  );
}

/** The harvest beside the last forecast kept before it, in one sentence. */
export function outcomeSummary(
  harvest: { yieldBuPerAcre: number; harvestDate: string },
  last: ForecastSnapshot | undefined,
  units: UnitPrefs,
): string {
  const harvested = `Harvested ${formatYield(harvest.yieldBuPerAcre, units)} on ${harvest.harvestDate}.`;
  if (!last) return `${harvested} No forecast was kept during the season to compare it with.`;
  const inside = insideRange(harvest.yieldBuPerAcre, last.p10, last.p90);
  return (
    `${harvested} The last forecast, at ${last.stageCode} on ${last.madeOn}, was ` +
    `${formatYieldRange(last.p50, last.p10, last.p90, units)}: the field yielded ` +
    `${differenceWords(harvest.yieldBuPerAcre - last.p50, units)} forecast` +
    `${inside === null ? "" : inside ? ", inside its 80 % range" : ", outside its 80 % range"}.`
  );
}

/**
 * What the model can and cannot say about a difference, in the model card's own terms ("County scale, not field
 * scale: a field's forecast is what its county would yield with the field's weather"; its inputs hold no
 * field-level management record). It names no cause: the card supports none for a single field's miss.
 */
export const MODEL_SCOPE_NOTE =
  "The model forecasts what the county would yield with this field's weather: it uses the county's soils and " +
  "yield history, not this field's own soil, hybrid or management. A difference that repeats year after year " +
  "is this field's own, and is what the correction counts in; the forecast cannot tell what caused it.";
