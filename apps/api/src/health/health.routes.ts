import { migrationStatus, type Pool } from "@unicorn/db";
import type { FastifyInstance } from "fastify";

/** Liveness says the process runs; readiness says it can serve: database reachable and schema current. */
export function registerHealthRoutes(app: FastifyInstance, pool: Pool): void {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_request, reply) => {
    try {
      const status = await migrationStatus(pool);
      if (status.pending.length > 0) {
        return reply.status(503).send({ status: "migrations pending", pending: status.pending });
      }
      return { status: "ready" };
    } catch (error) {
      return reply.status(503).send({ status: "database unreachable", detail: (error as Error).message });
    }
  });
}
