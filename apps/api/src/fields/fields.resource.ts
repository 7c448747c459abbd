import type { Pool } from "@unicorn/db";
import type { FastifyInstance } from "fastify";
import type { Polygon } from "geojson";
import { Type } from "typebox";
import type { Principal } from "../auth/principal";
import { Timestamps, Uuid } from "../http/schemas";
import { registerResourceRoutes } from "../resources/legacy-resource.routes";
import { HookedResourceService } from "../resources/legacy-resource.service";
import { requireReference } from "../resources/references";
import { ResourceRepository, type Row } from "../resources/resource.repository";
import { Nullable, partialBody } from "../resources/schema-helpers";
import { hectaresToAcres, measureBoundary } from "./field-geometry";

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
export const PolygonSchema = Type.Object(
  {
    type: Type.Literal("Polygon"),
    coordinates: Type.Array(Type.Array(Position, { minItems: 4, maxItems: 10_000 }), {
      minItems: 1,
      maxItems: 100,
    }),
  },
  { additionalProperties: false, description: "GeoJSON Polygon in WGS84 longitude/latitude (RFC 7946)" },
);

const Soil = Type.Object(
  {
    texture: Type.String({
      minLength: 1,
      maxLength: 60,
      description: "USDA texture class, e.g. silty clay loam",
    }),
    awcMmPerM: Type.Number({
      minimum: 20,
      maximum: 300,
      description: "available water capacity, mm of water per m of soil",
    }),
    rootDepthM: Type.Number({ minimum: 0.1, maximum: 3, description: "effective rooting depth, m" }),
  },
  { additionalProperties: false },
);

const writable = {
  farmId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  boundary: PolygonSchema,
  elevationM: Type.Number({ minimum: -430, maximum: 9000 }),
  countyFips: Type.String({ pattern: "^[0-9]{5}$", description: "US county FIPS code (5 digits)" }),
  soil: Soil,
};

export const FieldSchema = Type.Object(
  {
    id: Uuid,
    farmId: Uuid,
    name: Type.String(),
    boundary: PolygonSchema,
    areaHa: Type.Number(),
    areaAcres: Type.Number(),
    latitudeDeg: Type.Number(),
    longitudeDeg: Type.Number(),
    elevationM: Type.Number(),
    countyFips: Nullable(Type.String()),
    soil: Soil,
    ...Timestamps,
  },
  { $id: "Field" },
);

export interface Field {
  id: string;
  farmId: string;
  name: string;
  boundary: Polygon;
  areaHa: number;
  areaAcres: number;
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
  countyFips: string | null;
  soil: { texture: string; awcMmPerM: number; rootDepthM: number };
}

export function fieldsRepository(pool: Pool, siteId: string): ResourceRepository {
  return new ResourceRepository(
    pool,
    {
      table: "fields",
      columns: {
        farmId: "farm_id",
        name: "name",
        boundary: "boundary",
        areaHa: "area_ha",
        latitudeDeg: "latitude_deg",
        longitudeDeg: "longitude_deg",
        elevationM: "elevation_m",
        countyFips: "county_fips",
        soilTexture: "soil_texture",
        awcMmPerM: "awc_mm_per_m",
        rootDepthM: "root_depth_m",
      },
      filters: ["farmId"],
      orderBy: "name, id",
    },
    siteId,
  );
}

export function presentField(row: Row): Field {
  const { soilTexture, awcMmPerM, rootDepthM, areaHa, ...rest } = row as Row & {
    soilTexture: string;
    awcMmPerM: number;
    rootDepthM: number;
    areaHa: number;
  };
  return {
    ...(rest as unknown as Field),
    areaHa,
    areaAcres: hectaresToAcres(areaHa),
    soil: { texture: soilTexture, awcMmPerM, rootDepthM },
  };
}

export function registerFields(
  app: FastifyInstance,
  fields: ResourceRepository,
  farms: ResourceRepository,
): void {
  const prepare = async (principal: Principal, input: Row): Promise<Row> => {
    await requireReference(farms, principal, input.farmId, "farmId", "farm");
    const { soil, boundary, ...rest } = input as Row & { soil?: Field["soil"]; boundary?: Polygon };
    const values: Row = { ...rest };
    if (boundary) {
      const geometry = measureBoundary(boundary);
      Object.assign(values, {
        boundary: JSON.stringify(boundary),
        areaHa: geometry.areaHa,
        latitudeDeg: geometry.latitudeDeg,
        longitudeDeg: geometry.longitudeDeg,
      });
    }
    if (soil)
      Object.assign(values, {
        soilTexture: soil.texture,
        awcMmPerM: soil.awcMmPerM,
        rootDepthM: soil.rootDepthM,
      });
    return values;
  };

  registerResourceRoutes(app, {
    path: "fields",
    noun: "field",
    tag: "land",
    item: FieldSchema,
    create: Type.Object(
      {
        farmId: writable.farmId,
        name: writable.name,
        boundary: writable.boundary,
        elevationM: Type.Optional(writable.elevationM),
        countyFips: Type.Optional(writable.countyFips),
        soil: Type.Optional(writable.soil),
      },
      { additionalProperties: false },
    ),
    update: partialBody(writable),
    filters: { farmId: Type.Optional(Uuid) },
    service: new HookedResourceService<Field>(fields, { prepare, present: presentField }),
  });
}
