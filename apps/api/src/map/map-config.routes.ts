import { commonProblems, MapConfig } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";

/** What the dashboard's maps draw under the fields: the operator's basemap, or none (the offline default). */
export const mapConfigRoutes: FeaturePlugin<{ config: MapConfig }> = async (app, { config }) => {
  app.get(
    "/map-config",
    {
      config: { permission: "read" },
      schema: {
        tags: ["map"],
        summary: "The basemap the dashboard's maps use (configured on the server)",
        response: { 200: MapConfig, ...commonProblems },
      },
    },
    async () => config,
  );
};
