import { SyncStatus } from "@unicorn/contracts";
import { createHttpServer } from "@unicorn/http";
import type { Logger, Registry } from "@unicorn/observability";
import { Type } from "typebox";

const Health = Type.Object({ status: Type.String(), localDatabase: Type.Boolean() });

/**
 * Health, metrics and status on the service's own port. /status holds no row data or secrets; it is served
 * without sign-in because the port binds to the farm's network only.
 */
export function buildSyncHttp(options: {
  logger: Logger;
  registry: Registry;
  status: () => Promise<SyncStatus>;
  localDatabaseUp: () => Promise<boolean>;
}) {
  const app = createHttpServer({ logger: options.logger, metrics: options.registry });
  app.get("/healthz", { schema: { response: { 200: Health } } }, async () => ({
    status: "ok",
    localDatabase: await options.localDatabaseUp(),
  }));
  // Ready means the farm database answers: the cloud being away is the normal offline state, not unreadiness.
  app.get("/readyz", { schema: { response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    const up = await options.localDatabaseUp();
    return reply.code(up ? 200 : 503).send({ status: up ? "ok" : "unavailable", localDatabase: up });
  });
  app.get("/status", { schema: { response: { 200: SyncStatus } } }, () => options.status());
  return app;
}
