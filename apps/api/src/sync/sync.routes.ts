import {
  commonProblems,
  IdParams,
  Problem,
  SyncConflictEntry,
  SyncConflictPage,
  SyncConflictQuery,
  SyncStatusReport,
} from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { SyncService } from "./sync.service";

const decisionProblems = { ...commonProblems, 409: Problem };

export const syncRoutes: FeaturePlugin<{ sync: SyncService }> = async (app, { sync }) => {
  app.get(
    "/sync/status",
    {
      config: { permission: "read" },
      schema: {
        tags: ["sync"],
        summary:
          "This farm's sync with the cloud as the sync service last recorded it, or that there is none",
        response: { 200: SyncStatusReport, ...commonProblems },
      },
    },
    (request) => sync.status(request.principal),
  );

  // Agronomists see conflicts too: they make most of the edits that collide.
  app.get(
    "/sync/conflicts",
    {
      config: { permission: "write" },
      schema: {
        tags: ["sync"],
        summary: "Rows changed on both sides since they last agreed: both versions and the rule applied",
        querystring: SyncConflictQuery,
        response: { 200: SyncConflictPage, ...commonProblems },
      },
    },
    (request) => sync.conflicts(request.principal, request.query),
  );

  app.post(
    "/sync/conflicts/:id/reapply",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["sync"],
        summary:
          "Write the losing version back as a local change (it then syncs to the cloud); 409 when the row changed since",
        params: IdParams,
        response: { 200: SyncConflictEntry, ...decisionProblems },
      },
    },
    (request) => sync.reapply(request.principal, request.params.id),
  );

  app.post(
    "/sync/conflicts/:id/dismiss",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["sync"],
        summary: "Keep the winning version and close the conflict (the losing version stays on record)",
        params: IdParams,
        response: { 200: SyncConflictEntry, ...decisionProblems },
      },
    },
    (request) => sync.dismiss(request.principal, request.params.id),
  );
};
