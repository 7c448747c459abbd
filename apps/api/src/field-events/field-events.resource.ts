import type { Pool } from "@unicorn/db";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Principal } from "../auth/principal";
import { errors } from "../http/app-error";
import { IsoDate, Timestamps, Uuid } from "../http/schemas";
import { registerResourceRoutes } from "../resources/legacy-resource.routes";
import { HookedResourceService } from "../resources/legacy-resource.service";
import { requireReference } from "../resources/references";
import { ResourceRepository, type Row } from "../resources/resource.repository";
import { Nullable, partialBody } from "../resources/schema-helpers";

const Kind = Type.Union([
  Type.Literal("planting"),
  Type.Literal("fertilizer_n"),
  Type.Literal("irrigation"),
  Type.Literal("harvest"),
]);

const writable = {
  fieldId: Uuid,
  seasonId: Uuid,
  kind: Kind,
  date: IsoDate,
  nitrogenLbPerAcre: Type.Number({ minimum: 0, maximum: 400 }),
  irrigationMm: Type.Number({ minimum: 0, maximum: 200 }),
  yieldBuPerAcre: Type.Number({ minimum: 0, maximum: 400 }),
  notes: Type.String({ maxLength: 2000 }),
};

export const FieldEventSchema = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    seasonId: Nullable(Uuid),
    kind: Kind,
    date: Type.String({ format: "date" }),
    nitrogenLbPerAcre: Nullable(Type.Number()),
    irrigationMm: Nullable(Type.Number()),
    yieldBuPerAcre: Nullable(Type.Number()),
    notes: Nullable(Type.String()),
    ...Timestamps,
  },
  { $id: "FieldEvent" },
);

// Each kind of event carries its own quantity; without it the event means nothing to the engine.
const REQUIRED_QUANTITY: Record<string, string | undefined> = {
  fertilizer_n: "nitrogenLbPerAcre",
  irrigation: "irrigationMm",
  harvest: "yieldBuPerAcre",
};

export function fieldEventsRepository(pool: Pool, siteId: string): ResourceRepository {
  return new ResourceRepository(
    pool,
    {
      table: "field_events",
      columns: {
        fieldId: "field_id",
        seasonId: "season_id",
        kind: "kind",
        date: "date",
        nitrogenLbPerAcre: "nitrogen_lb_per_acre",
        irrigationMm: "irrigation_mm",
        yieldBuPerAcre: "yield_bu_per_acre",
        notes: "notes",
      },
      filters: ["fieldId", "seasonId", "kind"],
      orderBy: "date DESC, created_at DESC",
    },
    siteId,
  );
}

export function registerFieldEvents(
  app: FastifyInstance,
  events: ResourceRepository,
  fields: ResourceRepository,
  seasons: ResourceRepository,
): void {
  const prepare = async (principal: Principal, input: Row, existing?: Row): Promise<Row> => {
    await requireReference(fields, principal, input.fieldId, "fieldId", "field");
    await requireReference(seasons, principal, input.seasonId, "seasonId", "season");
    const merged = { ...existing, ...input };
    const quantity = REQUIRED_QUANTITY[merged.kind as string];
    if (quantity && (merged[quantity] === undefined || merged[quantity] === null)) {
      throw errors.badRequest(`a ${merged.kind} event needs ${quantity}`, quantity);
    }
    return input;
  };
  registerResourceRoutes(app, {
    path: "field-events",
    noun: "field event",
    tag: "seasons",
    item: FieldEventSchema,
    create: Type.Object(
      {
        fieldId: writable.fieldId,
        kind: writable.kind,
        date: writable.date,
        seasonId: Type.Optional(writable.seasonId),
        nitrogenLbPerAcre: Type.Optional(writable.nitrogenLbPerAcre),
        irrigationMm: Type.Optional(writable.irrigationMm),
        yieldBuPerAcre: Type.Optional(writable.yieldBuPerAcre),
        notes: Type.Optional(writable.notes),
      },
      { additionalProperties: false },
    ),
    update: partialBody(writable),
    filters: { fieldId: Type.Optional(Uuid), seasonId: Type.Optional(Uuid), kind: Type.Optional(Kind) },
    service: new HookedResourceService(events, { prepare }),
  });
}
