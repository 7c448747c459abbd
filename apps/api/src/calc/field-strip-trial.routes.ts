import { FieldStripTrialQuery, IdParams, Problem, StripTrialResponse } from "@unicorn/contracts";
import { errors, type FeaturePlugin } from "@unicorn/http";
import type { FieldStripTrialRepository } from "./field-strip-trial.repository";
import { fitStrips } from "./strip-trial";

/** The strip-trial fit over a field's own harvest events (each with the N rate its strip received). */
export const fieldStripTrialRoutes: FeaturePlugin<{ strips: FieldStripTrialRepository }> = async (
  app,
  { strips },
) => {
  app.get(
    "/fields/:id/nitrogen/strip-trial",
    {
      config: { permission: "read" },
      schema: {
        tags: ["agronomy"],
        summary:
          "The field's own N response from the year's harvest events that carry an N rate: quadratic-plateau fit, EONR with its 95% interval, blend with the regional MRTN",
        params: IdParams,
        querystring: FieldStripTrialQuery,
        response: { 200: StripTrialResponse, 400: Problem, 401: Problem, 404: Problem, 422: Problem },
      },
    },
    async (request) => {
      const { year, previousCrop, ...prices } = request.query;
      const found = await strips.strips(request.principal.organizationId, request.params.id, year);
      if (!found) throw errors.notFound("field", "id");
      const rotation = previousCrop ?? (found.seasonPreviousCrop === "corn" ? "corn" : "soybean");
      return fitStrips(found.points, rotation, prices, "year");
    },
  );
};
