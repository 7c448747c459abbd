/**
 * The HTTP conventions the api and the ml service share: errors a person can act on, one problem+json
 * rendering of every failure, one request validator, and the TypeBox-typed Fastify instance.
 */
export * from "./app-error";
export * from "./problem";
export * from "./security-headers";
export * from "./typed-fastify";
export * from "./validation";
