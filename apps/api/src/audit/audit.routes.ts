import { AuditEventPage, AuditEventQuery, commonProblems } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { AuditService } from "./audit.service";

export const auditRoutes: FeaturePlugin<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    "/audit-events",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Security-relevant actions in the organization, newest first",
        querystring: AuditEventQuery,
        response: { 200: AuditEventPage, ...commonProblems },
      },
    },
    (request) => audit.list(request.principal, request.query),
  );
};
