/** The crop calendar and frost losses shaped for the api, shared by the field agronomy and the calculators. */
import {
  type CropCalendar as CalendarModel,
  celsiusToFahrenheit,
  FROST_LOSS_SOURCE,
  type FrostDamage,
  type FrostLoss as FrostLossModel,
  type NormalDay,
} from "@unicorn/agronomy";
import type { CropCalendar, FrostLoss } from "@unicorn/contracts";
import { centralIowaNormal } from "./regional-normals";

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The central-Iowa normals in °F, as the stage projection takes them. */
export function regionalNormalF(dayOfYear: number): NormalDay {
  const n = centralIowaNormal(dayOfYear);
  return { dayOfYear, tmaxF: celsiusToFahrenheit(n.tmaxC), tminF: celsiusToFahrenheit(n.tminC) };
}

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
