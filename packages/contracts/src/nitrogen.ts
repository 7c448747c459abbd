/** Nitrogen shapes shared by the calculator and the field agronomy: the soil nitrate test and the strip trial. */
import { type Static, Type } from "typebox";
import { Nullable } from "./common";

const Num = (description: string, limits: { minimum?: number; maximum?: number } = {}) =>
  Type.Number({ description, ...limits });

/** How a late-spring soil nitrate test changed the rate still to apply. */
export const NitrateTestAdjustment = Type.Object(
  {
    date: Nullable(Type.String({ format: "date" })),
    nitratePpm: Num("NO3-N of the 0-12 in layer, ppm"),
    samplingStage: Nullable(Type.String()),
    wetSpring: Type.Boolean({ description: "rainfall since planting more than 20% above normal" }),
    manured: Type.Boolean(),
    criticalPpm: Num("critical concentration used, ppm"),
    shortfallPpm: Num("critical minus test, at least 0, ppm"),
    sidedressLbPerAcre: Num("N to sidedress: 8 lb N/acre per ppm short"),
    rule: Type.String({ description: "the rule applied, with the numbers (lb N/acre)" }),
    ruleQuantities: Type.Array(
      Type.Object({ kind: Type.Literal("rate"), value: Type.Number(), text: Type.String() }),
      { description: "the N rates in rule (lb N/acre, their text), to print them in another unit system" },
    ),
    source: Type.String(),
  },
  { description: "late-spring soil nitrate test: replaces EONR minus applied as the rate still to apply" },
);
export type NitrateTestAdjustment = Static<typeof NitrateTestAdjustment>;

export const NitrateTestInput = Type.Object(
  {
    nitratePpm: Num("NO3-N of the 0-12 in layer, ppm", { minimum: 0, maximum: 200 }),
    samplingStage: Type.Optional(Type.String({ maxLength: 40 })),
    wetSpring: Type.Optional(
      Type.Boolean({ description: "rainfall since planting more than 20% above normal" }),
    ),
    manured: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NitrateTestInput = Static<typeof NitrateTestInput>;

export const MAX_TRIAL_POINTS = 500;
export const MAX_TRIAL_CSV_CHARS = 100_000;

export const StripTrialRequest = Type.Object(
  {
    points: Type.Optional(
      Type.Array(
        Type.Object(
          {
            nLbPerAcre: Num("N rate of the strip, lb N/acre", { minimum: 0, maximum: 400 }),
            yieldBuPerAcre: Num("yield of the strip, bu/acre", { minimum: 0, maximum: 400 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: MAX_TRIAL_POINTS },
      ),
    ),
    csv: Type.Optional(
      Type.String({
        maxLength: MAX_TRIAL_CSV_CHARS,
        description: "CSV with a header row naming columns n_rate (lb N/acre) and yield (bu/acre)",
      }),
    ),
    previousCrop: Type.Union([Type.Literal("soybean"), Type.Literal("corn")], {
      description: "the regional MRTN prior's rotation",
    }),
    nitrogenPricePerLb: Num("$ per lb of N", { minimum: 0, maximum: 20 }),
    cornPricePerBu: Num("$ per bushel", { minimum: 0, maximum: 50 }),
  },
  { additionalProperties: false },
);
export type StripTrialRequest = Static<typeof StripTrialRequest>;

export const StripTrialResponse = Type.Object({
  fit: Nullable(
    Type.Object({
      intercept: Num("yield at zero N, bu/acre"),
      linear: Num("bu/acre per lb N"),
      quadratic: Num("bu/acre per (lb N)²"),
      plateauLbPerAcre: Num("join point: N beyond which yield stays flat"),
      plateauYieldBuPerAcre: Num("plateau yield"),
      rSquared: Num("coefficient of determination"),
      rmseBuPerAcre: Num("root mean square error of the residuals, bu/acre"),
      n: Num("number of (rate, yield) pairs"),
      eonrLbPerAcre: Num("the trial's own economic optimum N rate"),
      eonrStandardErrorLbPerAcre: Num("delta-method standard error of the EONR"),
      eonrCi95LbPerAcre: Type.Object({ low: Type.Number(), high: Type.Number() }),
    }),
  ),
  priorMrtnLbPerAcre: Num("regional MRTN at these prices for the rotation"),
  recommendedLbPerAcre: Num("precision-weighted blend of the trial EONR and the regional MRTN"),
  trialWeight: Num("weight of the trial in the blend, 0-1"),
  blendRule: Type.String(),
  priceRatio: Num("N price / corn price"),
  previousCrop: Type.Union([Type.Literal("soybean"), Type.Literal("corn")], {
    description: "the prior's rotation",
  }),
  nitrogenPricePerLb: Num("the N price used, $/lb"),
  cornPricePerBu: Num("the corn price used, $/bu"),
  costAtRecommendedPerAcre: Num("cost of the recommended rate at the N price, $/acre"),
  method: Type.String({ description: "fitting and interval methods with their sources" }),
  sources: Type.Array(Type.String()),
});
export type StripTrialResponse = Static<typeof StripTrialResponse>;

/** GET /fields/{id}/nitrogen/strip-trial: the strips are the year's harvest events that carry their N rate. */
export const FieldStripTrialQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 1900, maximum: 2200, description: "season year of the harvest events" }),
    nitrogenPricePerLb: Type.Number({ exclusiveMinimum: 0, maximum: 20, description: "$ per lb of N" }),
    cornPricePerBu: Type.Number({ exclusiveMinimum: 0, maximum: 50, description: "$ per bushel" }),
    previousCrop: Type.Optional(
      Type.Union([Type.Literal("soybean"), Type.Literal("corn")], {
        description: "the prior's rotation; the year's season's previous crop when omitted",
      }),
    ),
  },
  { additionalProperties: false },
);
export type FieldStripTrialQuery = Static<typeof FieldStripTrialQuery>;
