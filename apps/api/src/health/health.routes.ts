import { Liveness, NotReady, Ready } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { HealthService } from "./health.service";

/** Liveness says the process runs; readiness says it can serve: database reachable and schema current. */
export const healthRoutes: FeaturePlugin<{ health: HealthService }> = async (app, { health }) => {
  app.get("/healthz", { schema: { response: { 200: Liveness } } }, async () => ({ status: "ok" as const }));

  app.get("/readyz", { schema: { response: { 200: Ready, 503: NotReady } } }, async (_request, reply) => {
    const readiness = await health.readiness();
    return readiness.status === "ready" ? readiness : reply.status(503).send(readiness);
  });
};
