import {
  accumulateGdd,
  adjustKcForClimate,
  cropCalendar,
  DEFAULT_NITROGEN_RESPONSES,
  DEFAULT_RESPONSE_SOURCE,
  frostYieldLossWithLeafShare,
  hourlySoilHeatFlux,
  irrigationSchedule,
  kcForDate,
  LSNT_SOURCE,
  lsntSidedress,
  MAIZE_KC,
  monthlySoilHeatFlux,
  nitrogenRecommendation,
  planIrrigation,
  type QuadraticResponse,
  referenceEt0,
  runWaterBalance,
  type SurfaceDayResult,
  seedingRateOptimum,
  stageAt,
  type TemperatureUnit,
  totalAvailableWater,
} from "@unicorn/agronomy";
import type {
  CalcIrrigationPlan,
  CalcIrrigationSystem,
  CropCalendar,
  CropCalendarRequest,
  Et0Request,
  Et0Response,
  FrostLoss,
  FrostLossRequest,
  GddRequest,
  GddResponse,
  HourlyEt0Request,
  HourlyEt0Response,
  NitrogenRequest,
  NitrogenResponse,
  SeedingRateRequest,
  SeedingRateResponse,
  SoilHeatFluxRequest,
  SoilHeatFluxResponse,
  WaterBalanceRequest,
  WaterBalanceResponse,
} from "@unicorn/contracts";
import { MAX_NITROGEN_PLATEAU_LB_PER_ACRE, MAX_SEEDING_MAXIMUM_THOUSAND_PER_ACRE } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import { presentCropCalendar, presentFrostLoss } from "../agronomy/crop-calendar";
import { hourlyEt0OfDay } from "../agronomy/hourly-et0";
import { REGIONAL_NORMALS_BASIS, regionalNormalF } from "../agronomy/regional-normals";
import { resolveIrrigationSystem } from "../irrigation/irrigation-system.settings";
import {
  basalCoefficients,
  type DualCoefficientSettings,
  settingsClimate,
  surfaceEvaporation,
} from "./dual-coefficient";

const F_PER_C = 9 / 5;
const nextDay = (iso: string) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function checkConsecutive(days: readonly { date: string }[], field: string): void {
  for (let i = 1; i < days.length; i++) {
    if (days[i]!.date <= days[i - 1]!.date)
      throw errors.unprocessable(
        "dates must be in increasing order, one entry per day",
        `${field}[${i}].date`,
      );
  }
}

/** The curve must rise, then peak at an input a field can take: otherwise there is no finite, meaningful optimum. */
function checkResponse(response: QuadraticResponse, maxPeak: number, unit: string): void {
  if (!(response.quadratic < 0))
    throw errors.unprocessable("must be negative: the response needs a maximum", "response.quadratic");
  if (!(response.linear > 0)) throw errors.unprocessable("must be positive", "response.linear");
  const peak = -response.linear / (2 * response.quadratic);
  if (!(peak <= maxPeak)) {
    throw errors.unprocessable(
      `the curve peaks at ${peak.toPrecision(3)} ${unit}, beyond ${maxPeak}: it has no meaningful optimum (is response.quadratic too close to 0?)`,
      "response.quadratic",
    );
  }
}

/** Stateless what-if calculators over the agronomy engine: validation beyond the schema lives here. */
export const calculators = {
  gdd(input: GddRequest): GddResponse {
    input.days.forEach((day, i) => {
      if (day.tmin > day.tmax) throw errors.unprocessable("tmin is above tmax", `days[${i}].tmin`);
    });
    checkConsecutive(input.days, "days");
    const unit = input.unit as TemperatureUnit;
    const days = accumulateGdd(input.days, unit);
    const total = days[days.length - 1]!.cumulative;
    const result = {
      unit,
      method: unit === "F" ? "86/50 °F" : "30/10 °C",
      days,
      total,
    };
    if (input.gddToBlackLayer === undefined) return result;
    // Stage thresholds are published in °F GDD; a °C GDD is 9/5 of a °F GDD.
    const scale = unit === "F" ? 1 : F_PER_C;
    const stage = stageAt(total * scale, input.gddToBlackLayer * scale);
    return { ...result, stage: { code: stage.code, name: stage.name } };
  },

  et0(input: Et0Request): Et0Response {
    if (input.tminC > input.tmaxC) throw errors.unprocessable("tminC is above tmaxC", "tminC");
    if (input.rhMinPct !== undefined && input.rhMaxPct !== undefined && input.rhMinPct > input.rhMaxPct)
      throw errors.unprocessable("rhMinPct is above rhMaxPct", "rhMinPct");
    if (input.dewPointC !== undefined && input.dewPointC > input.tmaxC)
      throw errors.unprocessable("the dew point cannot exceed the maximum temperature", "dewPointC");
    if (Number.isNaN(Date.parse(input.date))) throw errors.badRequest("not a real date", "date");
    return referenceEt0(input);
  },

  hourlyEt0(input: HourlyEt0Request): HourlyEt0Response {
    if (Number.isNaN(Date.parse(input.date))) throw errors.badRequest("not a real date", "date");
    const seen = new Set<number>();
    input.hours.forEach((h, i) => {
      if (seen.has(h.hour)) throw errors.unprocessable("each hour may be given once", `hours[${i}].hour`);
      seen.add(h.hour);
    });
    return hourlyEt0OfDay(input);
  },

  soilHeatFlux(input: SoilHeatFluxRequest): SoilHeatFluxResponse {
    if (input.step === "daily") return { gMJ: 0, equation: "FAO-56 eq. 42 (daily: G ≈ 0)" };
    if (input.step === "hourly")
      return {
        gMJ: hourlySoilHeatFlux(input.rnMJ, input.daytime),
        equation: input.daytime
          ? "FAO-56 eq. 45 (daylight: G = 0.1 Rn)"
          : "FAO-56 eq. 46 (night: G = 0.5 Rn)",
      };
    if (input.nextMonthC === undefined && input.thisMonthC === undefined)
      throw errors.unprocessable("give nextMonthC (eq. 43) or thisMonthC (eq. 44)", "nextMonthC");
    const g = monthlySoilHeatFlux(input);
    return { gMJ: g.gMJ, equation: `FAO-56 eq. ${g.equation}` };
  },

  cropCalendar(input: CropCalendarRequest): CropCalendar {
    if (Number.isNaN(Date.parse(input.plantingDate)))
      throw errors.badRequest("not a real date", "plantingDate");
    return presentCropCalendar(
      cropCalendar({
        plantingDate: input.plantingDate,
        ratedGddToBlackLayerF: input.gddToBlackLayerF,
        observed: [],
        normals: regionalNormalF,
      }),
      REGIONAL_NORMALS_BASIS,
    );
  },

  frostLoss(input: FrostLossRequest): FrostLoss {
    if (input.damage === "whole-plant" && input.leafLossPct !== undefined)
      throw errors.unprocessable("applies to a leaves-only frost", "leafLossPct");
    return presentFrostLoss(
      frostYieldLossWithLeafShare(
        input.gddSincePlantingF,
        input.gddToBlackLayerF,
        input.damage,
        input.leafLossPct,
      ),
      input.damage,
      input.expectedYieldBuPerAcre,
      input.cornPricePerBu,
    );
  },

  nitrogen(input: NitrogenRequest): NitrogenResponse {
    if (input.response && input.previousCrop)
      throw errors.badRequest("give either response or previousCrop, not both", "previousCrop");
    const response =
      input.response ?? (input.previousCrop ? DEFAULT_NITROGEN_RESPONSES[input.previousCrop] : undefined);
    if (!response) throw errors.badRequest("give a response curve or the previous crop", "response");
    checkResponse(response, MAX_NITROGEN_PLATEAU_LB_PER_ACRE, "lb N/acre");
    if (!(input.nitrogenPricePerLb > 0)) throw errors.unprocessable("must be positive", "nitrogenPricePerLb");
    if (!(input.cornPricePerBu > 0)) throw errors.unprocessable("must be positive", "cornPricePerBu");
    const result = nitrogenRecommendation(
      response,
      { nitrogenPricePerLb: input.nitrogenPricePerLb, cornPricePerBu: input.cornPricePerBu },
      input.appliedLbPerAcre ?? 0,
    );
    const responseSource = input.response ? "the response given in the request" : DEFAULT_RESPONSE_SOURCE;
    const used = {
      nitrogenPricePerLb: input.nitrogenPricePerLb,
      cornPricePerBu: input.cornPricePerBu,
      responseSource,
    };
    const test = input.soilNitrateTest;
    if (!test) return { ...result, soilNitrateTest: null, ...used, sources: [responseSource] };
    const wetSpring = test.wetSpring ?? false;
    const manured = test.manured ?? false;
    const lsnt = lsntSidedress({ nitratePpm: test.nitratePpm, wetSpring, manured });
    // The test measures the N in the soil, fertilizer applied before it included (Blackmer et al. 1997).
    return {
      ...result,
      remainingLbPerAcre: lsnt.sidedressLbPerAcre,
      costStillToApplyPerAcre: Math.round(lsnt.sidedressLbPerAcre * input.nitrogenPricePerLb * 100) / 100,
      soilNitrateTest: {
        date: null,
        nitratePpm: test.nitratePpm,
        samplingStage: test.samplingStage ?? null,
        wetSpring,
        manured,
        ...lsnt,
        source: LSNT_SOURCE,
      },
      ...used,
      sources: [responseSource, LSNT_SOURCE],
    };
  },

  seedingRate(input: SeedingRateRequest): SeedingRateResponse {
    checkResponse(input.response, MAX_SEEDING_MAXIMUM_THOUSAND_PER_ACRE, "thousand seeds/acre");
    if (!(input.seedPricePerThousand > 0))
      throw errors.unprocessable("must be positive", "seedPricePerThousand");
    if (!(input.cornPricePerBu > 0)) throw errors.unprocessable("must be positive", "cornPricePerBu");
    return seedingRateOptimum(input.response, input, input.standEstablishment);
  },

  waterBalance(input: WaterBalanceRequest): WaterBalanceResponse {
    const s = input.stages;
    const order = ["planting", "developmentStart", "midSeasonStart", "lateSeasonStart", "harvest"] as const;
    for (let i = 1; i < order.length; i++) {
      if (s[order[i]!] < s[order[i - 1]!])
        throw errors.unprocessable(`must not be before stages.${order[i - 1]}`, `stages.${order[i]}`);
    }
    checkConsecutive(input.days, "days");
    const taw = totalAvailableWater(input.soil);
    if ((input.initialDepletionMm ?? 0) > taw)
      throw errors.unprocessable(`cannot exceed the total available water (${taw} mm)`, "initialDepletionMm");
    const crop = input.crop ?? {};
    const table = {
      ini: crop.kcIni ?? MAIZE_KC.ini,
      mid: crop.kcMid ?? MAIZE_KC.mid,
      end: crop.kcEnd ?? MAIZE_KC.end,
    };
    const height = crop.heightM ?? MAIZE_KC.heightM;
    const climate = input.climate;
    // Eq. 62 applies to Kc end only when it is at least 0.45 (FAO-56 ch. 6).
    const kc = climate
      ? {
          ini: table.ini,
          mid: adjustKcForClimate(table.mid, climate.u2Ms, climate.rhMinPct, height),
          end:
            table.end >= 0.45
              ? adjustKcForClimate(table.end, climate.u2Ms, climate.rhMinPct, height)
              : table.end,
        }
      : table;
    const maxRoot = Math.max(...input.days.map((d) => d.rootDepthM ?? 0));
    if (maxRoot > input.soil.rootDepthM)
      throw errors.unprocessable(
        "a day's rooting depth cannot exceed soil.rootDepthM, the root zone's maximum",
        "days",
      );
    const dual = dualSettings(input, s, height);
    const observed = input.days.map((d) => ({
      date: d.date,
      et0Mm: d.et0Mm,
      rainMm: d.rainMm ?? 0,
      irrigationMm: d.irrigationMm ?? 0,
    }));
    const surface = dual && surfaceEvaporation(dual, observed, input.evaporation?.initialDepletionMm ?? 0);
    const balance = runWaterBalance(
      input.soil,
      observed.map((d, i) => ({
        ...d,
        ...(surface ? { kc: surface[i]!.kcb, ke: surface[i]!.ke } : { kc: kcForDate(d.date, s, kc) }),
        rootDepthM: input.days[i]!.rootDepthM,
      })),
      input.initialDepletionMm ?? 0,
      { pTable: crop.depletionFractionP, percolation: input.percolation, allRainEffective: !!surface },
    );
    const days = surface ? balance.map((d, i) => withSurface(d, surface[i]!)) : balance;
    const last = days[days.length - 1]!;
    const recent = days.slice(-7);
    const expectedEt0 = input.forecastEt0Mm ?? recent.reduce((sum, d) => sum + d.et0Mm, 0) / recent.length;
    // The coming days' Kc; with the dual method Kcb + Ke as the surface keeps drying (no rain is forecast).
    const coming: string[] = [];
    for (let i = 0; i < 14; i++) coming.push(nextDay(coming[i - 1] ?? last.date));
    const lastSurface = surface?.[surface.length - 1];
    const comingSurface =
      dual &&
      lastSurface &&
      surfaceEvaporation(
        dual,
        coming.map((date) => ({ date, et0Mm: expectedEt0, rainMm: 0, irrigationMm: 0 })),
        lastSurface.depletionMm,
        lastSurface.wettedFraction,
      );
    const comingKc = new Map(comingSurface ? comingSurface.map((d) => [d.date, d.kcb + d.ke]) : []);
    const kcOn = (date: string) => comingKc.get(date) ?? kcForDate(date, s, kc);
    const forecastDays = coming.slice(0, 7).map((date) => ({ date, et0Mm: expectedEt0, kc: kcOn(date) }));
    // The coming days keep the last day's rooting depth.
    const soilNow = { ...input.soil, rootDepthM: last.rootDepthM ?? input.soil.rootDepthM };
    const plan = irrigationSchedule(soilNow, last.depletionMm, forecastDays, {
      efficiency: input.efficiency ?? 0.85,
      pTable: crop.depletionFractionP,
      percolation: input.percolation,
    });
    return {
      method: dual ? "dual" : "single",
      kc: dual ? dual.kcb : kc,
      tawMm: totalAvailableWater(soilNow),
      rawMm: last.rawMm,
      depletionMm: last.depletionMm,
      ks: last.ks,
      days,
      forecast: plan.days,
      schedule: plan.events,
      ...(input.irrigationSystem && {
        irrigationPlan: systemPlan(input.soil, last, expectedEt0, input.irrigationSystem, kcOn),
      }),
    };
  },
};

/** The dual-coefficient settings when asked for (kcMethod dual), checked; undefined for the single Kc. */
function dualSettings(
  input: WaterBalanceRequest,
  stages: WaterBalanceRequest["stages"],
  heightM: number,
): DualCoefficientSettings | undefined {
  if (input.kcMethod !== "dual") return undefined;
  const layer = input.evaporation;
  if (!layer) throw errors.unprocessable("is required when kcMethod is dual", "evaporation");
  if (layer.rewMm >= layer.tewMm)
    throw errors.unprocessable("must be below evaporation.tewMm", "evaporation.rewMm");
  if ((layer.initialDepletionMm ?? 0) > layer.tewMm)
    throw errors.unprocessable("cannot exceed evaporation.tewMm", "evaporation.initialDepletionMm");
  return {
    stages,
    kcb: basalCoefficients(input.crop ?? {}, input.climate, heightM),
    climate: settingsClimate(input.climate),
    heightM,
    layer: { tewMm: layer.tewMm, rewMm: layer.rewMm },
    irrigationWettedFraction: layer.irrigationWettedFraction ?? 1,
  };
}

/** A root-zone day of the dual method with its surface layer: kc is the day's Kcb + Ke. */
function withSurface<T extends { kc: number }>(day: T, surface: SurfaceDayResult) {
  return {
    ...day,
    kc: surface.kcb + surface.ke,
    kcb: surface.kcb,
    ke: surface.ke,
    kr: surface.kr,
    evaporationMm: surface.evaporationMm,
    surfaceDepletionMm: surface.depletionMm,
  };
}

/** The passes a real system can apply over the next 7 days (looking 7 further so a slow one starts in time). */
function systemPlan(
  soil: WaterBalanceRequest["soil"],
  last: { date: string; depletionMm: number },
  et0Mm: number,
  given: CalcIrrigationSystem,
  kcOn: (date: string) => number,
): CalcIrrigationPlan {
  const forecast: { date: string; et0Mm: number; kc: number }[] = [];
  for (let i = 0, date = last.date; i < 14; i++) {
    date = nextDay(date);
    forecast.push({ date, et0Mm, kc: kcOn(date) });
  }
  const plan = planIrrigation(
    soil,
    last.depletionMm,
    forecast,
    resolveIrrigationSystem(given, "irrigationSystem."),
  );
  return {
    madMm: plan.madMm,
    passes: plan.passes,
    capacityLimited: plan.capacityLimited,
    cannotKeepUpFrom: plan.cannotKeepUpFrom,
  };
}
