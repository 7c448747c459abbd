import { Field, FieldCreate, FieldListQuery, FieldUpdate } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { registerResourceRoutes } from "../resources/resource.routes";
import type { FieldsService } from "./fields.service";

export const fieldsRoutes: FeaturePlugin<{ fields: FieldsService }> = async (app, { fields }) => {
  registerResourceRoutes(app, {
    path: "fields",
    noun: "field",
    tag: "land",
    schemas: { item: Field, create: FieldCreate, update: FieldUpdate, query: FieldListQuery },
    service: fields,
  });
};
