/** The crop calendar and frost losses shaped for the api, shared by the field agronomy and the calculators. */
import {
  type CropCalendar as CalendarModel,
  celsiusToFahrenheit,
  cropCalendar,
  FROST_LOSS_SOURCE,
  type FrostDamage,
  type FrostLoss as FrostLossModel,
  frostYieldLoss,
  frostYieldLossWithLeafShare,
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
  const frostEvents = seasonFrosts(
    inputs,
    calendar,
    cumulativeOn,
    model.gdd.total,
    expectedYield,
    cornPricePerBu,
  );
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

/**
 * The season's frosts between silking and black layer, up to asOf: a frost recorded on the field says what it
 * killed and wins over the weather's reading of that day; other days at or below 32 °F are read from the weather.
 * Leaves die once (a second leaves-only frost takes nothing more); after a whole-plant kill nothing is left.
 */
function seasonFrosts(
  inputs: SeasonInputs,
  calendar: CalendarModel,
  cumulativeOn: ReadonlyMap<string, number>,
  totalGdd: number,
  expectedYield: number,
  cornPricePerBu: number,
): AgronomyFrostEvent[] {
  const rating = calendar.maturity.gddToBlackLayerF;
  const silking = calendar.stages.find((s) => s.code === "R1");
  const blackLayer = calendar.stages.find((s) => s.code === "R6");
  if (!silking?.reached || !silking.date) return [];
  const inGrainFill = (date: string) =>
    date >= silking.date! &&
    date <= inputs.asOf &&
    !(blackLayer?.reached && blackLayer.date && date >= blackLayer.date);
  const minTempOn = new Map(inputs.weather.map((d) => [d.date, d.tminC]));
  const recorded = new Map(inputs.events.frosts.filter((f) => inGrainFill(f.date)).map((f) => [f.date, f]));
  const candidates: { date: string; damage: FrostDamage; leafLossPct: number | null; recorded: boolean }[] =
    [];
  for (const day of inputs.weather) {
    if (recorded.has(day.date) || day.tminC === null || !inGrainFill(day.date)) continue;
    const minTempF = celsiusToFahrenheit(day.tminC);
    if (minTempF > FROST_F) continue;
    const damage: FrostDamage = minTempF <= KILLING_FREEZE_F ? "whole-plant" : "leaves-only";
    candidates.push({ date: day.date, damage, leafLossPct: null, recorded: false });
  }
  for (const f of recorded.values()) candidates.push({ ...f, recorded: true });
  candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frosts: AgronomyFrostEvent[] = [];
  let leavesCounted = false;
  for (const c of candidates) {
    if (c.damage === "leaves-only" && leavesCounted) continue;
    const gdd = cumulativeOn.get(c.date) ?? totalGdd;
    const stage = stageAt(gdd, rating);
    const tminC = minTempOn.get(c.date);
    frosts.push({
      date: c.date,
      minTempF: tminC === undefined || tminC === null ? null : round(celsiusToFahrenheit(tminC)),
      stage: { code: stage.code, name: stage.name },
      gddSincePlantingF: round(gdd),
      recorded: c.recorded,
      leafLossPct: c.leafLossPct,
      ...presentFrostLoss(
        frostYieldLossWithLeafShare(gdd, rating, c.damage, c.leafLossPct),
        c.damage,
        expectedYield,
        cornPricePerBu,
      ),
    });
    if (c.damage === "whole-plant") break; // nothing is left for a later frost to take
    leavesCounted = true;
  }
  return frosts;
}
