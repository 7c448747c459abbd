import { commonProblems, FieldWeather, FieldWeatherQuery, IdParams } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { WeatherService } from "./weather.service";

export const weatherRoutes: FeaturePlugin<{ weather: WeatherService }> = async (app, { weather }) => {
  app.get(
    "/fields/:id/weather/daily",
    {
      config: { permission: "read" },
      schema: {
        tags: ["land"],
        summary:
          "Daily weather of a field from its station (Tmin, Tmax, RH, wind, solar radiation, rain), in the farm's time zone",
        params: IdParams,
        querystring: FieldWeatherQuery,
        response: { 200: FieldWeather, ...commonProblems },
      },
    },
    async (request) => weather.fieldDaily(request.principal, request.params.id, request.query),
  );
};
