/**
 * The HTTP conventions our servers share: errors a person can act on, one problem+json rendering of every
 * failure, one request validator, security headers, limits on slow clients, the TypeBox-typed Fastify instance,
 * and the server that is built with all of them.
 */
export * from "./app-error";
export * from "./problem";
export * from "./security-headers";
export * from "./server";
export * from "./slow-clients";
export * from "./typed-fastify";
export * from "./validation";
