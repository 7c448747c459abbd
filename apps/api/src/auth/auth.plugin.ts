import type { FastifyInstance, FastifyRequest } from "fastify";
import { errors } from "../http/app-error";
import type { AuthService } from "./auth.service";
import { can, type Permission, type Principal } from "./principal";

export type RoutePermission = Permission | "public";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** What the caller needs. Routes that say nothing need "admin": a forgotten declaration fails closed. */
    permission?: RoutePermission;
  }
}

function credentialFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  const apiKey = request.headers["x-api-key"];
  if (typeof apiKey === "string") return apiKey.trim();
  // EventSource cannot send headers: the live stream alone accepts the token in the query string.
  if (request.routeOptions.url?.endsWith("/stream")) {
    const token = (request.query as { access_token?: unknown } | undefined)?.access_token;
    if (typeof token === "string") return token;
  }
  return undefined;
}

export function registerAuthentication(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest("principal", undefined);
  app.addHook("onRequest", async (request) => {
    const url = request.routeOptions.url;
    // Unmatched URLs get a 404; Prometheus scrapes /metrics without credentials; the API docs are public.
    if (!url || url === "/metrics" || url.startsWith("/api/docs")) return;
    const permission = request.routeOptions.config?.permission ?? "admin";
    if (permission === "public") return;
    const credential = credentialFrom(request);
    if (!credential) throw errors.unauthorized();
    const principal = await auth.authenticate(credential);
    if (!principal) throw errors.unauthorized("invalid or expired credentials");
    if (!can(principal.role, permission)) throw errors.forbidden();
    request.principal = principal;
  });
}
