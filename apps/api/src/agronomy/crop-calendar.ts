/** The crop calendar and frost losses shaped for the api, shared by the field agronomy and the calculators. */
import {
  type CropCalendar as CalendarModel,
  celsiusToFahrenheit,
  cropCalendar,
  FROST_LOSS_SOURCE,
  type FrostDamage,
  type FrostLoss as FrostLossModel,
  frostYieldLoss,
  stageAt,
} from "@unicorn/agronomy";
import type { AgronomyCalendar, AgronomyFrostEvent, CropCalendar, FrostLoss } from "@unicorn/contracts";
import type { FieldAgronomyModel, SeasonInputs } from "./field-agronomy.model";

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function presentCropCalendar(calendar: CalendarModel, normalsBasis: string): CropCalendar {
  const { maturity, frost } = calendar;
  return {
    ratedGddToBlackLayerF: maturity.ratedGddToBlackLayerF,
    gddToBlackLayerF: round(maturity.gddToBlackLayerF),
    daysAfterMay1: maturity.daysAfterMay1,
    reductionGddF: round(maturity.reductionGddF),
    adjustmentCapped: maturity.capped,
    adjustmentSource: maturity.source,
    stages: calendar.stages.map((s) => ({
      code: s.code,
      name: s.name,
      gdd: round(s.gdd),
      date: s.date,
      reached: s.reached,
    })),
    silkingDate: calendar.silkingDate,
    blackLayerDate: calendar.blackLayerDate,
    frost: {
      ...frost,
      probabilityBlackLayerBeforeFrost32F: round(frost.probabilityBlackLayerBeforeFrost32F, 3),
      probabilityBlackLayerBeforeKilling28F: round(frost.probabilityBlackLayerBeforeKilling28F, 3),
    },
    normalsBasis,
  };
}

export function presentFrostLoss(
  loss: FrostLossModel,
  damage: FrostDamage,
  expectedYieldBuPerAcre: number,
  cornPricePerBu: number,
): FrostLoss {
  const bushels = (expectedYieldBuPerAcre * loss.yieldLossPct) / 100;
  return {
    damage,
    yieldLossPct: round(loss.yieldLossPct),
    lowerBound: loss.lowerBound,
    basis: loss.basis,
    yieldLossBuPerAcre: round(bushels),
    valuePerAcre: round(bushels * cornPricePerBu, 2),
    source: FROST_LOSS_SOURCE,
  };
}

/** Frost thresholds of NCH-57: below 32 °F leaves are damaged; at 28 °F or below the whole plant is killed. */
const FROST_F = 32;
const KILLING_FREEZE_F = 28;

/**
 * The field's crop calendar: stages on its own (or the regional) normals, the odds of maturing before the
 * first fall frost, and the frosts its weather recorded between silking and black layer with their cost.
 * Frosts before silking are not counted: until V5-V6 the growing point is below ground, and the loss
 * tables describe frost during grain fill.
 */
export function presentFieldCalendar(
  inputs: SeasonInputs,
  model: FieldAgronomyModel,
  cornPricePerBu: number,
): AgronomyCalendar {
  const calendar = cropCalendar({
    plantingDate: model.plantingDate,
    ratedGddToBlackLayerF: inputs.season.gddToBlackLayerF,
    observed: model.gdd.days,
    normals: model.gdd.normals,
  });
  const rating = calendar.maturity.gddToBlackLayerF;
  const silking = calendar.stages.find((s) => s.code === "R1");
  const blackLayer = calendar.stages.find((s) => s.code === "R6");
  const cumulativeOn = new Map(model.gdd.days.map((d) => [d.date, d.cumulative]));
  const expectedYield = model.nitrogen.yieldAtEonrBuPerAcre;
  const frostEvents: AgronomyFrostEvent[] = [];
  let leavesCounted = false;
  for (const day of inputs.weather) {
    if (day.tminC === null || !silking?.reached || !silking.date || day.date < silking.date) continue;
    if (blackLayer?.reached && blackLayer.date && day.date >= blackLayer.date) break;
    const minTempF = celsiusToFahrenheit(day.tminC);
    if (minTempF > FROST_F) continue;
    const damage: FrostDamage = minTempF <= KILLING_FREEZE_F ? "whole-plant" : "leaves-only";
    if (damage === "leaves-only" && leavesCounted) continue;
    const gdd = cumulativeOn.get(day.date) ?? model.gdd.total;
    const stage = stageAt(gdd, rating);
    frostEvents.push({
      date: day.date,
      minTempF: round(minTempF),
      stage: { code: stage.code, name: stage.name },
      gddSincePlantingF: round(gdd),
      ...presentFrostLoss(frostYieldLoss(gdd, rating, damage), damage, expectedYield, cornPricePerBu),
    });
    if (damage === "whole-plant") break; // nothing is left for a later frost to take
    leavesCounted = true;
  }
  const killed = frostEvents.some((f) => f.damage === "whole-plant");
  const growing = silking?.reached && !blackLayer?.reached && !killed;
  const today = stageAt(model.gdd.total, rating);
  const priced = (damage: FrostDamage) =>
    presentFrostLoss(frostYieldLoss(model.gdd.total, rating, damage), damage, expectedYield, cornPricePerBu);
  return {
    ...presentCropCalendar(calendar, model.gdd.normalsBasis),
    frostEvents,
    frostToday: growing
      ? {
          stage: { code: today.code, name: today.name },
          wholePlant: priced("whole-plant"),
          leavesOnly: priced("leaves-only"),
        }
      : null,
    expectedYieldBuPerAcre: round(expectedYield),
    expectedYieldBasis: "yield at the economic optimum N rate of the default response for the previous crop",
  };
}
