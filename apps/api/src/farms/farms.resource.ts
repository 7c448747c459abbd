import type { Pool } from "@unicorn/db";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { Timestamps, Uuid } from "../http/schemas";
import { ResourceRepository } from "../resources/resource.repository";
import { registerResourceRoutes } from "../resources/resource.routes";
import { HookedResourceService } from "../resources/resource.service";
import { Nullable, partialBody } from "../resources/schema-helpers";

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
  longitudeDeg: Type.Number({ minimum: -180, maximum: 180 }),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone, e.g. America/Chicago" }),
};

export const FarmSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    latitudeDeg: Nullable(Type.Number()),
    longitudeDeg: Nullable(Type.Number()),
    timezone: Type.String(),
    ...Timestamps,
  },
  { $id: "Farm" },
);

export function farmsRepository(pool: Pool, siteId: string): ResourceRepository {
  return new ResourceRepository(
    pool,
    {
      table: "farms",
      columns: {
        name: "name",
        latitudeDeg: "latitude_deg",
        longitudeDeg: "longitude_deg",
        timezone: "timezone",
      },
      filters: [],
      orderBy: "name, id",
    },
    siteId,
  );
}

export function registerFarms(app: FastifyInstance, farms: ResourceRepository): void {
  registerResourceRoutes(app, {
    path: "farms",
    noun: "farm",
    tag: "land",
    item: FarmSchema,
    create: Type.Object(
      {
        name: writable.name,
        latitudeDeg: Type.Optional(writable.latitudeDeg),
        longitudeDeg: Type.Optional(writable.longitudeDeg),
        timezone: Type.Optional(writable.timezone),
      },
      { additionalProperties: false },
    ),
    update: partialBody(writable),
    filters: {},
    service: new HookedResourceService(farms),
  });
}
