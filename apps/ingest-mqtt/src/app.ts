import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  problemFrameworkErrors,
  registerProblemHandler,
  registerSecurityHeaders,
  registerValidation,
  slowClientTimeouts,
} from "@unicorn/http";
import { type Logger, type Registry, registerHttpObservability, requestIdFrom } from "@unicorn/observability";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { Type } from "typebox";

const Health = Type.Object({ status: Type.String(), broker: Type.Boolean() });

/** Health and metrics on their own port: the service answers no other HTTP. */
export function buildHealthApp(options: {
  logger: Logger;
  registry: Registry;
  brokerConnected: () => boolean;
}) {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: (request) => requestIdFrom(request.headers["x-request-id"]),
    ...slowClientTimeouts(),
    frameworkErrors: problemFrameworkErrors(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerSecurityHeaders(app);
  registerValidation(app);
  registerProblemHandler(app);
  registerHttpObservability(app, options.registry);
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
