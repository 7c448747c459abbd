import { Alert, AlertListQuery, AlertPage, commonProblems, IdParams, Problem } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { AlertsService } from "./alerts.service";

export const alertsRoutes: FeaturePlugin<{ alerts: AlertsService }> = async (app, { alerts }) => {
  app.get(
    "/alerts",
    {
      config: { permission: "read" },
      schema: {
        tags: ["alerts"],
        summary: "Alerts of your organization, newest event first",
        querystring: AlertListQuery,
        response: { 200: AlertPage, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => alerts.list(request.principal, request.query),
  );

  app.post(
    "/alerts/:id/acknowledge",
    {
      config: { permission: "acknowledge" },
      schema: {
        tags: ["alerts"],
        summary: "Acknowledge an alert",
        params: IdParams,
        response: { 200: Alert, ...commonProblems },
      },
    },
    async (request) => alerts.acknowledge(request.principal, request.params.id),
  );
};
