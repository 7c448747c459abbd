import { resolve } from "node:path";

export interface LauncherConfig {
  dataDir: string;
  apiPort: number;
  webPort: number;
  mlPort: number;
  postgresPort: number;
  /** External PostgreSQL instead of the embedded one. */
  databaseUrl: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  simulate: boolean;
  simulatorIntervalMs: number;
  logLevel: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    throw new Error(`${name} must be a TCP port, got "${raw}"`);
  return value;
}

export function loadLauncherConfig(env: NodeJS.ProcessEnv = process.env): LauncherConfig {
  return {
    dataDir: resolve(env.UNICORN_DATA_DIR ?? ".unicorn"),
    apiPort: port(env, "UNICORN_API_PORT", 8000),
    webPort: port(env, "UNICORN_WEB_PORT", 8050),
    mlPort: port(env, "UNICORN_ML_PORT", 8001),
    postgresPort: port(env, "UNICORN_POSTGRES_PORT", 5433),
    databaseUrl: env.DATABASE_URL || undefined,
    adminEmail: env.UNICORN_ADMIN_EMAIL || undefined,
    adminPassword: env.UNICORN_ADMIN_PASSWORD || undefined,
    simulate: env.UNICORN_SIMULATE !== "false",
    simulatorIntervalMs: Number(env.UNICORN_SIMULATOR_INTERVAL_MS ?? 5_000),
    logLevel: env.LOG_LEVEL ?? "warn",
  };
}
