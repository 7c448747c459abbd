import type { Polygon } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { type DependentTable, ResourceRepository } from "../resources/resource.repository";

/** What dies with a field: its seasons, sensors (so they stop ingesting), events, alerts and observations. */
export const FIELD_DEPENDENTS: readonly DependentTable[] = [
  { table: "seasons", foreignKey: "field_id" },
  { table: "sensors", foreignKey: "field_id" },
  { table: "field_events", foreignKey: "field_id" },
  { table: "alerts", foreignKey: "field_id" },
  { table: "observations", foreignKey: "field_id" },
];

/** A field row: soil in three columns, area in hectares only (acres are derived when presenting). */
export interface FieldColumns {
  farmId: string;
  name: string;
  boundary: Polygon;
  areaHa: number;
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
  countyFips: string | null;
  soilTexture: string;
  awcMmPerM: number;
  rootDepthM: number;
}

export function createFieldsRepository(pool: Pool, siteId: string): ResourceRepository<FieldColumns> {
  return new ResourceRepository<FieldColumns>(
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
      dependents: FIELD_DEPENDENTS,
    },
    siteId,
  );
}
