import type { Farm } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { FIELD_DEPENDENTS } from "../fields/fields.repository";
import { ResourceRepository, type Stored } from "../resources/resource.repository";

/** A farm row: the representation is the row itself. */
export type FarmColumns = Omit<Farm, keyof Stored>;

export function createFarmsRepository(pool: Pool, siteId: string): ResourceRepository<FarmColumns> {
  return new ResourceRepository<FarmColumns>(
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
      // A farm's fields, and with each field everything that belongs to it.
      dependents: [{ table: "fields", foreignKey: "farm_id", dependents: FIELD_DEPENDENTS }],
    },
    siteId,
  );
}
