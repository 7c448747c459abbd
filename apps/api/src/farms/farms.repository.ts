import type { Pool } from "@unicorn/db";
import { ResourceRepository } from "../resources/resource.repository";

export function createFarmsRepository(pool: Pool, siteId: string): ResourceRepository {
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
