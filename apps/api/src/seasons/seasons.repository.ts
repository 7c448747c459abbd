import type { Season } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { ResourceRepository, type Stored } from "../resources/resource.repository";

/** A season row: the representation is the row itself. */
export type SeasonColumns = Omit<Season, keyof Stored>;

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
      },
      filters: ["fieldId", "year"],
      orderBy: "year DESC, id",
      // A deleted season's nitrogen, irrigation and harvest must not keep counting in the field's balances.
      dependents: [{ table: "field_events", foreignKey: "season_id" }],
    },
    siteId,
  );
}
