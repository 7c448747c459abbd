import { FieldEvent, FieldEventCreate, FieldEventListQuery, FieldEventUpdate } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { registerResourceRoutes } from "../resources/resource.routes";
import type { FieldEventsService } from "./field-events.service";

export const fieldEventsRoutes: FeaturePlugin<{ fieldEvents: FieldEventsService }> = async (
  app,
  { fieldEvents },
) => {
  registerResourceRoutes(app, {
    path: "field-events",
    noun: "field event",
    tag: "seasons",
    schemas: {
      item: FieldEvent,
      create: FieldEventCreate,
      update: FieldEventUpdate,
      query: FieldEventListQuery,
    },
    service: fieldEvents,
  });
};
