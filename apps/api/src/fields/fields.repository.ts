import type { Pool } from "@unicorn/db";
import { ResourceRepository } from "../resources/resource.repository";

export function createFieldsRepository(pool: Pool, siteId: string): ResourceRepository {
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
