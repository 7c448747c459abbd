import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { errors } from "../http/app-error";
import { IsoDateTime, ProblemSchema, Uuid } from "../http/schemas";
import { Nullable } from "../resources/schema-helpers";
import type { AlertsRepository } from "./alerts.repository";

export const AlertSchema = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    seasonId: Nullable(Uuid),
    kind: Type.String({ description: "frost | heat_stress | drought_stress" }),
    ruleId: Type.String(),
    eventDate: Type.String({ format: "date" }),
    severity: Type.String(),
    message: Type.String(),
    status: Type.Union([Type.Literal("open"), Type.Literal("acknowledged")]),
    acknowledgedBy: Nullable(Uuid),
    acknowledgedAt: Nullable(IsoDateTime),
    createdAt: IsoDateTime,
  },
  { $id: "Alert" },
);

export function registerAlertsRoutes(app: FastifyInstance, alerts: AlertsRepository): void {
  app.get(
    "/alerts",
    {
      config: { permission: "read" },
      schema: {
        tags: ["alerts"],
        summary: "Alerts of your organization, newest event first",
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal("open"), Type.Literal("acknowledged")])),
            fieldId: Type.Optional(Uuid),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(AlertSchema),
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
          400: ProblemSchema,
        },
      },
    },
    async (request) => {
      const query = request.query as { status?: string; fieldId?: string; limit: number; offset: number };
      const page = await alerts.list(request.principal!.organizationId, query);
      return { ...page, limit: query.limit, offset: query.offset };
    },
  );

  app.post(
    "/alerts/:id/acknowledge",
    {
      config: { permission: "acknowledge" },
      schema: {
        tags: ["alerts"],
        summary: "Acknowledge an alert",
        params: Type.Object({ id: Uuid }),
        response: { 200: AlertSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const alert = await alerts.acknowledge(
        principal.organizationId,
        (request.params as { id: string }).id,
        principal.userId ?? null,
      );
      if (!alert) throw errors.notFound("alert", "id");
      return alert;
    },
  );
}
