import { Farm, FarmCreate, FarmListQuery, FarmUpdate } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { registerResourceRoutes } from "../resources/resource.routes";
import type { FarmsService } from "./farms.service";

export const farmsRoutes: FeaturePlugin<{ farms: FarmsService }> = async (app, { farms }) => {
  registerResourceRoutes(app, {
    path: "farms",
    noun: "farm",
    tag: "land",
    schemas: { item: Farm, create: FarmCreate, update: FarmUpdate, query: FarmListQuery },
    service: farms,
  });
};
