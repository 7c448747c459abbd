import { timingSafeEqual } from "node:crypto";
import { errors } from "@unicorn/http";
import type { FastifyInstance } from "fastify";

const PUBLIC_ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);

function tokenMatches(expected: string, header: string | undefined): boolean {
  if (!header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice(7).trim());
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Every route but health and metrics needs `Authorization: Bearer <UNICORN_ML_TOKEN>` when a token is set. */
export function requireServiceToken(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  app.addHook("onRequest", async (request) => {
    if (PUBLIC_ROUTES.has(request.routeOptions.url ?? "")) return;
    if (!tokenMatches(token, request.headers.authorization))
      throw errors.unauthorized("a valid service token is required");
  });
}
