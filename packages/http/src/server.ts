import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { type Logger, type Registry, registerHttpObservability, requestIdFrom } from "@unicorn/observability";
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from "fastify";
import { type ProblemHandlerOptions, problemFrameworkErrors, registerProblemHandler } from "./problem";
import { registerSecurityHeaders } from "./security-headers";
import { type SlowClientLimits, slowClientTimeouts } from "./slow-clients";
import type { ApiInstance } from "./typed-fastify";
import { registerValidation } from "./validation";

export interface HttpServerOptions {
  logger: Logger;
  /** Receives the request-duration histogram; the server answers GET /metrics from it. */
  metrics: Registry;
  /** The largest request body accepted, in bytes (Fastify's own default, 1 MiB, when unset). */
  bodyLimit?: number;
  /** Which proxies' X-Forwarded-For to believe (none when unset). */
  trustProxy?: FastifyServerOptions["trustProxy"];
  /** How long a client may take to send its request (DEFAULT_SLOW_CLIENT_LIMITS when unset). */
  slowClients?: SlowClientLimits;
  /** Turns an app-specific failure into an AppError before it is rendered as problem+json. */
  translate?: ProblemHandlerOptions["translate"];
}

/**
 * A Fastify server that keeps the conventions every server of ours shares, before any route is added: the
 * caller's request id (or a new one) on every log line and response, the security headers on every response
 * (router refusals included), one validator, problem+json for every failure, slow clients cut off, and request
 * durations in the metrics it serves.
 */
export function createHttpServer(options: HttpServerOptions): ApiInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: (request) => requestIdFrom(request.headers["x-request-id"]),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    ...slowClientTimeouts(options.slowClients),
    frameworkErrors: problemFrameworkErrors(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerSecurityHeaders(app);
  registerValidation(app);
  registerProblemHandler(app, options.translate ? { translate: options.translate } : {});
  registerHttpObservability(app, options.metrics);
  return app;
}
