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

const PreviousCrop = Type.Union([Type.Literal("soybean"), Type.Literal("corn"), Type.Literal("other")]);

const writable = {
  fieldId: Uuid,
  year: Type.Integer({ minimum: 1950, maximum: 2200 }),
  hybrid: Type.String({ minLength: 1, maxLength: 120 }),
  relativeMaturityDays: Type.Integer({ minimum: 70, maximum: 140 }),
  gddToBlackLayerF: Type.Number({
    minimum: 1500,
    maximum: 3500,
    description: "hybrid rating, °F GDD (86/50) from planting to black layer",
  }),
  plantingDate: IsoDate,
  seedingRateThousandPerAcre: Type.Number({ minimum: 10, maximum: 60 }),
  previousCrop: PreviousCrop,
};

export const SeasonSchema = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    year: Type.Integer(),
    hybrid: Type.String(),
    relativeMaturityDays: Nullable(Type.Integer()),
    gddToBlackLayerF: Type.Number(),
    plantingDate: Nullable(Type.String({ format: "date" })),
    seedingRateThousandPerAcre: Nullable(Type.Number()),
    previousCrop: PreviousCrop,
    ...Timestamps,
  },
  { $id: "Season" },
);

export function seasonsRepository(pool: Pool, siteId: string): ResourceRepository {
  return new ResourceRepository(
    pool,
    {
      table: "seasons",
      columns: {
        fieldId: "field_id",
        year: "year",
        hybrid: "hybrid",
        relativeMaturityDays: "relative_maturity_days",
        gddToBlackLayerF: "gdd_to_black_layer_f",
        plantingDate: "planting_date",
        seedingRateThousandPerAcre: "seeding_rate_thousand_per_acre",
        previousCrop: "previous_crop",
      },
      filters: ["fieldId", "year"],
      orderBy: "year DESC, id",
    },
    siteId,
  );
}

export function registerSeasons(
  app: FastifyInstance,
  seasons: ResourceRepository,
  fields: ResourceRepository,
): void {
  const prepare = async (principal: Principal, input: Row, existing?: Row): Promise<Row> => {
    await requireReference(fields, principal, input.fieldId, "fieldId", "field");
    const year = (input.year ?? existing?.year) as number | undefined;
    const planting = input.plantingDate as string | undefined;
    if (year !== undefined && planting !== undefined && Number(planting.slice(0, 4)) !== year) {
      throw errors.unprocessable("plantingDate must fall in the season's year", "plantingDate");
    }
    return input;
  };
  registerResourceRoutes(app, {
    path: "seasons",
    noun: "season",
    tag: "seasons",
    item: SeasonSchema,
    create: Type.Object(
      {
        fieldId: writable.fieldId,
        year: writable.year,
        hybrid: writable.hybrid,
        gddToBlackLayerF: writable.gddToBlackLayerF,
        relativeMaturityDays: Type.Optional(writable.relativeMaturityDays),
        plantingDate: Type.Optional(writable.plantingDate),
        seedingRateThousandPerAcre: Type.Optional(writable.seedingRateThousandPerAcre),
        previousCrop: Type.Optional(writable.previousCrop),
      },
      { additionalProperties: false },
    ),
    update: partialBody(writable),
    filters: { fieldId: Type.Optional(Uuid), year: Type.Optional(Type.Integer()) },
    service: new HookedResourceService(seasons, { prepare }),
  });
}
