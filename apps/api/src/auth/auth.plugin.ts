import { AppError, errors } from "@unicorn/http";
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
    /** Open to a person still holding a temporary password (who they are, choosing a new one, signing out). */
    beforePasswordChange?: boolean;
  }
}

const principals = new WeakMap<FastifyRequest, Principal>();

/** A bearer token or API key from the headers: credentials never ride in a URL (logs, history, Referer). */
function credentialFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  const apiKey = request.headers["x-api-key"];
  if (typeof apiKey === "string") return apiKey.trim();
  return undefined;
}

/**
 * EventSource cannot send headers: the live stream alone accepts a single-use, 30-second stream ticket in its
 * query (POST /stream/tickets), worthless once the stream is open.
 */
function streamTicketFrom(request: FastifyRequest): string | undefined {
  if (!request.routeOptions.url?.endsWith("/stream")) return undefined;
  // onRequest runs before validation: the query is still whatever the client sent.
  const query: unknown = request.query;
  if (typeof query !== "object" || query === null || !("ticket" in query)) return undefined;
  return typeof query.ticket === "string" && query.ticket !== "" ? query.ticket : undefined;
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
    const ticket = credential ? undefined : streamTicketFrom(request);
    let principal: Principal | undefined;
    if (credential) principal = await auth.authenticate(credential, request.ip);
    else if (ticket) principal = await auth.redeemStreamTicket(ticket);
    else throw errors.unauthorized();
    if (!principal) throw errors.unauthorized("invalid or expired credentials");
    if (!can(principal.role, permission)) throw errors.forbidden();
    // A temporary password (an admin reset) opens nothing but the change to one of the user's own.
    if (principal.mustChangePassword && !request.routeOptions.config?.beforePasswordChange)
      throw new AppError(
        403,
        "password_change_required",
        "you signed in with a temporary password: choose your own first (POST /api/v1/me/password)",
      );
    principals.set(request, principal);
  });
}
