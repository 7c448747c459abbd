import { BoundaryImportBody, BoundaryImportResult, commonProblems, Problem } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { importBoundary } from "./boundary-import.service";

export const boundaryImportRoutes: FeaturePlugin<Record<never, never>> = async (app) => {
  app.post(
    "/boundary-imports",
    {
      config: { permission: "write" },
      // A zipped shapefile in base64 is larger than the default JSON limit allows for.
      bodyLimit: 1_100_000,
      schema: {
        tags: ["fields"],
        summary:
          "Read a field boundary from a GeoJSON, KML or zipped shapefile and validate it (nothing is stored: save it with POST/PATCH /fields)",
        body: BoundaryImportBody,
        response: { 200: BoundaryImportResult, ...commonProblems, 413: Problem, 422: Problem },
      },
    },
    async (request) => importBoundary(request.body),
  );
};
