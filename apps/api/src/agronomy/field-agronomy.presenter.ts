/** Rounds the assembled agronomy model and shapes it as the field-agronomy contract says. */
import { DEFAULT_RESPONSE_SOURCE, LSNT_SOURCE, type SeedingRateResult } from "@unicorn/agronomy";
import type {
  AgronomyEt,
  AgronomyGdd,
  AgronomyNitrogen,
  AgronomySeason,
  AgronomySeedingRate,
  FieldAgronomy,
} from "@unicorn/contracts";
import type { FieldAgronomyModel, Prices } from "./field-agronomy.model";
import type { FieldSeason } from "./field-agronomy.repository";
import { presentWaterBalance } from "./field-water.presenter";

const SEEDING_RESPONSE_SOURCE =
  "central-Iowa default response (maximum near 36,000 seeds/acre); use the calculator with your own trial curve";

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function presentFieldAgronomy(input: {
  fieldId: string;
  asOf: string;
  season: FieldSeason | undefined;
  model: FieldAgronomyModel | undefined;
  seeding: SeedingRateResult;
  prices: Prices;
}): Omit<FieldAgronomy, "alerts" | "lifecycle"> {
  const { model, season } = input;
  const seedingRate = presentSeedingRate(input.seeding, input.prices);
  if (!model || !season)
    return {
      fieldId: input.fieldId,
      asOf: input.asOf,
      season: null,
      gdd: null,
      et: null,
      waterBalance: null,
      nitrogen: null,
      seedingRate,
    };
  return {
    fieldId: input.fieldId,
    asOf: input.asOf,
    season: presentSeason(season, model),
    gdd: presentGdd(model),
    et: presentEt(model),
    waterBalance: presentWaterBalance(model.water, model.balance),
    nitrogen: presentNitrogen(model, input.prices),
    seedingRate,
  };
}

export function presentSeason(season: FieldSeason, model: FieldAgronomyModel): AgronomySeason {
  return {
    id: season.id,
    year: season.year,
    hybrid: season.hybrid,
    plantingDate: model.plantingDate,
    gddToBlackLayerF: season.gddToBlackLayerF,
    seedingRateThousandPerAcre: season.seedingRateThousandPerAcre,
    previousCrop: season.previousCrop,
  };
}

export function presentGdd({ gdd }: FieldAgronomyModel): AgronomyGdd {
  const dateOf = (code: string) => gdd.projections.find((s) => s.code === code)?.date ?? null;
  return {
    unit: "F",
    method: "86/50",
    sincePlanting: round(gdd.total),
    stage: { code: gdd.stage.code, name: gdd.stage.name },
    thresholds: gdd.thresholds.map((s) => ({ code: s.code, name: s.name, gdd: s.gdd })),
    daily: gdd.days.map((d) => ({ date: d.date, gdd: round(d.gdd), cumulative: round(d.cumulative) })),
    projected: {
      silkingDate: dateOf("R1"),
      blackLayerDate: dateOf("R6"),
      stages: gdd.projections.map((s) => ({
        code: s.code,
        name: s.name,
        gdd: s.gdd,
        date: s.date,
        reached: s.reached,
      })),
      basis: gdd.normalsBasis,
    },
    missingWeatherDays: gdd.missingWeatherDays,
  };
}

export function presentEt({ water }: FieldAgronomyModel): AgronomyEt | null {
  if (!water) return null;
  return {
    date: water.today.date,
    et0Mm: round(water.today.et0Mm, 2),
    kc: round(water.today.kc, 3),
    etcMm: round(water.today.etcAdjMm, 2),
  };
}

/** The engine already rounds its economics to display precision. */
export function presentNitrogen({ nitrogen }: FieldAgronomyModel, prices: Prices): AgronomyNitrogen {
  const { lsnt } = nitrogen;
  return {
    eonrLbPerAcre: nitrogen.eonrLbPerAcre,
    profitableRangeLbPerAcre: nitrogen.profitableRangeLbPerAcre,
    yieldAtEonrBuPerAcre: nitrogen.yieldAtEonrBuPerAcre,
    netReturnAtEonrPerAcre: nitrogen.netReturnAtEonrPerAcre,
    plateauLbPerAcre: nitrogen.plateauLbPerAcre,
    priceRatio: nitrogen.priceRatio,
    appliedLbPerAcre: nitrogen.appliedLbPerAcre,
    remainingLbPerAcre: nitrogen.remainingLbPerAcre,
    costStillToApplyPerAcre: nitrogen.costStillToApplyPerAcre,
    soilNitrateTest: lsnt
      ? {
          date: lsnt.date,
          nitratePpm: lsnt.nitratePpm,
          samplingStage: lsnt.samplingStage,
          wetSpring: lsnt.wetSpring,
          manured: lsnt.manured,
          criticalPpm: lsnt.criticalPpm,
          shortfallPpm: lsnt.shortfallPpm,
          sidedressLbPerAcre: lsnt.sidedressLbPerAcre,
          rule: lsnt.rule,
          ruleQuantities: lsnt.ruleQuantities,
          source: LSNT_SOURCE,
        }
      : null,
    previousCrop: nitrogen.previousCrop,
    nitrogenPricePerLb: prices.nitrogenPricePerLb,
    cornPricePerBu: prices.cornPricePerBu,
    responseSource: DEFAULT_RESPONSE_SOURCE,
    sources: lsnt ? [DEFAULT_RESPONSE_SOURCE, LSNT_SOURCE] : [DEFAULT_RESPONSE_SOURCE],
  };
}

export function presentSeedingRate(seeding: SeedingRateResult, prices: Prices): AgronomySeedingRate {
  return {
    ...seeding,
    seedPricePerThousand: prices.seedPricePerThousand,
    cornPricePerBu: prices.cornPricePerBu,
    responseSource: SEEDING_RESPONSE_SOURCE,
  };
}
