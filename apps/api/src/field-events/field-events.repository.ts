import type { Pool } from "@unicorn/db";
import { ResourceRepository } from "../resources/resource.repository";

export function createFieldEventsRepository(pool: Pool, siteId: string): ResourceRepository {
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
