import { resolve } from "node:path";
import { syncLoginPasswordProblem } from "@unicorn/db";

/** What `unicorn start` needs beyond the shared settings. */
export interface LauncherConfig {
  apiPort: number;
  webPort: number;
  mlPort: number;
  postgresPort: number;
  /** Where the API listens (UNICORN_HOST; loopback unless asked). */
  host: string;
  /** The API's UNICORN_MODE (development unless asked). */
  mode: string;
  simulate: boolean;
  simulatorIntervalMs: number;
  logLevel: string;
  /** Name each part as it stops (UNICORN_TRACE_SHUTDOWN), to find what holds a shutdown. */
  traceShutdown: boolean;
}

export interface CliConfig {
  /** DATABASE_URL: the database operator commands act on; for `start`, a server instead of the embedded one. */
  databaseUrl: string | undefined;
  /** UNICORN_DATA_DIR: the embedded database and the demo logins (default .unicorn/). */
  dataDir: string;
  /** UNICORN_ADMIN_EMAIL / UNICORN_ADMIN_PASSWORD: the demo admin's login instead of a generated one. */
  demoAdmin: { email: string | undefined; password: string | undefined };
  /** UNICORN_SIGNER_KEY: the release publisher's public key. */
  signerKey: string | undefined;
  /**
   * UNICORN_SYNC_DB_PASSWORD: in the cloud, `unicorn migrate` creates the farms' sync login (UNICORN_SYNC_DB_USER,
   * default unicorn_sync) with this password, or rotates it to it, and grants it its tables (ADR 0021).
   */
  syncLogin: { role: string | undefined; password: string } | undefined;
  /** UNICORN_SITE_ID: the site the rows the CLI writes through the API are stamped with. */
  siteId: string | undefined;
  /**
   * Where `unicorn sync status` asks the sync service: UNICORN_SYNC_STATUS_URL, else its /status on this
   * machine's UNICORN_SYNC_PORT (8002).
   */
  syncStatusUrl: string;
  launcher: LauncherConfig;
  /**
   * The whole environment, for what the CLI hands it on to: the programs it runs (pg_dump, docker) and the
   * services it starts in process, which read their own settings from it.
   */
  environment: NodeJS.ProcessEnv;
}

export class CliConfigError extends Error {}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    throw new CliConfigError(`${name} must be a TCP port, got "${raw}"`);
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new CliConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

function syncLogin(env: NodeJS.ProcessEnv): CliConfig["syncLogin"] {
  const password = env.UNICORN_SYNC_DB_PASSWORD;
  if (!password) return undefined;
  const problem = syncLoginPasswordProblem(password);
  if (problem) throw new CliConfigError(`UNICORN_SYNC_DB_PASSWORD: ${problem}`);
  return { role: env.UNICORN_SYNC_DB_USER || undefined, password };
}

/** Reads and checks the CLI's settings once, in main. Nothing else in the CLI reads process.env. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.UNICORN_DATA_DIR ?? ".unicorn"),
    demoAdmin: {
      email: env.UNICORN_ADMIN_EMAIL || undefined,
      password: env.UNICORN_ADMIN_PASSWORD || undefined,
    },
    signerKey: env.UNICORN_SIGNER_KEY || undefined,
    siteId: env.UNICORN_SITE_ID || undefined,
    syncLogin: syncLogin(env),
    syncStatusUrl:
      env.UNICORN_SYNC_STATUS_URL || `http://127.0.0.1:${port(env, "UNICORN_SYNC_PORT", 8002)}/status`,
    launcher: {
      apiPort: port(env, "UNICORN_API_PORT", 8000),
      webPort: port(env, "UNICORN_WEB_PORT", 8050),
      mlPort: port(env, "UNICORN_ML_PORT", 8001),
      postgresPort: port(env, "UNICORN_POSTGRES_PORT", 5433),
      host: env.UNICORN_HOST ?? "127.0.0.1",
      mode: env.UNICORN_MODE ?? "development",
      simulate: env.UNICORN_SIMULATE !== "false",
      simulatorIntervalMs: positiveInteger(env, "UNICORN_SIMULATOR_INTERVAL_MS", 5_000),
      logLevel: env.LOG_LEVEL ?? "warn",
      traceShutdown: Boolean(env.UNICORN_TRACE_SHUTDOWN),
    },
    environment: env,
  };
}
