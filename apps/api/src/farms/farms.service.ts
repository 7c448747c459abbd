import type { Farm, FarmCreate, FarmListQuery, FarmUpdate } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { ResourceRepository } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";
import { isKnownTimeZone } from "../time/time-zone";
import type { FarmColumns } from "./farms.repository";

export type FarmsService = HookedResourceService<Farm, FarmCreate, FarmUpdate, FarmListQuery, FarmColumns>;

function checkTimeZone<T extends { timezone?: string }>(input: T): T {
  if (input.timezone !== undefined && !isKnownTimeZone(input.timezone))
    throw errors.badRequest(`unknown IANA time zone "${input.timezone}", e.g. America/Chicago`, "timezone");
  return input;
}

/** `onSensorsChanged`: a deleted farm takes its fields' sensors with it; ingestion's cache must forget them. */
export function createFarmsService(
  farms: ResourceRepository<FarmColumns>,
  onSensorsChanged: () => void = () => {},
): FarmsService {
  return new HookedResourceService(farms, {
    afterRemove: onSensorsChanged,
    prepareCreate: async (_principal, input) => ({ ...checkTimeZone(input) }),
    prepareUpdate: async (_principal, input) => ({ ...checkTimeZone(input) }),
    present: (row) => row,
  });
}
