import type { Farm, FarmCreate, FarmListQuery, FarmUpdate } from "@unicorn/contracts";
import type { ResourceRepository } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";

export type FarmsService = HookedResourceService<Farm, FarmCreate, FarmUpdate, FarmListQuery>;

export function createFarmsService(farms: ResourceRepository): FarmsService {
  return new HookedResourceService(farms);
}
