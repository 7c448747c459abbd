import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { IsoDateTime, ProblemSchema, Uuid } from "../http/schemas";
import type { ForecastService } from "./forecast.service";

const Prediction = Type.Object({
  p10: Type.Union([Type.Number(), Type.Null()]),
  p50: Type.Number(),
  p90: Type.Union([Type.Number(), Type.Null()]),
  unit: Type.String(),
  model: Type.String(),
  version: Type.String(),
  createdAt: IsoDateTime,
  features: Type.Record(Type.String(), Type.Unknown()),
});

export function registerForecastRoutes(app: FastifyInstance, service: ForecastService): void {
  app.get(
    "/fields/:id/forecast",
    {
      config: { permission: "read" },
      schema: {
        tags: ["agronomy"],
        summary:
          "Yield forecast (p10/p50/p90, bu/acre) from the field's own weather and county soils, with the model version; 'unavailable' with a reason when ml is down, slow or lacks data",
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Union([
            Type.Object({ status: Type.Literal("ok"), prediction: Prediction }),
            Type.Object({
              status: Type.Literal("unavailable"),
              reason: Type.String(),
              lastPrediction: Type.Optional(Prediction),
            }),
          ]),
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return service.forecast(request.principal!.organizationId, id, request.id);
    },
  );
}
