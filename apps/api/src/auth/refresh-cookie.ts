import type { CookieSerializeOptions } from "@fastify/cookie";
import { REFRESH_COOKIE } from "@unicorn/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";

/** Only the auth routes (refresh, logout) ever receive the refresh cookie. */
export const REFRESH_COOKIE_PATH = "/api/v1/auth";

/**
 * httpOnly (no script reads it), SameSite=Strict (no other site's page sends it: no CSRF on refresh/logout),
 * scoped to the auth path, and Secure when the request came over HTTPS (directly or through a proxy's
 * X-Forwarded-Proto) or `alwaysSecure` says so. Not always Secure: `npm start` serves plain-HTTP localhost,
 * where browsers would not send a Secure cookie back.
 */
function attributes(request: FastifyRequest, alwaysSecure: boolean): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: "strict",
    secure: alwaysSecure || request.protocol === "https",
    path: REFRESH_COOKIE_PATH,
  };
}

export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
  alwaysSecure: boolean,
): void {
  reply.setCookie(REFRESH_COOKIE, token, { ...attributes(request, alwaysSecure), maxAge: maxAgeSeconds });
}

export function clearRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  alwaysSecure: boolean,
): void {
  reply.clearCookie(REFRESH_COOKIE, attributes(request, alwaysSecure));
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const value = request.cookies[REFRESH_COOKIE];
  return value ? value : undefined;
}
