import type { FastifyInstance } from "fastify";

/**
 * The content security policy of every page we serve (dashboard, API docs) and every API response.
 * Everything is bundled and served from our own origin, so `'self'` is the whole allow-list: no inline
 * script or style (Vite emits none; uPlot and React set styles through the CSSOM, which CSP allows),
 * `data:` images only for the inline SVG favicon, no framing, no plugins, no `<base>` rewriting.
 * `imageOrigins` adds exactly the origins an operator configured for map tiles (images only, nothing else).
 */
export function contentSecurityPolicy(imageOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data:", ...imageOrigins].join(" "),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * Headers every HTML and API response carries. The same values are written into the nginx configs in
 * deploy/docker (a test keeps them equal).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  // frame-ancestors supersedes it in current browsers; kept for those that only know this one.
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

/** Sets the security headers on every response of `app`, its 404s and errors included. */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { imageOrigins?: readonly string[] } = {},
): void {
  const headers = options.imageOrigins?.length
    ? { ...SECURITY_HEADERS, "content-security-policy": contentSecurityPolicy(options.imageOrigins) }
    : SECURITY_HEADERS;
  app.addHook("onRequest", async (_request, reply) => {
    reply.headers(headers);
  });
}
