import type { Farm, FarmCreate, FarmListQuery, FarmUpdate } from "@unicorn/contracts";
import { errors } from "../http/app-error";
import type { ResourceRepository } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";

export type FarmsService = HookedResourceService<Farm, FarmCreate, FarmUpdate, FarmListQuery>;

/** Whether the runtime's time-zone database knows `zone` (every local-date computation of the farm uses it). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkTimeZone<T extends { timezone?: string }>(input: T): T {
  if (input.timezone !== undefined && !isKnownTimeZone(input.timezone))
    throw errors.badRequest(`unknown IANA time zone "${input.timezone}", e.g. America/Chicago`, "timezone");
  return input;
}

export function createFarmsService(farms: ResourceRepository): FarmsService {
  return new HookedResourceService(farms, {
    prepareCreate: async (_principal, input) => ({ ...checkTimeZone(input) }),
    prepareUpdate: async (_principal, input) => ({ ...checkTimeZone(input) }),
  });
}
