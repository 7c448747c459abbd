import { resolve } from "node:path";

export interface MlConfig {
  host: string;
  port: number;
  registryDir: string;
  /** Bearer token the API sends; required in production. */
  token: string | undefined;
  pollMs: number;
  logLevel: string;
}

export class MlConfigError extends Error {}

export const SHIPPED_REGISTRY = resolve(import.meta.dirname, "../models");

/** Reads and validates the ml service's configuration once, at start-up. Nothing else reads process.env. */
export function loadMlConfig(env: NodeJS.ProcessEnv = process.env): MlConfig {
  const production = env.UNICORN_MODE === "production";
  const token = env.UNICORN_ML_TOKEN || undefined;
  if (production && (!token || token.length < 24))
    throw new MlConfigError("UNICORN_ML_TOKEN (at least 24 characters) is required in production");
  const port = Number(env.PORT ?? 8001);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new MlConfigError(`invalid port "${env.PORT}"`);
  return {
    host: env.HOST ?? "0.0.0.0",
    port,
    registryDir: resolve(env.UNICORN_MODEL_REGISTRY ?? SHIPPED_REGISTRY),
    token,
    pollMs: Number(env.UNICORN_MODEL_POLL_MS ?? 2_000),
    logLevel: env.LOG_LEVEL ?? "info",
  };
}
