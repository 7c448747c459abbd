import { readFileSync } from "node:fs";
import { SYNC_CONFLICT_RULES, type SyncConflictRule } from "@unicorn/contracts";
import { SYNCED_TABLES } from "./tables";

export interface SyncConfig {
  localDbUrl: string;
  cloudDbUrl: string;
  /** This farm's name in the cloud's sync_sites. */
  siteId: string;
  /** require (verify the certificate) or disable (tests on loopback only). */
  cloudTls: "require" | "disable";
  /** PEM bundle the cloud database's certificate chains to (the RDS CA bundle); the system's CAs otherwise. */
  cloudCaFile: string | undefined;
  intervalMs: number;
  batchRows: number;
  /** A cloud connection silent this long (no byte either way) is given up: the link is black-holed. 30 s if unset. */
  cloudSilenceMs?: number;
  /** Ceiling of the retry back-off after failures. */
  maxBackoffMs: number;
  /** Tests only: skews this service's clock (status times, lag, timestamps it stamps). */
  clockOffsetMs: number;
  /** Conflict rule per table; tables not named are cloud-wins. */
  policies: Record<string, SyncConflictRule>;
  /** The cloud change log's retention floor and how often this site trims it (defaults when unset). */
  changeLog?: { retentionMs?: number; everyMs?: number };
  host: string;
  port: number;
  logLevel: string;
}

export class SyncConfigError extends Error {}

const SITE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new SyncConfigError(`${name} must be a positive integer`);
  return value;
}

function nonNegativeInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new SyncConfigError(`${name} must be a whole number`);
  return value;
}

/** `fields:local-wins,observations:lww-hlc` */
export function parsePolicies(raw: string | undefined): Record<string, SyncConflictRule> {
  const policies: Record<string, SyncConflictRule> = {};
  for (const entry of (raw ?? "").split(",").map((part) => part.trim())) {
    if (!entry) continue;
    const [table, rule] = entry.split(":").map((part) => part.trim());
    if (!table || !SYNCED_TABLES.some((t) => t.name === table))
      throw new SyncConfigError(`UNICORN_SYNC_POLICIES: unknown table "${table}"`);
    if (!SYNC_CONFLICT_RULES.includes(rule as SyncConflictRule))
      throw new SyncConfigError(
        `UNICORN_SYNC_POLICIES: rule for ${table} must be one of ${SYNC_CONFLICT_RULES.join(", ")}`,
      );
    policies[table] = rule as SyncConflictRule;
  }
  return policies;
}

/** Reads and validates the service's configuration once, at start-up. Nothing else reads process.env. */
export function loadSyncConfig(env: NodeJS.ProcessEnv = process.env): SyncConfig {
  const localDbUrl = env.LOCAL_DB_URL;
  if (!localDbUrl) throw new SyncConfigError("LOCAL_DB_URL is required");
  const cloudDbUrl = env.CLOUD_DB_URL;
  if (!cloudDbUrl) throw new SyncConfigError("CLOUD_DB_URL is required");
  const siteId = env.UNICORN_SYNC_SITE_ID ?? "";
  if (!SITE_ID.test(siteId))
    throw new SyncConfigError(
      "UNICORN_SYNC_SITE_ID is required: lower-case letters, digits and dashes, as registered in the cloud",
    );
  const tls = env.UNICORN_SYNC_CLOUD_TLS ?? "require";
  if (tls !== "require" && tls !== "disable")
    throw new SyncConfigError('UNICORN_SYNC_CLOUD_TLS must be "require" or "disable"');
  if (tls === "require" && /[?&]sslmode=(disable|allow|prefer)\b/.test(cloudDbUrl))
    throw new SyncConfigError("CLOUD_DB_URL asks for an unverified connection; TLS to the cloud is required");
  const caFile = env.UNICORN_SYNC_CLOUD_CA_FILE || undefined;
  if (caFile) {
    try {
      readFileSync(caFile);
    } catch {
      throw new SyncConfigError(`UNICORN_SYNC_CLOUD_CA_FILE: cannot read ${caFile}`);
    }
  }
  const port = Number(env.UNICORN_SYNC_PORT ?? 8002);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new SyncConfigError(`invalid UNICORN_SYNC_PORT "${env.UNICORN_SYNC_PORT}"`);
  const clockOffsetMs = Number(env.UNICORN_SYNC_CLOCK_OFFSET_MS ?? 0);
  if (!Number.isInteger(clockOffsetMs))
    throw new SyncConfigError("UNICORN_SYNC_CLOCK_OFFSET_MS must be an integer");
  const retentionHours = nonNegativeInteger(env, "UNICORN_SYNC_CHANGE_LOG_RETENTION_HOURS");
  const trimEveryMs = nonNegativeInteger(env, "UNICORN_SYNC_CHANGE_LOG_TRIM_INTERVAL_MS");
  return {
    localDbUrl,
    cloudDbUrl,
    siteId,
    cloudTls: tls,
    cloudCaFile: caFile,
    intervalMs: positiveInteger(env, "UNICORN_SYNC_INTERVAL_MS", 10_000),
    batchRows: positiveInteger(env, "UNICORN_SYNC_BATCH_ROWS", 50_000),
    maxBackoffMs: positiveInteger(env, "UNICORN_SYNC_MAX_BACKOFF_MS", 300_000),
    cloudSilenceMs: positiveInteger(env, "UNICORN_SYNC_CLOUD_SILENCE_MS", 30_000),
    clockOffsetMs,
    policies: parsePolicies(env.UNICORN_SYNC_POLICIES),
    changeLog: {
      ...(retentionHours === undefined ? {} : { retentionMs: retentionHours * 3_600_000 }),
      ...(trimEveryMs === undefined ? {} : { everyMs: trimEveryMs }),
    },
    host: env.HOST ?? "0.0.0.0",
    port,
    logLevel: env.LOG_LEVEL ?? "info",
  };
}
