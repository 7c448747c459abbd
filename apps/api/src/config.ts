import type { MapTileSource } from "@unicorn/contracts";
import { randomSecret, weakSecretProblem } from "@unicorn/credentials";
import { developmentJwtSecret } from "./auth/development-secret";
import { readTileSource } from "./map/tile-source";
import {
  type AcceptedReadingWindow,
  acceptedReadingWindow,
  type RawRetentionPolicy,
} from "./readings/retention-policy";

export type Mode = "production" | "development" | "test";

export interface ApiConfig {
  mode: Mode;
  host: string;
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A refresh token presented again this soon after its rotation (a lost answer) gets the same successor, once. */
  refreshRetryGraceSeconds: number;
  /** How long a session's validity is cached: a revocation on another replica is seen within this time. */
  sessionCheckTtlMs: number;
  /** Mark the refresh cookie Secure even on plain-HTTP requests (HTTPS requests always get it). */
  secureCookies: boolean;
  mlUrl: string | undefined;
  mlServiceToken: string | undefined;
  mlTimeoutMs: number;
  logLevel: string;
  siteId: string;
  /** A field's alert rules run at most this often while its readings arrive. */
  alertDebounceMs: number;
  /** A sensor with no reading for this long raises a sensor-silent alert. */
  sensorSilenceMs: number;
  /** Failed-login back-off: first delay (doubling per failure) and the lock that follows (auth/throttle.service.ts). */
  authThrottle: { baseDelayMs: number; lockMs: number };
  /** Readings are accepted from this many days back to `readingsMaxAheadDays` ahead (and partitions made only there). */
  readingsMaxAgeDays: number;
  readingsMaxAheadDays: number;
  /**
   * UNICORN_RAW_RETENTION_DAYS (`days` or `kind=days,…,*=days`): raw readings kept per kind; whole month
   * partitions older than the longest are dropped every UNICORN_RETENTION_INTERVAL_MINUTES. Readings older than
   * the longest are refused (a re-sent reading whose raw row is gone would count twice in the rollups).
   */
  rawRetention: RawRetentionPolicy;
  retentionIntervalMs: number;
  /** Slow clients: the whole request, its headers, and an idle socket must each finish within these. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  connectionTimeoutMs: number;
  /**
   * UNICORN_TRUST_PROXY: the peers whose X-Forwarded-For is believed (proxy-addr syntax: addresses, CIDRs, or
   * loopback / linklocal / uniquelocal). Default: private and loopback peers only, the proxy of the on-prem stack
   * and the cloud's load balancers, so a client on the internet cannot pick its own address for the throttles.
   */
  trustProxy: string;
  /** UNICORN_MAP_TILES_URL (+ _ATTRIBUTION, _MAX_ZOOM): the basemap the dashboard draws under fields; none by default. */
  mapTiles: MapTileSource | undefined;
}

export class ConfigError extends Error {}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Defaults fit a 32 MB ingest over a slow uplink; a client dribbling bytes is cut off after them. */
function requestTimeouts(env: NodeJS.ProcessEnv) {
  const requestTimeoutMs = readInt(env, "UNICORN_REQUEST_TIMEOUT_MS", 60_000);
  const headersTimeoutMs = readInt(env, "UNICORN_HEADERS_TIMEOUT_MS", Math.min(15_000, requestTimeoutMs));
  if (headersTimeoutMs > requestTimeoutMs)
    throw new ConfigError("UNICORN_HEADERS_TIMEOUT_MS must not exceed UNICORN_REQUEST_TIMEOUT_MS");
  // Longer than the live stream's 15 s heartbeat, so an open stream is never idle for this long.
  const connectionTimeoutMs = readInt(env, "UNICORN_CONNECTION_TIMEOUT_MS", 120_000);
  return { requestTimeoutMs, headersTimeoutMs, connectionTimeoutMs };
}

/**
 * Production and containers take the secret from UNICORN_JWT_SECRET. Without it, development uses (and on its
 * first start generates) a random secret in the data directory, and tests a random one per process: never a
 * constant anyone could read and sign tokens with. Set but empty is a mistake, never "use the default".
 */
function jwtSecretFor(mode: Mode, env: NodeJS.ProcessEnv): string {
  const configured = env.UNICORN_JWT_SECRET;
  if (configured !== undefined) {
    if (configured.trim() === "") {
      throw new ConfigError(
        "UNICORN_JWT_SECRET is set but empty: set a random value, or unset it in development",
      );
    }
    return configured;
  }
  if (mode === "production") return "";
  if (mode === "test") return randomSecret(32);
  try {
    return developmentJwtSecret(env.UNICORN_DATA_DIR || ".unicorn");
  } catch (error) {
    throw new ConfigError(`development JWT secret: ${(error as Error).message}`);
  }
}

/** Reads and validates the API's configuration once, at start-up. Nothing else reads process.env. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const mode = (env.UNICORN_MODE ?? "development") as Mode;
  if (!["production", "development", "test"].includes(mode)) {
    throw new ConfigError(`UNICORN_MODE must be production, development or test, got "${mode}"`);
  }
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new ConfigError("DATABASE_URL is required");

  const jwtSecret = jwtSecretFor(mode, env);
  // Production secrets are judged by estimated entropy, not length (@unicorn/credentials, secret-strength.ts).
  if (mode === "production") {
    const weak = weakSecretProblem("UNICORN_JWT_SECRET", jwtSecret);
    if (weak) throw new ConfigError(weak);
  }
  // The same name the ml service reads (apps/ml/src/config.ts) and the stack's .env holds: one secret, one name.
  const mlServiceToken = env.UNICORN_ML_TOKEN || undefined;
  if (mode === "production" && env.ML_URL) {
    const weak = weakSecretProblem("UNICORN_ML_TOKEN (required when ML_URL is set)", mlServiceToken);
    if (weak) throw new ConfigError(weak);
  }

  let window: AcceptedReadingWindow;
  try {
    window = acceptedReadingWindow(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

  let mapTiles: MapTileSource | undefined;
  try {
    mapTiles = readTileSource(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

  return {
    mode,
    host: env.HOST ?? "0.0.0.0",
    port: readInt(env, "PORT", 8000),
    databaseUrl,
    jwtSecret,
    accessTokenTtlSeconds: readInt(env, "UNICORN_ACCESS_TOKEN_TTL_SECONDS", 900),
    refreshTokenTtlSeconds: readInt(env, "UNICORN_REFRESH_TOKEN_TTL_SECONDS", 7 * 24 * 3600),
    refreshRetryGraceSeconds: readInt(env, "UNICORN_REFRESH_RETRY_GRACE_SECONDS", 10),
    sessionCheckTtlMs: readInt(env, "UNICORN_SESSION_CHECK_TTL_MS", 3_000),
    secureCookies: env.UNICORN_SECURE_COOKIES === "true",
    mlUrl: env.ML_URL || undefined,
    mlServiceToken,
    mlTimeoutMs: readInt(env, "ML_TIMEOUT_MS", 2_000),
    logLevel: env.LOG_LEVEL ?? "info",
    siteId: env.UNICORN_SITE_ID ?? "local",
    alertDebounceMs: readInt(env, "UNICORN_ALERT_DEBOUNCE_MS", 30_000),
    sensorSilenceMs: readInt(env, "UNICORN_SENSOR_SILENCE_HOURS", 6) * 3_600_000,
    authThrottle: {
      baseDelayMs: readInt(env, "UNICORN_AUTH_BACKOFF_MS", 1_000),
      lockMs: readInt(env, "UNICORN_AUTH_LOCK_SECONDS", 900) * 1000,
    },
    readingsMaxAgeDays: window.maxAgeDays,
    rawRetention: window.rawRetention,
    retentionIntervalMs: readInt(env, "UNICORN_RETENTION_INTERVAL_MINUTES", 60) * 60_000,
    readingsMaxAheadDays: window.maxAheadDays,
    ...requestTimeouts(env),
    trustProxy: env.UNICORN_TRUST_PROXY || "loopback,linklocal,uniquelocal",
    mapTiles,
  };
}
