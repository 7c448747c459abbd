import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import type pg from "pg";

/** The cloud's login for the farms' sync service (ADR 0021); the secret the cloud Terraform makes names it. */
export const SYNC_LOGIN_ROLE = "unicorn_sync";

/**
 * The tables the sync service reads and writes in the cloud besides its own `sync_*` tables: the synced reference
 * tables (apps/sync/src/tables.ts; a test there keeps both lists equal), the readings it pushes and the rollups
 * and latest values merged with them. Sessions, refresh tokens, API keys, throttling, audit, the live stream,
 * gateways and derived data are not granted: the sync service never touches them, so its login cannot read them.
 */
export const SYNC_LOGIN_REFERENCE_TABLES = [
  "organizations",
  "users",
  "farms",
  "fields",
  "seasons",
  "sensors",
  "irrigation_systems",
  "field_events",
  "alerts",
  "observations",
] as const;
const READINGS_TABLES = ["readings", "reading_rollups_hourly", "reading_rollups_daily", "sensor_latest"];

export interface SyncLoginOptions {
  password: string;
  /** Defaults to SYNC_LOGIN_ROLE; tests sharing one server name their own. */
  role?: string;
}

export type SyncLoginOutcome = "created" | "updated";

/**
 * SCRAM-SHA-256 verifier in PostgreSQL's stored form (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`,
 * RFC 5802 section 3 with SHA-256 as in RFC 7677). Sent instead of the password, so the password never reaches
 * the server's statement log; PostgreSQL stores a verifier it is given as it is.
 */
export function scramSha256Verifier(
  password: string,
  salt: Buffer = randomBytes(16),
  iterations = 4096,
): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/**
 * Why a password cannot be the sync login's, or undefined. Printable ASCII only: PostgreSQL SASLpreps a password
 * at sign-in, which leaves exactly these characters alone, so the verifier made here matches.
 */
export function syncLoginPasswordProblem(password: string): string | undefined {
  return /^[\x21-\x7e]{16,}$/.test(password)
    ? undefined
    : "the sync login's password must be at least 16 printable ASCII characters, no spaces";
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
const DUPLICATE_OBJECT = "42710";

/**
 * Creates the sync login, or sets its password when it exists (rotation), and grants it what the sync service
 * needs: rows of the synced tables, readings and their rollups, its own `sync_*` tables, the migration list (to
 * compare schema versions) and the readings partition function; nothing else, and no DDL. Run by
 * `unicorn migrate` after the migrations, so tables a release adds are granted before its sync service runs.
 * Needs CREATEROLE (the RDS master user has it).
 */
export async function ensureSyncLogin(
  db: pg.Pool | pg.ClientBase,
  options: SyncLoginOptions,
): Promise<SyncLoginOutcome> {
  const problem = syncLoginPasswordProblem(options.password);
  if (problem) throw new RangeError(problem);
  const role = quoteIdentifier(options.role ?? SYNC_LOGIN_ROLE);
  const verifier = `'${scramSha256Verifier(options.password)}'`;
  let outcome: SyncLoginOutcome = "updated";
  try {
    await db.query(`CREATE ROLE ${role} LOGIN PASSWORD ${verifier}`);
    outcome = "created";
  } catch (error) {
    if ((error as { code?: string }).code !== DUPLICATE_OBJECT) throw error;
    await db.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${verifier}`);
  }
  const syncTables = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'sync\\_%' ORDER BY 1",
  );
  const writable = [
    ...SYNC_LOGIN_REFERENCE_TABLES,
    ...READINGS_TABLES,
    ...syncTables.rows.map((r) => r.name),
  ];
  await db.query(
    `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${writable.map(quoteIdentifier).join(", ")} TO ${role}`,
  );
  await db.query(`GRANT SELECT ON TABLE schema_migrations TO ${role}`);
  await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  await db.query(`GRANT EXECUTE ON FUNCTION create_readings_partition(timestamptz) TO ${role}`);
  return outcome;
}
