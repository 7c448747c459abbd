import type { Season, SeasonCreate, SeasonListQuery, SeasonUpdate } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import { seasonStateOn } from "../agronomy/season-lifecycle";
import { requireReference } from "../resources/references";
import type { ReferenceTarget, ResourceRepository } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";
import type { SeasonColumns } from "./seasons.repository";

export type SeasonsService = HookedResourceService<
  Season,
  SeasonCreate,
  SeasonUpdate,
  SeasonListQuery,
  SeasonColumns
>;

function requirePlantingInYear(year: number | undefined, plantingDate: string | undefined): void {
  if (year !== undefined && plantingDate !== undefined && Number(plantingDate.slice(0, 4)) !== year) {
    throw errors.unprocessable("plantingDate must fall in the season's year", "plantingDate");
  }
}

export function createSeasonsService(
  seasons: ResourceRepository<SeasonColumns>,
  fields: ReferenceTarget,
): SeasonsService {
  return new HookedResourceService(seasons, {
    async prepareCreate(principal, input) {
      await requireReference(fields, principal, input.fieldId, "fieldId", "field");
      requirePlantingInYear(input.year, input.plantingDate);
      return input;
    },
    async prepareUpdate(principal, input, existing) {
      await requireReference(fields, principal, input.fieldId, "fieldId", "field");
      requirePlantingInYear(
        input.year ?? existing.year,
        input.plantingDate ?? existing.plantingDate ?? undefined,
      );
      return input;
    },
    // The state on the farm's local today; GET /fields/{id}/agronomy?asOf= gives it on any date.
    present: ({ farmLocalToday, ...row }) => ({
      ...row,
      state: seasonStateOn(
        {
          plantingDate: row.plantingDate,
          blackLayerDate: row.blackLayerDate,
          harvestDate: row.harvestDate,
          closedOn: row.closedOn,
        },
        farmLocalToday,
      ),
    }),
  });
}
