import { type Static, Type } from "typebox";
import { listQuery, Nullable, pageOf, partialBody, Timestamps, Uuid } from "./common";

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });

/** A boundary holds at most this many positions over all its rings (JSON Schema cannot sum them: the api checks). */
export const MAX_BOUNDARY_POSITIONS = 10_000;

export const Polygon = Type.Object(
  {
    type: Type.Literal("Polygon"),
    coordinates: Type.Array(Type.Array(Position, { minItems: 4, maxItems: MAX_BOUNDARY_POSITIONS }), {
      minItems: 1,
      maxItems: 100,
      description: `at most ${MAX_BOUNDARY_POSITIONS} positions over all rings; no ring may cross ±180° longitude`,
    }),
  },
  { additionalProperties: false, description: "GeoJSON Polygon in WGS84 longitude/latitude (RFC 7946)" },
);
export type Polygon = Static<typeof Polygon>;

export const Soil = Type.Object(
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
export type Soil = Static<typeof Soil>;

const writable = {
  farmId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  boundary: Polygon,
  elevationM: Type.Number({ minimum: -430, maximum: 9000 }),
  countyFips: Type.String({ pattern: "^[0-9]{5}$", description: "US county FIPS code (5 digits)" }),
  soil: Soil,
};

/** Area and centroid are derived from the boundary on every write; they cannot be set. */
export const Field = Type.Object(
  {
    id: Uuid,
    farmId: Uuid,
    name: Type.String(),
    boundary: Polygon,
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
export type Field = Static<typeof Field>;

export const FieldCreate = Type.Object(
  {
    farmId: writable.farmId,
    name: writable.name,
    boundary: writable.boundary,
    elevationM: Type.Optional(writable.elevationM),
    countyFips: Type.Optional(writable.countyFips),
    soil: Type.Optional(writable.soil),
  },
  { additionalProperties: false },
);
export type FieldCreate = Static<typeof FieldCreate>;

export const FieldUpdate = partialBody(writable);
export type FieldUpdate = Static<typeof FieldUpdate>;

export const FieldListQuery = listQuery({ farmId: Type.Optional(Uuid) });
export type FieldListQuery = Static<typeof FieldListQuery>;

export const FieldPage = pageOf(Field);
export type FieldPage = Static<typeof FieldPage>;
