import { createHttpServer } from "@unicorn/http";
import type { Logger, Registry } from "@unicorn/observability";
import { Type } from "typebox";

const Health = Type.Object({ status: Type.String(), broker: Type.Boolean() });

/** Health and metrics on their own port: the service answers no other HTTP. */
export function buildHealthApp(options: {
  logger: Logger;
  registry: Registry;
  brokerConnected: () => boolean;
}) {
  const app = createHttpServer({ logger: options.logger, metrics: options.registry });
  // Alive while the process runs; ready only while connected to the broker (it reconnects by itself).
  app.get("/healthz", { schema: { response: { 200: Health } } }, async () => ({
    status: "ok",
    broker: options.brokerConnected(),
  }));
  app.get("/readyz", { schema: { response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    const broker = options.brokerConnected();
    return reply.code(broker ? 200 : 503).send({ status: broker ? "ok" : "unavailable", broker });
  });
  return app;
}
