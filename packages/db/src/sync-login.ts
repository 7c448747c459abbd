import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import type pg from "pg";
import { withTransaction } from "./pool";

/** The cloud's login for the farms' sync service (ADR 0021); the secret the cloud Terraform makes names it. */
export const SYNC_LOGIN_ROLE = "unicorn_sync";

/**
 * The synced reference tables (apps/sync/src/tables.ts; a test there keeps these lists equal to it): the ones farms
 * push, which the login may write, and the ones the cloud only sends, which it may only read (a farm never writes
 * an organization or a user in the cloud).
 */
export const SYNC_LOGIN_PUSHED_TABLES = [
  "farms",
  "fields",
  "seasons",
  "sensors",
  "irrigation_systems",
  "field_events",
  "alerts",
  "observations",
] as const;
export const SYNC_LOGIN_RECEIVED_TABLES = ["organizations", "users"] as const;
/**
 * What a readings push writes beside `readings` (only inserted): the rollups and latest values merged with each
 * batch, and what a sensor moved to another field recuts (triggers run as the caller).
 */
const READINGS_DERIVED_TABLES = ["reading_rollups_hourly", "reading_rollups_daily", "sensor_latest"];

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
 * Why a password cannot be the sync login's, or undefined. Printable ASCII only: the client SASLpreps a password
 * when it signs in (node-pg, libpq), which leaves exactly these characters alone, so the verifier made here from the
 * raw password matches.
 */
export function syncLoginPasswordProblem(password: string): string | undefined {
  return /^[\x21-\x7e]{16,}$/.test(password)
    ? undefined
    : "the sync login's password must be at least 16 printable ASCII characters, no spaces";
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
const tableList = (names: readonly string[]) => names.map(quoteIdentifier).join(", ");

/**
 * Creates the sync login, or sets its password when it exists (rotation), and grants it what the sync service
 * needs and nothing else: rows of the pushed reference tables, reading of the received ones, inserting readings and
 * merging their rollups, its own `sync_*` tables and their sequences, the migration list (to compare schema
 * versions) and the readings partition function; no DDL, and nothing of sessions, tokens, api keys, audit,
 * gateways or the live stream. Run by `unicorn migrate` after the migrations, so tables a release adds are granted
 * before its sync service runs. One transaction under an advisory lock: concurrent runs wait for each other, and
 * no statement fails on a role that exists (a failed statement is logged with its text, verifier included).
 * Needs CREATEROLE (the RDS master user has it).
 */
export async function ensureSyncLogin(db: pg.Pool, options: SyncLoginOptions): Promise<SyncLoginOutcome> {
  const problem = syncLoginPasswordProblem(options.password);
  if (problem) throw new RangeError(problem);
  const name = options.role ?? SYNC_LOGIN_ROLE;
  const role = quoteIdentifier(name);
  const verifier = `'${scramSha256Verifier(options.password)}'`;
  return withTransaction(db, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('unicorn:sync-login'))");
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
    const outcome: SyncLoginOutcome = exists.rowCount ? "updated" : "created";
    await client.query(
      outcome === "created"
        ? `CREATE ROLE ${role} LOGIN PASSWORD ${verifier}`
        : `ALTER ROLE ${role} WITH LOGIN PASSWORD ${verifier}`,
    );
    const syncTables = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'sync\\_%' ORDER BY 1",
    );
    const own = [...SYNC_LOGIN_PUSHED_TABLES, ...syncTables.rows.map((r) => r.name)];
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${tableList(own)} TO ${role}`);
    await client.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${tableList(READINGS_DERIVED_TABLES)} TO ${role}`,
    );
    await client.query(`GRANT SELECT, INSERT ON TABLE readings TO ${role}`);
    await client.query(
      `GRANT SELECT ON TABLE ${tableList([...SYNC_LOGIN_RECEIVED_TABLES, "schema_migrations"])} TO ${role}`,
    );
    // Only the sequences of the tables it writes (serial and identity columns), not the audit log's or the stream's.
    const sequences = await client.query<{ name: string }>(
      `SELECT s.relname AS name FROM pg_class s
         JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')
         JOIN pg_class t ON t.oid = d.refobjid
        WHERE s.relkind = 'S' AND t.relname = ANY($1)`,
      [[...own, ...READINGS_DERIVED_TABLES, "readings"]],
    );
    if (sequences.rows.length > 0)
      await client.query(
        `GRANT USAGE, SELECT ON SEQUENCE ${tableList(sequences.rows.map((r) => r.name))} TO ${role}`,
      );
    await client.query(`GRANT EXECUTE ON FUNCTION create_readings_partition(timestamptz) TO ${role}`);
    // The push stages each batch in a temporary table: granted here, not left to PUBLIC's defaults.
    const database = await client.query<{ name: string }>("SELECT current_database() AS name");
    await client.query(
      `GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdentifier(database.rows[0]!.name)} TO ${role}`,
    );
    return outcome;
  });
}
