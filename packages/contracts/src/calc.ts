/** The what-if calculators: stateless requests and their results (units in each field's description). */
import { type Static, Type } from "typebox";
import { IsoDate, Nullable } from "./common";
import { CalcIrrigationPlan, CalcIrrigationSystem } from "./irrigation";
import { NitrateTestAdjustment, NitrateTestInput } from "./nitrogen";

const Num = (description: string, limits: { minimum?: number; maximum?: number } = {}) =>
  Type.Number({ description, ...limits });

export const GddRequest = Type.Object(
  {
    unit: Type.Union([Type.Literal("F"), Type.Literal("C")], {
      description: "temperature unit of tmax/tmin",
    }),
    days: Type.Array(
      Type.Object(
        {
          date: IsoDate,
          tmax: Num("daily maximum temperature", { minimum: -80, maximum: 140 }),
          tmin: Num("daily minimum temperature", { minimum: -80, maximum: 140 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 400 },
    ),
    gddToBlackLayer: Type.Optional(
      Num("the hybrid's GDD rating to black layer, in the request's unit", { minimum: 500, maximum: 4000 }),
    ),
  },
  { additionalProperties: false },
);
export type GddRequest = Static<typeof GddRequest>;

export const GddResponse = Type.Object({
  unit: Type.String(),
  method: Type.String(),
  days: Type.Array(Type.Object({ date: IsoDate, gdd: Type.Number(), cumulative: Type.Number() })),
  total: Type.Number(),
  stage: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
});
export type GddResponse = Static<typeof GddResponse>;

export const Et0Request = Type.Object(
  {
    date: IsoDate,
    latitudeDeg: Num("latitude, south negative", { minimum: -66.5, maximum: 66.5 }),
    elevationM: Num("elevation above sea level", { minimum: -430, maximum: 6000 }),
    tmaxC: Num("daily maximum air temperature, °C", { minimum: -60, maximum: 60 }),
    tminC: Num("daily minimum air temperature, °C", { minimum: -60, maximum: 60 }),
    rhMaxPct: Type.Optional(Num("maximum relative humidity, %", { minimum: 0, maximum: 100 })),
    rhMinPct: Type.Optional(Num("minimum relative humidity, %", { minimum: 0, maximum: 100 })),
    rhMeanPct: Type.Optional(Num("mean relative humidity, %", { minimum: 0, maximum: 100 })),
    dewPointC: Type.Optional(Num("dew point, °C", { minimum: -60, maximum: 40 })),
    actualVaporPressureKPa: Type.Optional(Num("actual vapour pressure, kPa", { minimum: 0, maximum: 8 })),
    windSpeedMs: Type.Optional(Num("mean wind speed, m/s", { minimum: 0, maximum: 40 })),
    windHeightM: Type.Optional(
      Num("height of the wind measurement, m (default 2)", { minimum: 0.5, maximum: 100 }),
    ),
    sunshineHours: Type.Optional(Num("actual hours of bright sunshine", { minimum: 0, maximum: 24 })),
    solarRadiationMJ: Type.Optional(Num("measured solar radiation, MJ/m²/day", { minimum: 0, maximum: 45 })),
    method: Type.Optional(
      Type.Union([Type.Literal("penman-monteith"), Type.Literal("hargreaves")], {
        description: "penman-monteith (default) or the minimum-data Hargreaves equation",
      }),
    ),
  },
  { additionalProperties: false },
);
export type Et0Request = Static<typeof Et0Request>;

export const Et0Response = Type.Object({
  et0Mm: Type.Number(),
  method: Type.Union([Type.Literal("penman-monteith"), Type.Literal("hargreaves")]),
  intermediates: Type.Object({
    raMJ: Type.Number(),
    rsMJ: Type.Number(),
    rsoMJ: Type.Number(),
    rnMJ: Type.Number(),
    esKPa: Type.Number(),
    eaKPa: Type.Number(),
    deltaKPaPerC: Type.Number(),
    gammaKPaPerC: Type.Number(),
    u2Ms: Type.Number(),
    pressureKPa: Type.Number({ description: "atmospheric pressure, FAO-56 eq. 7" }),
    vpdKPa: Type.Number({ description: "vapour pressure deficit es − ea" }),
    rnsMJ: Type.Number({ description: "net short-wave radiation, eq. 38" }),
    rnlMJ: Type.Number({ description: "net long-wave radiation, eq. 39" }),
    daylightHours: Type.Number({ description: "day length N, eq. 34" }),
  }),
  assumptions: Type.Array(Type.String()),
});
export type Et0Response = Static<typeof Et0Response>;

/** One hour of weather for FAO-56 eq. 53. */
export const HourlyWeather = Type.Object(
  {
    hour: Type.Integer({
      description: "start of the hour, local standard time (14 for 14:00-15:00)",
      minimum: 0,
      maximum: 23,
    }),
    tempC: Num("mean air temperature of the hour, °C", { minimum: -60, maximum: 60 }),
    rhPct: Num("mean relative humidity of the hour, %", { minimum: 0, maximum: 100 }),
    u2Ms: Num("mean wind speed at 2 m, m/s", { minimum: 0, maximum: 40 }),
    solarRadiationMJ: Num("solar radiation of the hour, MJ/m²", { minimum: 0, maximum: 5 }),
  },
  { additionalProperties: false },
);
export type HourlyWeather = Static<typeof HourlyWeather>;

export const HourlyEt0Request = Type.Object(
  {
    date: IsoDate,
    latitudeDeg: Num("latitude, south negative", { minimum: -66.5, maximum: 66.5 }),
    longitudeDeg: Num("longitude, east positive (−93.6 for Ames, IA)", { minimum: -180, maximum: 180 }),
    utcOffsetHours: Num("the site's standard-time offset from UTC (−6 for US Central)", {
      minimum: -12,
      maximum: 14,
    }),
    elevationM: Num("elevation above sea level", { minimum: -430, maximum: 6000 }),
    hours: Type.Array(HourlyWeather, { minItems: 1, maxItems: 24 }),
    nightRelativeShortwave: Type.Optional(
      Num("Rs/Rso used at night (FAO-56: the ratio of the last daylight hours; default 0.8)", {
        minimum: 0.25,
        maximum: 1,
      }),
    ),
  },
  { additionalProperties: false },
);
export type HourlyEt0Request = Static<typeof HourlyEt0Request>;

export const HourlyEt0Hour = Type.Object({
  hour: Type.Integer(),
  et0Mm: Type.Number(),
  daytime: Type.Boolean(),
  raMJ: Type.Number(),
  rsoMJ: Type.Number(),
  rnsMJ: Type.Number(),
  rnlMJ: Type.Number(),
  rnMJ: Type.Number(),
  gMJ: Type.Number({ description: "soil heat flux, eq. 45 (day) or 46 (night)" }),
  esKPa: Type.Number(),
  eaKPa: Type.Number(),
  vpdKPa: Type.Number(),
  deltaKPaPerC: Type.Number(),
});
export type HourlyEt0Hour = Static<typeof HourlyEt0Hour>;

export const HourlyEt0Response = Type.Object({
  method: Type.Literal("FAO-56 eq. 53 (hourly Penman-Monteith)"),
  pressureKPa: Type.Number(),
  gammaKPaPerC: Type.Number(),
  hours: Type.Array(HourlyEt0Hour),
  totalEt0Mm: Type.Number({ description: "sum of the hours given" }),
  hoursMissing: Type.Integer({ description: "hours of the day not given (24 − hours given)" }),
});
export type HourlyEt0Response = Static<typeof HourlyEt0Response>;

export const SoilHeatFluxRequest = Type.Union([
  Type.Object(
    {
      step: Type.Literal("monthly"),
      previousMonthC: Num("mean air temperature of the previous month, °C", { minimum: -60, maximum: 60 }),
      thisMonthC: Type.Optional(Num("mean air temperature of this month, °C", { minimum: -60, maximum: 60 })),
      nextMonthC: Type.Optional(Num("mean air temperature of next month, °C", { minimum: -60, maximum: 60 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      step: Type.Literal("hourly"),
      rnMJ: Num("net radiation of the hour, MJ/m²", { minimum: -5, maximum: 5 }),
      daytime: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
  Type.Object({ step: Type.Literal("daily") }, { additionalProperties: false }),
]);
export type SoilHeatFluxRequest = Static<typeof SoilHeatFluxRequest>;

export const SoilHeatFluxResponse = Type.Object({
  gMJ: Type.Number({ description: "MJ/m² per day (daily, monthly) or per hour (hourly)" }),
  equation: Type.String(),
});
export type SoilHeatFluxResponse = Static<typeof SoilHeatFluxResponse>;

export const CropCalendarRequest = Type.Object(
  {
    plantingDate: IsoDate,
    gddToBlackLayerF: Num("the hybrid's rated GDD (°F, 86/50) to black layer", {
      minimum: 1000,
      maximum: 4000,
    }),
  },
  { additionalProperties: false },
);
export type CropCalendarRequest = Static<typeof CropCalendarRequest>;

export const CropCalendarStage = Type.Object({
  code: Type.String(),
  name: Type.String(),
  gdd: Type.Number({ description: "GDD (°F) since planting at which the stage is reached" }),
  date: Type.Union([Type.Null(), IsoDate], {
    description: "observed or projected; null if not within the year",
  }),
  reached: Type.Boolean(),
});

export const CropCalendar = Type.Object({
  ratedGddToBlackLayerF: Type.Number(),
  gddToBlackLayerF: Type.Number({ description: "adjusted for the planting date" }),
  daysAfterMay1: Type.Integer(),
  reductionGddF: Type.Number(),
  adjustmentCapped: Type.Boolean({ description: "planting after mid-June: the reduction stops at 45 days" }),
  adjustmentSource: Type.String(),
  stages: Type.Array(CropCalendarStage),
  silkingDate: Type.Union([Type.Null(), IsoDate]),
  blackLayerDate: Type.Union([Type.Null(), IsoDate]),
  frost: Type.Object({
    station: Type.String(),
    source: Type.String(),
    probabilityBlackLayerBeforeFrost32F: Type.Number({ minimum: 0, maximum: 1 }),
    probabilityBlackLayerBeforeKilling28F: Type.Number({ minimum: 0, maximum: 1 }),
    medianFrost32F: IsoDate,
    medianKilling28F: IsoDate,
  }),
  normalsBasis: Type.String(),
});
export type CropCalendar = Static<typeof CropCalendar>;

export const FrostDamage = Type.Union([Type.Literal("whole-plant"), Type.Literal("leaves-only")], {
  description: "whole plant killed (≤ 28 °F, or below 32 °F for hours) or leaves only",
});

export const FrostLossRequest = Type.Object(
  {
    gddSincePlantingF: Num("GDD (°F) accumulated since planting on the frost date", {
      minimum: 0,
      maximum: 5000,
    }),
    gddToBlackLayerF: Num("the hybrid's GDD to black layer (planting-adjusted)", {
      minimum: 1000,
      maximum: 4000,
    }),
    damage: FrostDamage,
    leafLossPct: Type.Optional(
      Num("share of the leaves a leaves-only frost killed, % (default 100: the table's row)", {
        minimum: 0,
        maximum: 100,
      }),
    ),
    expectedYieldBuPerAcre: Num("yield expected without the frost, bu/acre", { minimum: 0, maximum: 400 }),
    cornPricePerBu: Num("$ per bushel", { minimum: 0, maximum: 50 }),
  },
  { additionalProperties: false },
);
export type FrostLossRequest = Static<typeof FrostLossRequest>;

export const FrostLoss = Type.Object({
  damage: FrostDamage,
  yieldLossPct: Type.Number(),
  lowerBound: Type.Boolean({
    description: "before soft dough the published table ends: the loss is at least this",
  }),
  basis: Type.String(),
  yieldLossBuPerAcre: Type.Number(),
  valuePerAcre: Type.Number({ description: "$ per acre at the corn price" }),
  source: Type.String(),
});
export type FrostLoss = Static<typeof FrostLoss>;

/**
 * The inputs a response curve may peak at: beyond these a curve describes no real field (published N response
 * plateaus are under 300 lb N/acre, seeding-rate maxima under 60 thousand seeds/acre), and a curve whose peak
 * lies beyond them is refused with 422 rather than answered with an astronomically large "optimum".
 */
export const MAX_NITROGEN_PLATEAU_LB_PER_ACRE = 600;
export const MAX_SEEDING_MAXIMUM_THOUSAND_PER_ACRE = 100;

/** A quadratic yield response to an input (N in lb/acre, or thousand seeds/acre). */
export const YieldResponseCurve = Type.Object(
  {
    intercept: Num("yield at zero input, bu/acre", { minimum: 0, maximum: 500 }),
    linear: Num("linear coefficient, bu/acre per unit of input", { minimum: -100, maximum: 100 }),
    quadratic: Num("quadratic coefficient (negative: 422 otherwise), bu/acre per unit of input squared", {
      minimum: -100,
      maximum: 100,
    }),
  },
  { additionalProperties: false },
);
export type YieldResponseCurve = Static<typeof YieldResponseCurve>;

export const NitrogenRequest = Type.Object(
  {
    response: Type.Optional(YieldResponseCurve),
    previousCrop: Type.Optional(Type.Union([Type.Literal("soybean"), Type.Literal("corn")])),
    nitrogenPricePerLb: Num("$ per lb of N", { minimum: 0, maximum: 20 }),
    cornPricePerBu: Num("$ per bushel", { minimum: 0, maximum: 50 }),
    appliedLbPerAcre: Type.Optional(
      Num("N already applied this season, lb/acre", { minimum: 0, maximum: 400 }),
    ),
    soilNitrateTest: Type.Optional(NitrateTestInput),
  },
  { additionalProperties: false },
);
export type NitrogenRequest = Static<typeof NitrogenRequest>;

export const NitrogenResponse = Type.Object({
  eonrLbPerAcre: Type.Number(),
  profitableRangeLbPerAcre: Type.Object({ low: Type.Number(), high: Type.Number() }),
  yieldAtEonrBuPerAcre: Type.Number(),
  netReturnAtEonrPerAcre: Type.Number({ description: "return to N over no N, $/acre" }),
  plateauLbPerAcre: Type.Number(),
  priceRatio: Type.Number(),
  appliedLbPerAcre: Type.Number(),
  remainingLbPerAcre: Type.Number({
    description:
      "EONR minus applied (0 once the N applied is within the profitable range), or the soil nitrate test's sidedress rate",
  }),
  costStillToApplyPerAcre: Type.Number({ description: "remaining N at the N price, $/acre" }),
  soilNitrateTest: Nullable(NitrateTestAdjustment),
  nitrogenPricePerLb: Type.Number({ description: "the N price used, $/lb" }),
  cornPricePerBu: Type.Number({ description: "the corn price used, $/bu" }),
  responseSource: Type.String(),
  sources: Type.Array(Type.String(), { description: "every source the recommendation uses" }),
});
export type NitrogenResponse = Static<typeof NitrogenResponse>;

export const SeedingRateRequest = Type.Object(
  {
    response: YieldResponseCurve,
    seedPricePerThousand: Num("$ per thousand seeds", { minimum: 0, maximum: 50 }),
    cornPricePerBu: Num("$ per bushel", { minimum: 0, maximum: 50 }),
    standEstablishment: Type.Optional(
      Num("share of seeds that become plants, default 0.95", { minimum: 0.5, maximum: 1 }),
    ),
  },
  { additionalProperties: false },
);
export type SeedingRateRequest = Static<typeof SeedingRateRequest>;

export const SeedingRateResponse = Type.Object({
  optimumThousandSeedsPerAcre: Type.Number(),
  agronomicMaximumThousandSeedsPerAcre: Type.Number(),
  yieldAtOptimumBuPerAcre: Type.Number(),
  netReturnPerAcre: Type.Number(),
  seedCostPerAcre: Type.Number({ description: "seed price × optimum rate, $/acre" }),
  seedToCornPriceRatio: Type.Number({ description: "$ per thousand seeds ÷ $ per bushel" }),
  marginalYieldAtOptimumBuPerThousand: Type.Number({
    description: "dY/dS at the optimum, bu per thousand seeds",
  }),
  standEstablishment: Type.Number(),
  optimumThousandPlantsPerAcre: Type.Number({ description: "optimum seeds × stand establishment" }),
});
export type SeedingRateResponse = Static<typeof SeedingRateResponse>;

export const WaterBalanceRequest = Type.Object(
  {
    soil: Type.Object(
      {
        awcMmPerM: Num("available water capacity, mm of water per m of soil", { minimum: 20, maximum: 400 }),
        rootDepthM: Num("effective rooting depth, m", { minimum: 0.1, maximum: 3 }),
      },
      { additionalProperties: false },
    ),
    stages: Type.Object(
      {
        planting: IsoDate,
        developmentStart: IsoDate,
        midSeasonStart: IsoDate,
        lateSeasonStart: IsoDate,
        harvest: IsoDate,
      },
      { additionalProperties: false, description: "FAO-56 crop stage boundaries (Table 11, Fig. 25)" },
    ),
    initialDepletionMm: Type.Optional(Num("depletion below field capacity on the first day", { minimum: 0 })),
    crop: Type.Optional(
      Type.Object(
        {
          kcIni: Type.Optional(
            Num("Kc of the initial stage (maize, FAO-56 Table 12: 0.30)", { minimum: 0.1, maximum: 1.5 }),
          ),
          kcMid: Type.Optional(
            Num("Kc mid-season before eq. 62 (maize 1.20)", { minimum: 0.1, maximum: 1.5 }),
          ),
          kcEnd: Type.Optional(
            Num("Kc at harvest before eq. 62 (maize 0.60, 0.35 dried in field)", {
              minimum: 0.1,
              maximum: 1.5,
            }),
          ),
          heightM: Type.Optional(
            Num("maximum crop height for eq. 62 (maize 2 m)", { minimum: 0.1, maximum: 10 }),
          ),
          depletionFractionP: Type.Optional(
            Num("Table 22 depletion fraction p before the ETc adjustment (maize 0.55)", {
              minimum: 0.1,
              maximum: 0.8,
            }),
          ),
          kcbIni: Type.Optional(
            Num("basal Kcb of the initial stage, dual method (maize, FAO-56 Table 17: 0.15)", {
              minimum: 0,
              maximum: 1.5,
            }),
          ),
          kcbMid: Type.Optional(
            Num("basal Kcb mid-season before eq. 70, dual method (maize 1.15)", {
              minimum: 0.1,
              maximum: 1.5,
            }),
          ),
          kcbEnd: Type.Optional(
            Num("basal Kcb at harvest before eq. 70, dual method (maize 0.50, 0.15 dried in field)", {
              minimum: 0,
              maximum: 1.5,
            }),
          ),
        },
        { additionalProperties: false, description: "crop parameters; FAO-56 maize values when absent" },
      ),
    ),
    climate: Type.Optional(
      Type.Object(
        {
          u2Ms: Num("mean wind at 2 m over mid and late season, m/s", { minimum: 0, maximum: 20 }),
          rhMinPct: Num("mean daily minimum RH over mid and late season, %", { minimum: 0, maximum: 100 }),
        },
        {
          additionalProperties: false,
          description: "adjusts Kc mid and end to the local climate (FAO-56 eq. 62)",
        },
      ),
    ),
    days: Type.Array(
      Type.Object(
        {
          date: IsoDate,
          et0Mm: Num("reference ET0, mm", { minimum: 0, maximum: 20 }),
          rainMm: Type.Optional(Num("rain, mm", { minimum: 0, maximum: 500 })),
          irrigationMm: Type.Optional(Num("net irrigation applied, mm", { minimum: 0, maximum: 200 })),
          rootDepthM: Type.Optional(
            Num("the day's rooting depth Zr while roots grow, m (default soil.rootDepthM)", {
              minimum: 0.05,
              maximum: 3,
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 400, description: "consecutive days, observed" },
    ),
    forecastEt0Mm: Type.Optional(
      Num("expected daily ET0 for the next 7 days (default: mean of the last 7 days)", {
        minimum: 0,
        maximum: 20,
      }),
    ),
    efficiency: Type.Optional(
      Num("irrigation application efficiency (0-1], default 0.85", { minimum: 0.3, maximum: 1 }),
    ),
    irrigationSystem: Type.Optional(CalcIrrigationSystem),
    kcMethod: Type.Optional(
      Type.Union([Type.Literal("single"), Type.Literal("dual")], {
        description:
          "crop coefficient: single (FAO-56 ch. 6, Kc; default) or dual (FAO-56 ch. 7, Kcb + Ke with a daily balance of the soil surface layer's evaporation; needs `evaporation`)",
      }),
    ),
    evaporation: Type.Optional(
      Type.Object(
        {
          tewMm: Num("total evaporable water of the surface layer, mm (FAO-56 eq. 73, Table 19)", {
            minimum: 2,
            maximum: 60,
          }),
          rewMm: Num("readily evaporable water (stage 1), mm (FAO-56 Table 19); below tewMm", {
            minimum: 1,
            maximum: 40,
          }),
          irrigationWettedFraction: Type.Optional(
            Num(
              "fraction of the surface irrigation wets, fw (FAO-56 Table 20: pivot and sprinkler 1.0, default)",
              {
                minimum: 0.05,
                maximum: 1,
              },
            ),
          ),
          initialDepletionMm: Type.Optional(
            Num(
              "surface layer depletion before the first day, mm (0 after a soaking, default; tewMm when dry)",
              {
                minimum: 0,
              },
            ),
          ),
        },
        { additionalProperties: false, description: "the soil surface layer, for kcMethod dual" },
      ),
    ),
    percolation: Type.Optional(
      Type.Union([Type.Literal("eq88"), Type.Literal("refill-first")], {
        description:
          "deep percolation convention: eq88 (FAO-56 eq. 88, the crop uses the day's water before the excess drains; default) or refill-first (FAO-56 ch. 8 balance-sheet convention: rain and irrigation refill to field capacity, the excess drains, then the day's ETc is taken)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type WaterBalanceRequest = Static<typeof WaterBalanceRequest>;

export const WaterBalanceDay = Type.Object({
  date: IsoDate,
  et0Mm: Type.Number(),
  kc: Type.Number(),
  rainMm: Type.Number(),
  effectiveRainMm: Type.Number(),
  irrigationMm: Type.Number(),
  etcMm: Type.Number({ description: "Kc × ET0" }),
  etcAdjMm: Type.Number({ description: "Ks × Kc × ET0" }),
  ks: Type.Number(),
  rawMm: Type.Number(),
  deepPercolationMm: Type.Number(),
  depletionMm: Type.Number({ description: "end-of-day root-zone depletion below field capacity" }),
  rootDepthM: Type.Optional(Type.Number({ description: "the day's rooting depth when given" })),
  kcb: Type.Optional(Type.Number({ description: "dual method: basal Kcb (kc is Kcb + Ke)" })),
  ke: Type.Optional(Type.Number({ description: "dual method: soil evaporation coefficient Ke (eq. 71)" })),
  kr: Type.Optional(Type.Number({ description: "dual method: evaporation reduction Kr (eq. 74)" })),
  evaporationMm: Type.Optional(Type.Number({ description: "dual method: soil evaporation E = Ke × ET0" })),
  surfaceDepletionMm: Type.Optional(
    Type.Number({ description: "dual method: end-of-day depletion De of the surface layer (eq. 77)" }),
  ),
});
export type WaterBalanceDay = Static<typeof WaterBalanceDay>;

export const WaterBalanceResponse = Type.Object({
  method: Type.Union([Type.Literal("single"), Type.Literal("dual")], {
    description: "the crop coefficient method used: single Kc (FAO-56 ch. 6) or dual Kcb + Ke (ch. 7)",
  }),
  kc: Type.Object(
    { ini: Type.Number(), mid: Type.Number(), end: Type.Number() },
    { description: "the single Kc curve; with the dual method, the basal Kcb curve" },
  ),
  tawMm: Type.Number(),
  rawMm: Type.Number({ description: "readily available water on the last day" }),
  depletionMm: Type.Number({ description: "depletion at the end of the last day" }),
  ks: Type.Number(),
  days: Type.Array(WaterBalanceDay),
  forecast: Type.Array(WaterBalanceDay),
  schedule: Type.Array(Type.Object({ date: IsoDate, netMm: Type.Number(), grossMm: Type.Number() }), {
    description: "FAO-56 ch. 8 refill to field capacity whenever RAW would be passed, any depth",
  }),
  irrigationPlan: Type.Optional(CalcIrrigationPlan),
});
export type WaterBalanceResponse = Static<typeof WaterBalanceResponse>;
