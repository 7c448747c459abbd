import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { errors } from "../http/app-error";
import { IsoDate, ProblemSchema, Uuid } from "../http/schemas";
import { Nullable } from "../resources/schema-helpers";
import type { WeatherRepository } from "./weather.repository";

const N = Nullable(Type.Number());
export const DailyWeatherSchema = Type.Object({
  date: Type.String({ format: "date" }),
  tminC: N,
  tmaxC: N,
  rhMinPct: N,
  rhMaxPct: N,
  rhMeanPct: N,
  windSpeedMs: N,
  solarRadiationMJ: N,
  rainMm: N,
  temperatureHours: Type.Integer(),
  complete: Type.Boolean({ description: "at least 20 hourly temperature readings that day" }),
});

export function registerWeatherRoutes(app: FastifyInstance, weather: WeatherRepository): void {
  app.get(
    "/fields/:id/weather/daily",
    {
      config: { permission: "read" },
      schema: {
        tags: ["land"],
        summary:
          "Daily weather of a field from its station (Tmin, Tmax, RH, wind, solar radiation, rain), in the farm's time zone",
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object(
          { from: IsoDate, to: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ fieldId: Uuid, timeZone: Type.String(), days: Type.Array(DailyWeatherSchema) }),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { from, to } = request.query as { from: string; to?: string };
      const organizationId = request.principal!.organizationId;
      const timeZone = await weather.fieldTimeZone(organizationId, id);
      if (!timeZone) throw errors.notFound("field", "id");
      const until = to ?? new Date().toISOString().slice(0, 10);
      if (until < from) throw errors.badRequest("to must not be before from", "to");
      return { fieldId: id, timeZone, days: await weather.daily(organizationId, id, from, until, timeZone) };
    },
  );
}
