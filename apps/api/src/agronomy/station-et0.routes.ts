import { IdParams, Problem, StationHourlyEt0, StationHourlyEt0Query } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { StationEt0Service } from "./station-et0.service";

export const stationEt0Routes: FeaturePlugin<{ stationEt0: StationEt0Service }> = async (
  app,
  { stationEt0 },
) => {
  app.get(
    "/fields/:id/et0/hourly",
    {
      config: { permission: "read" },
      schema: {
        tags: ["agronomy"],
        summary:
          "FAO-56 hourly reference ET0 (eq. 53) for one day from the field's station readings (temperature, humidity, wind, solar), hour by hour in local standard time",
        params: IdParams,
        querystring: StationHourlyEt0Query,
        response: { 200: StationHourlyEt0, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request) => stationEt0.hourly(request.principal.organizationId, request.params.id, request.query),
  );
};
