import { Alert as AlertSchema } from "@unicorn/contracts";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { IsoDate, ProblemSchema, Uuid } from "../http/schemas";
import type { FieldAgronomyService } from "./field-agronomy.service";

const Section = (description: string) => Type.Union([Type.Unknown({ description }), Type.Null()]);

const FieldAgronomy = Type.Object(
  {
    fieldId: Uuid,
    asOf: IsoDate,
    season: Section("the season used: hybrid, planting date, GDD rating, seeding rate, previous crop"),
    gdd: Section(
      "GDD (°F, 86/50) since planting, the stage reached, stage thresholds, daily series, projected silking and black-layer dates and the normals they rest on",
    ),
    et: Section("the last day's ET0 (FAO-56 Penman-Monteith), maize Kc and crop ET (mm)"),
    waterBalance: Section(
      "FAO-56 root-zone balance: TAW, RAW, depletion, Ks, status ok|watch|stress, the last 30 days, and the 7-day irrigation schedule (net and gross mm)",
    ),
    nitrogen: Section(
      "EONR and profitable range for the previous crop's default curve, N applied and remaining",
    ),
    seedingRate: Section("economic optimum seeding rate for next season"),
    alerts: Type.Array(AlertSchema),
  },
  { additionalProperties: false },
);

export function registerFieldAgronomyRoutes(app: FastifyInstance, service: FieldAgronomyService): void {
  app.get(
    "/fields/:id/agronomy",
    {
      config: { permission: "read" },
      schema: {
        tags: ["agronomy"],
        summary:
          "Per-field results from the field's own season, soil and weather: GDD and stage, projected dates, ET, water balance and irrigation, N and seeding economics, open alerts",
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object(
          {
            asOf: Type.Optional(IsoDate),
            nitrogenPricePerLb: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 20 })),
            cornPricePerBu: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 50 })),
            seedPricePerThousand: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: FieldAgronomy, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { asOf, ...prices } = request.query as {
        asOf?: string;
        nitrogenPricePerLb?: number;
        cornPricePerBu?: number;
        seedPricePerThousand?: number;
      };
      return service.summary(request.principal!.organizationId, id, {
        ...(asOf ? { asOf } : {}),
        prices: Object.fromEntries(Object.entries(prices).filter(([, v]) => v !== undefined)),
      });
    },
  );
}
