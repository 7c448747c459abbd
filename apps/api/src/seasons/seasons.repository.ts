import type { Season } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { ResourceRepository, type Stored } from "../resources/resource.repository";

/**
 * A season row: the representation adds its state, derived from the row's dates (season-lifecycle.ts) on the
 * farm's local today, which the row carries for that purpose.
 */
export type SeasonColumns = Omit<Season, keyof Stored | "state"> & { farmLocalToday: string };

export function createSeasonsRepository(pool: Pool, siteId: string): ResourceRepository<SeasonColumns> {
  return new ResourceRepository<SeasonColumns>(
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
        closedOn: "closed_on",
        // The first harvest recorded on the field in the season's year (events of a deleted season are gone).
        harvestDate: `(SELECT min(e.date) FROM field_events e WHERE e.field_id = seasons.field_id AND e.kind = 'harvest'
          AND e.deleted_at IS NULL AND e.date >= make_date(seasons.year, 1, 1) AND e.date < make_date(seasons.year + 1, 1, 1))`,
        // Written by the agronomy evaluation when the hybrid's rating is reached; read-only here.
        blackLayerDate: "black_layer_date",
        gddAtBlackLayerF: "round(gdd_at_black_layer_f::numeric, 1)::float8",
        // Today in the farm's time zone (a Chicago evening is already tomorrow in UTC); read-only.
        farmLocalToday: `(SELECT (now() AT TIME ZONE fa.timezone)::date::text FROM fields f JOIN farms fa ON fa.id = f.farm_id
          WHERE f.id = seasons.field_id)`,
      },
      filters: ["fieldId", "year"],
      orderBy: "year DESC, id",
      // A deleted season's nitrogen, irrigation and harvest must not keep counting in the field's balances.
      dependents: [{ table: "field_events", foreignKey: "season_id" }],
    },
    siteId,
  );
}
