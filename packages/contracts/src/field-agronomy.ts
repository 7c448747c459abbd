/**
 * GET /fields/{id}/agronomy: per-field results from the field's own season, soil and weather. Every number
 * is rounded for display by the api (the engine works in full precision); units are in each name or `x-unit`.
 */
import { type Static, Type } from "typebox";
import { Alert } from "./alerts";
import { CropCalendar, FrostLoss } from "./calc";
import { IsoDate, literalUnion, Nullable, Uuid } from "./common";
import { IrrigationSystemKind, PlannedIrrigationPass } from "./irrigation";
import { NitrateTestAdjustment } from "./nitrogen";
import { PreviousCrop, SeasonState } from "./seasons";

const Num = (description: string, unit?: string) =>
  Type.Number(unit ? { description, "x-unit": unit } : { description });

/** Typical central-Iowa prices, used when the request names none. */
/**
 * A number inside an API-written sentence, so a client can print it in its own unit system: `text` is the
 * substring of the sentence (in US units, as written), `value` the same quantity in the stated canonical unit.
 */
export const SentenceQuantity = Type.Object({
  kind: Type.Union([
    Type.Literal("yield"),
    Type.Literal("water"),
    Type.Literal("money_per_area"),
    Type.Literal("rate"),
  ]),
  value: Type.Number({
    description: "yield in bu/acre, water in mm, money in $/acre, rate in lb N/acre",
  }),
  text: Type.String({ description: "the exact text of the quantity in the sentence" }),
});
export type SentenceQuantity = Static<typeof SentenceQuantity>;

export const DEFAULT_FIELD_PRICES = {
  nitrogenPricePerLb: 0.55,
  cornPricePerBu: 4.5,
  seedPricePerThousand: 4.2,
} as const;

export const FieldAgronomyQuery = Type.Object(
  {
    asOf: Type.Optional(IsoDate),
    nitrogenPricePerLb: Type.Number({
      exclusiveMinimum: 0,
      maximum: 20,
      default: DEFAULT_FIELD_PRICES.nitrogenPricePerLb,
      description: "price of nitrogen, $/lb N",
      "x-unit": "USD/lb",
    }),
    cornPricePerBu: Type.Number({
      exclusiveMinimum: 0,
      maximum: 50,
      default: DEFAULT_FIELD_PRICES.cornPricePerBu,
      description: "price of corn, $/bu",
      "x-unit": "USD/bu",
    }),
    seedPricePerThousand: Type.Number({
      exclusiveMinimum: 0,
      maximum: 50,
      default: DEFAULT_FIELD_PRICES.seedPricePerThousand,
      description: "price of seed, $ per thousand seeds",
      "x-unit": "USD/1000 seeds",
    }),
  },
  { additionalProperties: false },
);
export type FieldAgronomyQuery = Static<typeof FieldAgronomyQuery>;

export const AgronomySeason = Type.Object(
  {
    id: Uuid,
    year: Type.Integer(),
    hybrid: Type.String(),
    plantingDate: IsoDate,
    gddToBlackLayerF: Num("the hybrid's rating from planting to black layer", "°F GDD"),
    seedingRateThousandPerAcre: Nullable(Num("seeds planted", "1000 seeds/acre")),
    previousCrop: PreviousCrop,
  },
  { description: "the season used: hybrid, planting date, GDD rating, seeding rate, previous crop" },
);
export type AgronomySeason = Static<typeof AgronomySeason>;

export const CornStage = Type.Object({
  code: Type.String({ description: "V- and R-stage code, e.g. V6, R1; PL before emergence" }),
  name: Type.String(),
});
export type CornStage = Static<typeof CornStage>;

export const StageThreshold = Type.Object({
  code: Type.String(),
  name: Type.String(),
  gdd: Num("accumulated GDD since planting at which the stage is reached", "°F GDD"),
});
export type StageThreshold = Static<typeof StageThreshold>;

export const StageProjection = Type.Object({
  code: Type.String(),
  name: Type.String(),
  gdd: Num("stage threshold", "°F GDD"),
  date: Type.Union([IsoDate, Type.Null()], {
    description: "null when not reached by the end of the calendar year",
  }),
  reached: Type.Boolean({ description: "already reached in the observed weather (the date is observed)" }),
});
export type StageProjection = Static<typeof StageProjection>;

export const AgronomyGdd = Type.Object(
  {
    unit: Type.Literal("F"),
    method: Type.Literal("86/50", {
      description: "modified GDD: Tmax and Tmin clamped to 50-86 °F, minus 50 °F",
    }),
    sincePlanting: Num("GDD accumulated since planting", "°F GDD"),
    stage: CornStage,
    thresholds: Type.Array(StageThreshold, { description: "every stage threshold for this hybrid" }),
    daily: Type.Array(
      Type.Object({
        date: IsoDate,
        gdd: Num("the day's GDD", "°F GDD"),
        cumulative: Num("GDD since planting to the end of the day", "°F GDD"),
      }),
    ),
    projected: Type.Object({
      silkingDate: Nullable(IsoDate),
      blackLayerDate: Nullable(IsoDate),
      stages: Type.Array(StageProjection),
      basis: Type.String({ description: "the daily normals the projection of future days rests on" }),
    }),
    missingWeatherDays: Type.Integer({
      minimum: 0,
      description: "days since planting without both temperatures: they add no GDD",
    }),
  },
  {
    description:
      "GDD (°F, 86/50) since planting, the stage reached, stage thresholds, daily series, projected silking and black-layer dates and the normals they rest on",
  },
);
export type AgronomyGdd = Static<typeof AgronomyGdd>;

export const AgronomyEt = Type.Object(
  {
    date: IsoDate,
    et0Mm: Num("reference ET, FAO-56 Penman-Monteith", "mm"),
    kc: Num("maize crop coefficient"),
    etcMm: Num("crop ET after water stress, Ks·Kc·ET0", "mm"),
  },
  { description: "the last day's ET0 (FAO-56 Penman-Monteith), maize Kc and crop ET (mm)" },
);
export type AgronomyEt = Static<typeof AgronomyEt>;

export const WATER_STATUSES = ["ok", "watch", "stress"] as const;
export const WaterStatus = literalUnion(WATER_STATUSES, {
  description: "stress above RAW, watch above 80 % of RAW",
});
export type WaterStatus = (typeof WATER_STATUSES)[number];

export const IrrigationEvent = Type.Object({
  date: IsoDate,
  netMm: Num("net depth stored in the root zone by the pass that starts this day", "mm"),
  grossMm: Num("gross depth the system applies (net / the system's application efficiency)", "mm"),
});
export type IrrigationEvent = Static<typeof IrrigationEvent>;

export const DATA_SOURCES = ["sensor", "estimated", "none"] as const;
export const DataSource = literalUnion(DATA_SOURCES, {
  description: "sensor: measured on the field; estimated: computed without a measurement; none: no data",
});
export type DataSource = (typeof DATA_SOURCES)[number];

export const AgronomyWaterDay = Type.Object({
  date: IsoDate,
  et0Mm: Num("reference ET", "mm"),
  etcMm: Num("crop ET after water stress", "mm"),
  rainMm: Num("rain", "mm"),
  irrigationMm: Num("irrigation recorded", "mm"),
  depletionMm: Num(
    "root-zone depletion below field capacity at the end of the day (after probe anchoring)",
    "mm",
  ),
  ks: Num("water stress coefficient (1 = no stress)"),
  modelDepletionMm: Num(
    "the model's end-of-day depletion carried from the day before, before anchoring",
    "mm",
  ),
  probeDepletionMm: Nullable(Num("root-zone depletion from the day's probe readings", "mm")),
  residualMm: Nullable(
    Num("model minus probe depletion: one sign day after day is model drift, a jump a bad probe", "mm"),
  ),
  sources: Type.Object(
    {
      et0: DataSource,
      rain: DataSource,
      depletion: literalUnion(["probe", "model"] as const, {
        description: "probe: the day ends at the probes' depletion; model: FAO-56 balance only",
      }),
    },
    { description: "which of the day's inputs were measured on the field and which were estimated" },
  ),
});
export type AgronomyWaterDay = Static<typeof AgronomyWaterDay>;

export const BUDGET_ZONES = ["green", "yellow", "red"] as const;
export const BudgetZone = literalUnion(BUDGET_ZONES, {
  description: "green below 80 % of MAD, yellow approaching MAD, red past MAD",
});
export type BudgetZone = (typeof BUDGET_ZONES)[number];

export const WaterBudgetDay = Type.Object({
  date: IsoDate,
  projected: Type.Boolean({ description: "a coming day: average recent ET, no rain, the planned passes" }),
  depletionMm: Num("end-of-day root-zone depletion", "mm"),
  depletionIn: Num("end-of-day root-zone depletion", "in"),
  etcMm: Num("crop ET", "mm"),
  etcIn: Num("crop ET", "in"),
  rainMm: Num("rain", "mm"),
  rainIn: Num("rain", "in"),
  irrigationMm: Num("net irrigation stored in the root zone", "mm"),
  irrigationIn: Num("net irrigation stored in the root zone", "in"),
  zone: BudgetZone,
});
export type WaterBudgetDay = Static<typeof WaterBudgetDay>;

export const IrrigationPass = Type.Object({
  ...PlannedIrrigationPass.properties,
  grossIn: Num("depth the system applies", "in"),
  netIn: Num("depth stored in the root zone", "in"),
  costForField: Num("water and pumping over the field's area", "USD"),
});
export type IrrigationPass = Static<typeof IrrigationPass>;

export const AgronomyIrrigationPlan = Type.Object(
  {
    systemKind: Nullable(IrrigationSystemKind),
    systemRecorded: Type.Boolean({
      description: "false: no system recorded for the field, nothing scheduled",
    }),
    passes: Type.Array(IrrigationPass, { description: "passes starting in the next 7 days" }),
    netCapacityMmPerDay: Num("net depth the system can store per running day", "mm/day"),
    netCapacityInPerDay: Num("net depth the system can store per running day", "in/day"),
    capacityLimited: Type.Boolean({
      description: "crop ET of some coming day exceeds what the system can replace",
    }),
    cannotKeepUpFrom: Type.Union([IsoDate, Type.Null()], {
      description: "first day the depletion passes MAD although the system runs whenever it may",
    }),
    message: Type.String({ description: "the plan in one sentence (US units, with mm beside inches)" }),
    messageQuantities: Type.Array(SentenceQuantity, {
      description: "every quantity in message, to print it in another unit system",
    }),
  },
  {
    description: "irrigation the field's system can apply: several passes, started early enough, with costs",
  },
);
export type AgronomyIrrigationPlan = Static<typeof AgronomyIrrigationPlan>;

export const AgronomyProbes = Type.Object({
  fieldCapacityPct: Num("probe reading taken as field capacity", "%"),
  fieldCapacitySource: Type.String(),
  anchoredDays: Type.Integer({
    minimum: 0,
    description: "days of the season ending at the probes' depletion",
  }),
  lastReadingDate: Nullable(IsoDate),
  meanResidualMm7d: Nullable(Num("mean model-minus-probe depletion over the last 7 probe days", "mm")),
});
export type AgronomyProbes = Static<typeof AgronomyProbes>;

export const AgronomyWaterBalance = Type.Object(
  {
    tawMm: Num("total available water of the root zone (FAO-56 eq. 82)", "mm"),
    rawMm: Num("readily available water: stress begins beyond this depletion (eq. 83)", "mm"),
    madMm: Num(
      "management allowed depletion of the field's irrigation system (50 % of TAW without one)",
      "mm",
    ),
    depletionMm: Num("current root-zone depletion below field capacity", "mm"),
    tawIn: Num("total available water", "in"),
    rawIn: Num("readily available water", "in"),
    madIn: Num("management allowed depletion", "in"),
    depletionIn: Num("current root-zone depletion", "in"),
    depletionSource: literalUnion(["probe", "model"] as const, {
      description: "whether today's depletion comes from the probes or from the balance alone",
    }),
    ks: Num("current water stress coefficient"),
    status: WaterStatus,
    days: Type.Array(AgronomyWaterDay, { description: "the last 30 days of the season's balance" }),
    budget: Type.Array(WaterBudgetDay, {
      description:
        "the 7-day water budget: the last 7 observed days, then the next 7 projected with the planned passes",
    }),
    irrigation: AgronomyIrrigationPlan,
    probes: Nullable(AgronomyProbes),
    schedule: Type.Array(IrrigationEvent, {
      description: "the planned passes' start days (see irrigation.passes)",
    }),
    forecastEt0Mm: Num("expected daily ET0 of the next 7 days: the mean of the last 7", "mm"),
  },
  {
    description:
      "FAO-56 root-zone balance re-anchored by the field's probes: TAW, RAW and MAD, depletion (mm and in), Ks, status ok|watch|stress, the last 30 days with their data sources and residuals, the 7-day budget and the irrigation the field's system can apply",
  },
);
export type AgronomyWaterBalance = Static<typeof AgronomyWaterBalance>;

export const AgronomyNitrogen = Type.Object(
  {
    eonrLbPerAcre: Num("economic optimum N rate", "lb N/acre"),
    profitableRangeLbPerAcre: Type.Object(
      { low: Num("lowest profitable rate", "lb N/acre"), high: Num("highest profitable rate", "lb N/acre") },
      { description: "every rate whose return is within $1/acre of the EONR's" },
    ),
    yieldAtEonrBuPerAcre: Num("yield at the EONR", "bu/acre"),
    netReturnAtEonrPerAcre: Num("return to N at the EONR", "USD/acre"),
    plateauLbPerAcre: Num("rate beyond which yield no longer rises", "lb N/acre"),
    priceRatio: Num("N price / corn price"),
    appliedLbPerAcre: Num("N applied this season", "lb N/acre"),
    remainingLbPerAcre: Num(
      "EONR minus N applied (0 once the N applied is within the profitable range: topping up returns under $1/acre), or the soil nitrate test's sidedress rate when there is one",
      "lb N/acre",
    ),
    costStillToApplyPerAcre: Num("the remaining N at the N price", "USD/acre"),
    soilNitrateTest: Nullable(NitrateTestAdjustment),
    previousCrop: Type.Union([Type.Literal("soybean"), Type.Literal("corn")], {
      description: "the curve used: corn after corn, otherwise corn after soybean",
    }),
    nitrogenPricePerLb: Num("the N price used", "USD/lb"),
    cornPricePerBu: Num("the corn price used", "USD/bu"),
    responseSource: Type.String({ description: "where the yield response curve comes from" }),
    sources: Type.Array(Type.String(), { description: "every published source the recommendation uses" }),
  },
  {
    description:
      "EONR and profitable range for the previous crop's default curve at the requested prices, N applied and remaining",
  },
);
export type AgronomyNitrogen = Static<typeof AgronomyNitrogen>;

export const AgronomySeedingRate = Type.Object(
  {
    optimumThousandSeedsPerAcre: Num("economic optimum seeding rate", "1000 seeds/acre"),
    agronomicMaximumThousandSeedsPerAcre: Num("rate of maximum yield", "1000 seeds/acre"),
    yieldAtOptimumBuPerAcre: Num("yield at the optimum", "bu/acre"),
    netReturnPerAcre: Num("corn revenue minus seed cost at the optimum", "USD/acre"),
    seedCostPerAcre: Num("seed price × optimum rate", "USD/acre"),
    seedToCornPriceRatio: Num("seed price per thousand ÷ corn price", "bu/1000 seeds"),
    marginalYieldAtOptimumBuPerThousand: Num("dY/dS at the optimum", "bu/acre per 1000 seeds"),
    standEstablishment: Num("share of seeds assumed to become plants"),
    optimumThousandPlantsPerAcre: Num("expected stand at the optimum rate", "1000 plants/acre"),
    seedPricePerThousand: Num("the seed price used", "USD/1000 seeds"),
    cornPricePerBu: Num("the corn price used", "USD/bu"),
    responseSource: Type.String(),
  },
  { description: "economic optimum seeding rate for next season" },
);
export type AgronomySeedingRate = Static<typeof AgronomySeedingRate>;

export const ForecastSnapshot = Type.Object(
  {
    stageCode: Type.String({ description: "the stage the crop had reached when the forecast was made" }),
    madeOn: IsoDate,
    p10: Nullable(Num("10th percentile", "bu/acre")),
    p50: Num("median forecast", "bu/acre"),
    p90: Nullable(Num("90th percentile", "bu/acre")),
    modelVersion: Type.String(),
  },
  { description: "the yield forecast as it stood when the crop first reached a stage, kept after harvest" },
);
export type ForecastSnapshot = Static<typeof ForecastSnapshot>;

export const SeasonOutcome = Type.Object(
  {
    seasonId: Uuid,
    year: Type.Integer(),
    hybrid: Type.String(),
    plantingDate: Nullable(IsoDate),
    blackLayerDate: Nullable(IsoDate),
    gddAtBlackLayerF: Nullable(Num("GDD accumulated to black layer", "°F GDD")),
    harvestDate: IsoDate,
    yieldBuPerAcre: Num("recorded yield", "bu/acre"),
    grainMoisturePct: Nullable(Num("grain moisture at harvest", "%")),
    forecastsByStage: Type.Array(ForecastSnapshot),
    lastForecastBuPerAcre: Nullable(Num("the last forecast before harvest (median)", "bu/acre")),
    yieldMinusForecastBuPerAcre: Nullable(Num("recorded yield minus the last forecast", "bu/acre")),
  },
  { description: "a harvested season: what was harvested beside what was forecast at each stage" },
);
export type SeasonOutcome = Static<typeof SeasonOutcome>;

export const SeasonLifecycle = Type.Object(
  {
    state: SeasonState,
    seasonId: Nullable(Uuid),
    year: Nullable(Type.Integer()),
    stage: Nullable(CornStage),
    nextStage: Nullable(
      Type.Object({
        code: Type.String(),
        name: Type.String(),
        gddRemaining: Num("GDD still to accumulate", "°F GDD"),
        date: Nullable(IsoDate),
      }),
    ),
    plantingDate: Nullable(IsoDate),
    blackLayerDate: Nullable(IsoDate),
    harvestDate: Nullable(IsoDate),
    closedOn: Nullable(IsoDate),
    outcome: Nullable(SeasonOutcome),
    nextSeason: Nullable(
      Type.Object({ id: Uuid, year: Type.Integer(), hybrid: Type.String(), plantingDate: Nullable(IsoDate) }),
    ),
    today: Type.Object(
      {
        headline: Type.String(),
        headlineQuantities: Type.Array(SentenceQuantity, {
          description:
            "every quantity in headline (e.g. the harvested yield), to print it in another unit system",
        }),
        actions: Type.Array(Type.String()),
      },
      { description: "what to do on the asOf date, for the season's state" },
    ),
    frostLoss: Type.Optional(
      Nullable(
        Type.Object(
          {
            date: IsoDate,
            damage: Type.Union([Type.Literal("whole-plant"), Type.Literal("leaves-only")]),
            recorded: Type.Boolean(),
            stage: Type.Object({ code: Type.String(), name: Type.String() }),
            yieldLossPct: Num("expected yield loss from the season's frosts", "%"),
            yieldLossBuPerAcre: Num("expected yield loss", "bu/acre"),
            valuePerAcre: Num("value of the loss at the field's corn price", "$/acre"),
          },
          {
            description:
              "what the season's frosts up to asOf cost (the costliest one; leaves die once and a whole-plant kill ends grain fill), from the NCH-57 loss table; null without a frost in grain fill",
          },
        ),
      ),
    ),
  },
  {
    description:
      "the season's state on asOf; only a growing crop gets live advice (water balance, irrigation, nitrogen): otherwise those are null and the last season's outcome and the next season's plan are given",
  },
);
export type SeasonLifecycle = Static<typeof SeasonLifecycle>;

export const AgronomyFrostEvent = Type.Intersect([
  Type.Object({
    date: IsoDate,
    minTempF: Nullable(Num("the day's minimum air temperature; null when no reading that day", "°F")),
    stage: Type.Object({ code: Type.String(), name: Type.String() }),
    gddSincePlantingF: Num("GDD since planting on the frost date", "°F GDD"),
    recorded: Type.Boolean({
      description:
        "true for a frost recorded as a field event (what it killed as seen), false when read from the weather",
    }),
    leafLossPct: Nullable(Num("share of the leaves a recorded leaves-only frost killed", "%")),
  }),
  FrostLoss,
]);
export type AgronomyFrostEvent = Static<typeof AgronomyFrostEvent>;

export const AgronomyCalendar = Type.Intersect(
  [
    CropCalendar,
    Type.Object({
      frostEvents: Type.Array(AgronomyFrostEvent, {
        description:
          "frosts between silking and black layer up to asOf: those recorded as field events, and observed days at or below 32 °F (≤ 28 °F counts as whole plant killed, else leaves only) on days without a recorded one",
      }),
      frostToday: Nullable(
        Type.Object(
          {
            stage: Type.Object({ code: Type.String(), name: Type.String() }),
            wholePlant: FrostLoss,
            leavesOnly: FrostLoss,
          },
          {
            description:
              "what a frost forecast for now would cost at today's stage, between silking and black layer; null otherwise",
          },
        ),
      ),
      expectedYieldBuPerAcre: Num("the yield the frost losses are valued against", "bu/acre"),
      expectedYieldBasis: Type.String(),
    }),
  ],
  { description: "crop calendar: stage thresholds and dates, maturity before frost, frost losses" },
);
export type AgronomyCalendar = Static<typeof AgronomyCalendar>;

export const FieldAgronomy = Type.Object(
  {
    fieldId: Uuid,
    asOf: IsoDate,
    season: Nullable(AgronomySeason),
    gdd: Nullable(AgronomyGdd),
    et: Nullable(AgronomyEt),
    waterBalance: Nullable(AgronomyWaterBalance),
    nitrogen: Nullable(AgronomyNitrogen),
    seedingRate: AgronomySeedingRate,
    calendar: Type.Optional(Nullable(AgronomyCalendar)),
    lifecycle: SeasonLifecycle,
    alerts: Type.Array(Alert, {
      description:
        "the field's unresolved alerts (for a past asOf: the alerts in force that day), newest first",
    }),
  },
  { additionalProperties: false },
);
export type FieldAgronomy = Static<typeof FieldAgronomy>;
