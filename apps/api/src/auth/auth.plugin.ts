import { errors } from "@unicorn/http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuthService } from "./auth.service";
import { can, type Permission, type Principal } from "./principal";

declare module "fastify" {
  interface FastifyRequest {
    /**
     * Who is calling. Set by the authenticated scope before any of its handlers runs; reading it on a route
     * outside that scope throws 401, so a route registered in the wrong place fails closed.
     */
    readonly principal: Principal;
  }
  interface FastifyContextConfig {
    /** What the caller needs. Routes that say nothing need "admin": a forgotten declaration fails closed. */
    permission?: Permission;
  }
}

const principals = new WeakMap<FastifyRequest, Principal>();

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

/** Declares `request.principal` once for the whole server (call on the root instance). */
export function decoratePrincipal(app: FastifyInstance): void {
  app.decorateRequest("principal", {
    getter(this: FastifyRequest) {
      const principal = principals.get(this);
      if (!principal) throw errors.unauthorized();
      return principal;
    },
  });
}

/**
 * Makes `scope` the authenticated scope: every route registered in it, or in a plugin registered in it,
 * needs a valid credential and the permission its config declares.
 */
export function requireAuthentication(scope: FastifyInstance, auth: AuthService): void {
  scope.addHook("onRequest", async (request) => {
    const permission = request.routeOptions.config?.permission ?? "admin";
    const credential = credentialFrom(request);
    if (!credential) throw errors.unauthorized();
    const principal = await auth.authenticate(credential);
    if (!principal) throw errors.unauthorized("invalid or expired credentials");
    if (!can(principal.role, permission)) throw errors.forbidden();
    principals.set(request, principal);
  });
}
