import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { createHttpDurationHistogram } from "./metrics";
import { REQUEST_ID_HEADER } from "./request-id";

/**
 * Registers request-id echoing, the HTTP duration histogram and GET /metrics on a Fastify app.
 * The app must be created with `genReqId: (req) => requestIdFrom(req.headers["x-request-id"])`.
 */
export function registerHttpObservability(app: FastifyInstance, registry: Registry): void {
  const httpDuration = createHttpDurationHistogram(registry);

  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  app.addHook("onResponse", async (request, reply) => {
    // Route templates, never raw URLs: raw URLs would explode label cardinality.
    const route = request.routeOptions.url ?? "unmatched";
    httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
