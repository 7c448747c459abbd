import { FieldAgronomy, FieldAgronomyQuery, IdParams, Problem } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { sendRendered, serializerOf } from "../http/serialized-reply";
import type { FieldAgronomyService } from "./field-agronomy.service";

export const fieldAgronomyRoutes: FeaturePlugin<{ fieldAgronomy: FieldAgronomyService }> = async (
  app,
  { fieldAgronomy },
) => {
  app.get(
    "/fields/:id/agronomy",
    {
      config: { permission: "read" },
      schema: {
        tags: ["agronomy"],
        summary:
          "Per-field results from the field's own season, soil and weather: GDD and stage, projected dates, ET, water balance and irrigation, N and seeding economics at the given prices, open alerts",
        params: IdParams,
        querystring: FieldAgronomyQuery,
        response: { 200: FieldAgronomy, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const body = await fieldAgronomy.renderedSummary(
        request.principal.organizationId,
        request.params.id,
        request.query,
        serializerOf(reply),
      );
      return sendRendered(request, reply, body);
    },
  );
};
