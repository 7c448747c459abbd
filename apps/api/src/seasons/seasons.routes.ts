import { Season, SeasonCreate, SeasonListQuery, SeasonUpdate } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { registerResourceRoutes } from "../resources/resource.routes";
import type { SeasonsService } from "./seasons.service";

export const seasonsRoutes: FeaturePlugin<{ seasons: SeasonsService }> = async (app, { seasons }) => {
  registerResourceRoutes(app, {
    path: "seasons",
    noun: "season",
    tag: "seasons",
    schemas: { item: Season, create: SeasonCreate, update: SeasonUpdate, query: SeasonListQuery },
    service: seasons,
  });
};
