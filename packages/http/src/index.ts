/**
 * The HTTP conventions our servers share: errors a person can act on, one problem+json rendering of every
 * failure, one request validator, security headers, limits on slow clients, and the TypeBox-typed Fastify instance.
 */
export * from "./app-error";
export * from "./problem";
export * from "./security-headers";
export * from "./slow-clients";
export * from "./typed-fastify";
export * from "./validation";
