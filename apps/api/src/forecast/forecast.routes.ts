import { Forecast, ForecastQuery, IdParams, Problem } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { ForecastService } from "./forecast.service";

export const forecastRoutes: FeaturePlugin<{ forecasts: ForecastService }> = async (app, { forecasts }) => {
  app.get(
    "/fields/:id/forecast",
    {
      config: { permission: "read" },
      schema: {
        tags: ["agronomy"],
        summary:
          "Yield forecast (p10/p50/p90, bu/acre) from the field's own weather and county soils, with the model version; 'unavailable' with a reason when ml is down, slow or lacks data",
        params: IdParams,
        querystring: ForecastQuery,
        // "unavailable" is a 200 too: the field view renders it, and the last forecast when there is one.
        response: { 200: Forecast, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) =>
      forecasts.forecast(request.principal.organizationId, request.params.id, request.id, request.query.asOf),
  );
};
