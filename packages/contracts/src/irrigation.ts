/**
 * A field's irrigation system (GET/PUT/DELETE /fields/{id}/irrigation-system): what the irrigation schedule
 * may apply. Stored in mm and mm/day; every depth and capacity is also returned in inches and gpm/acre.
 */
import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, literalUnion, Nullable, Uuid } from "./common";

export const IRRIGATION_SYSTEM_KIND_VALUES = [
  "center_pivot",
  "linear",
  "drip",
  "travelling_gun",
  "none",
] as const;
export const IrrigationSystemKind = literalUnion(IRRIGATION_SYSTEM_KIND_VALUES, {
  description: "none: a rainfed field, nothing is scheduled",
});
export type IrrigationSystemKind = (typeof IRRIGATION_SYSTEM_KIND_VALUES)[number];

export const WEEKDAY_VALUES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export const Weekday = literalUnion(WEEKDAY_VALUES);
export type Weekday = (typeof WEEKDAY_VALUES)[number];

const Num = (description: string, unit: string, limits: { minimum?: number; maximum?: number } = {}) =>
  Type.Number({ description, "x-unit": unit, ...limits });

/** Omitted settings take the kind's defaults (USDA NRCS NEH Part 652 and extension figures). */
export const IrrigationSystemUpdate = Type.Object(
  {
    kind: IrrigationSystemKind,
    capacityMmPerDay: Type.Optional(
      Num("gross depth over the whole field per 24 h of running; give this or capacityGpmPerAcre", "mm/day", {
        minimum: 0,
        maximum: 50,
      }),
    ),
    capacityGpmPerAcre: Type.Optional(
      Num("system flow per irrigated acre (1 gpm/acre = 1.347 mm/day)", "gpm/acre", {
        minimum: 0,
        maximum: 40,
      }),
    ),
    efficiency: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "application efficiency, net/gross" }),
    ),
    minDepthMm: Type.Optional(Num("smallest gross depth of one pass", "mm", { minimum: 0, maximum: 150 })),
    maxDepthMm: Type.Optional(Num("largest gross depth of one pass", "mm", { minimum: 0, maximum: 150 })),
    runDays: Type.Optional(
      Type.Array(Weekday, { uniqueItems: true, maxItems: 7, description: "days of the week it may run" }),
    ),
    hoursPerDay: Type.Optional(Num("hours it may run on a running day", "h", { minimum: 0, maximum: 24 })),
    madFraction: Type.Optional(
      Type.Number({
        minimum: 0.05,
        maximum: 0.95,
        description: "management allowed depletion, fraction of total available water",
      }),
    ),
    waterCostPerAcreInch: Type.Optional(
      Num("cost of the water itself", "USD/acre-inch", { minimum: 0, maximum: 1000 }),
    ),
    pumpingCostPerAcreInch: Type.Optional(
      Num("energy and upkeep of pumping", "USD/acre-inch", { minimum: 0, maximum: 1000 }),
    ),
    probeFieldCapacityPct: Type.Optional(
      Nullable(
        Num(
          "volumetric water content the field's probes read at field capacity; null: from the soil texture",
          "%",
          {
            minimum: 5,
            maximum: 60,
          },
        ),
      ),
    ),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type IrrigationSystemUpdate = Static<typeof IrrigationSystemUpdate>;

export const IrrigationSystem = Type.Object(
  {
    fieldId: Uuid,
    kind: IrrigationSystemKind,
    capacityMmPerDay: Num("gross depth per 24 h of running", "mm/day"),
    capacityInPerDay: Num("gross depth per 24 h of running", "in/day"),
    capacityGpmPerAcre: Num("system flow per irrigated acre", "gpm/acre"),
    efficiency: Type.Number({ description: "application efficiency, net/gross" }),
    minDepthMm: Num("smallest gross depth of one pass", "mm"),
    minDepthIn: Num("smallest gross depth of one pass", "in"),
    maxDepthMm: Num("largest gross depth of one pass", "mm"),
    maxDepthIn: Num("largest gross depth of one pass", "in"),
    runDays: Type.Array(Weekday),
    hoursPerDay: Num("hours it may run on a running day", "h"),
    madFraction: Type.Number({ description: "management allowed depletion, fraction of TAW" }),
    waterCostPerAcreInch: Num("cost of the water", "USD/acre-inch"),
    pumpingCostPerAcreInch: Num("cost of pumping", "USD/acre-inch"),
    probeFieldCapacityPct: Nullable(Num("probe reading at field capacity; null: from the soil texture", "%")),
    notes: Nullable(Type.String()),
    defaultsSource: Type.String({ description: "where the kind's default values come from" }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    version: Type.Integer(),
  },
  { $id: "IrrigationSystem" },
);
export type IrrigationSystem = Static<typeof IrrigationSystem>;

/** A system given to the stateless water-balance calculator: the PUT body without the field's own notes. */
export const CalcIrrigationSystem = Type.Omit(IrrigationSystemUpdate, ["probeFieldCapacityPct", "notes"], {
  additionalProperties: false,
});
export type CalcIrrigationSystem = Static<typeof CalcIrrigationSystem>;

export const PlannedIrrigationPass = Type.Object({
  startDate: IsoDate,
  endDate: IsoDate,
  grossMm: Num("depth the system applies", "mm"),
  netMm: Num("depth stored in the root zone (gross × efficiency)", "mm"),
  waterCostPerAcre: Num("water cost of the pass", "USD/acre"),
  pumpingCostPerAcre: Num("pumping cost of the pass", "USD/acre"),
});
export type PlannedIrrigationPass = Static<typeof PlannedIrrigationPass>;

export const CalcIrrigationPlan = Type.Object(
  {
    madMm: Num("management allowed depletion", "mm"),
    passes: Type.Array(PlannedIrrigationPass, { description: "passes starting in the next 7 days" }),
    capacityLimited: Type.Boolean(),
    cannotKeepUpFrom: Nullable(IsoDate),
  },
  { description: "the passes the given system can apply (several, started early enough), with their cost" },
);
export type CalcIrrigationPlan = Static<typeof CalcIrrigationPlan>;
