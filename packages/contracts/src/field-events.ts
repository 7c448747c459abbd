import { type Static, Type } from "typebox";
import { FrostDamage } from "./calc";
import { IsoDate, listQuery, literalUnion, Nullable, pageOf, partialBody, Timestamps, Uuid } from "./common";

export const FIELD_EVENT_KINDS = [
  "planting",
  "fertilizer_n",
  "irrigation",
  "harvest",
  "soil_nitrate_test",
  "frost",
] as const;
export const FieldEventKind = literalUnion(FIELD_EVENT_KINDS);
export type FieldEventKind = (typeof FIELD_EVENT_KINDS)[number];

const writable = {
  fieldId: Uuid,
  seasonId: Uuid,
  kind: FieldEventKind,
  date: IsoDate,
  nitrogenLbPerAcre: Type.Number({ minimum: 0, maximum: 400 }),
  irrigationMm: Type.Number({ minimum: 0, maximum: 200 }),
  yieldBuPerAcre: Type.Number({ minimum: 0, maximum: 400 }),
  grainMoisturePct: Type.Number({ minimum: 5, maximum: 45, description: "grain moisture at harvest, %" }),
  notes: Type.String({ maxLength: 2000 }),
  soilNitratePpm: Type.Number({
    minimum: 0,
    maximum: 200,
    description: "late-spring soil nitrate test: NO3-N of the 0-12 in layer, ppm",
  }),
  samplingStage: Type.String({
    maxLength: 40,
    description: "crop stage or height when sampled, e.g. V5 or 6-12 in",
  }),
  wetSpring: Type.Boolean({ description: "rainfall since planting more than 20% above normal" }),
  manured: Type.Boolean({ description: "manure applied for this crop" }),
  frostDamage: FrostDamage,
  leafLossPct: Type.Number({
    minimum: 0,
    maximum: 100,
    description: "share of the leaf area a leaves-only frost killed, % (100 when left out)",
  }),
};

/**
 * Something done to a field on a date; fertilizer, irrigation and harvest events carry their quantity, a soil
 * nitrate test its ppm (with the sampling stage and the spring's conditions the interpretation depends on), a
 * frost what it killed (whole plant or leaves only, with the share of the leaves).
 */
export const FieldEvent = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    seasonId: Nullable(Uuid),
    kind: FieldEventKind,
    date: Type.String({ format: "date" }),
    nitrogenLbPerAcre: Nullable(Type.Number()),
    irrigationMm: Nullable(Type.Number()),
    yieldBuPerAcre: Nullable(Type.Number()),
    grainMoisturePct: Nullable(Type.Number()),
    notes: Nullable(Type.String()),
    soilNitratePpm: Nullable(Type.Number()),
    samplingStage: Nullable(Type.String()),
    wetSpring: Nullable(Type.Boolean()),
    manured: Nullable(Type.Boolean()),
    frostDamage: Nullable(FrostDamage),
    leafLossPct: Nullable(Type.Number()),
    ...Timestamps,
  },
  { $id: "FieldEvent" },
);
export type FieldEvent = Static<typeof FieldEvent>;

export const FieldEventCreate = Type.Object(
  {
    fieldId: writable.fieldId,
    kind: writable.kind,
    date: writable.date,
    seasonId: Type.Optional(writable.seasonId),
    nitrogenLbPerAcre: Type.Optional(writable.nitrogenLbPerAcre),
    irrigationMm: Type.Optional(writable.irrigationMm),
    yieldBuPerAcre: Type.Optional(writable.yieldBuPerAcre),
    grainMoisturePct: Type.Optional(writable.grainMoisturePct),
    notes: Type.Optional(writable.notes),
    soilNitratePpm: Type.Optional(writable.soilNitratePpm),
    samplingStage: Type.Optional(writable.samplingStage),
    wetSpring: Type.Optional(writable.wetSpring),
    manured: Type.Optional(writable.manured),
    frostDamage: Type.Optional(writable.frostDamage),
    leafLossPct: Type.Optional(writable.leafLossPct),
  },
  { additionalProperties: false },
);
export type FieldEventCreate = Static<typeof FieldEventCreate>;

export const FieldEventUpdate = partialBody(writable);
export type FieldEventUpdate = Static<typeof FieldEventUpdate>;

export const FieldEventListQuery = listQuery({
  fieldId: Type.Optional(Uuid),
  seasonId: Type.Optional(Uuid),
  kind: Type.Optional(FieldEventKind),
});
export type FieldEventListQuery = Static<typeof FieldEventListQuery>;

export const FieldEventPage = pageOf(FieldEvent);
export type FieldEventPage = Static<typeof FieldEventPage>;
