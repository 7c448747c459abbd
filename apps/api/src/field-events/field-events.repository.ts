import type { FieldEvent } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { ResourceRepository, type Stored } from "../resources/resource.repository";

/** A field event row: the representation is the row itself. */
export type FieldEventColumns = Omit<FieldEvent, keyof Stored>;

export function createFieldEventsRepository(
  pool: Pool,
  siteId: string,
): ResourceRepository<FieldEventColumns> {
  return new ResourceRepository<FieldEventColumns>(
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
        grainMoisturePct: "grain_moisture_pct",
        notes: "notes",
        soilNitratePpm: "soil_nitrate_ppm",
        samplingStage: "sampling_stage",
        wetSpring: "wet_spring",
        manured: "manured",
        frostDamage: "frost_damage",
        leafLossPct: "leaf_loss_pct",
      },
      filters: ["fieldId", "seasonId", "kind"],
      orderBy: "date DESC, created_at DESC",
    },
    siteId,
  );
}
