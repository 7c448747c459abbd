import type pg from "pg";
import { loadMigrationFiles, type MigrationFile } from "./migration-files";

// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_202_611;

export interface MigrationStatus {
  applied: number[];
  pending: number[];
}

async function ensureMigrationsTable(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
}

export async function migrationStatus(
  pool: pg.Pool,
  files: MigrationFile[] = loadMigrationFiles(),
): Promise<MigrationStatus> {
  const exists = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  const applied = exists.rows[0]?.present
    ? (
        await pool.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version")
      ).rows.map((row) => row.version)
    : [];
  const appliedSet = new Set(applied);
  return { applied, pending: files.map((f) => f.version).filter((v) => !appliedSet.has(v)) };
}

/**
 * Applies pending forward-only migrations, each in its own transaction. An advisory lock makes
 * concurrent starts (several API replicas) safe: one migrates, the others wait and find nothing to do.
 */
export async function migrate(
  pool: pg.Pool,
  files: MigrationFile[] = loadMigrationFiles(),
  onApplied: (file: MigrationFile) => void = () => {},
): Promise<number[]> {
  const client = await pool.connect();
  const appliedNow: number[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await ensureMigrationsTable(client);
    const done = new Set(
      (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
        (r) => r.version,
      ),
    );
    for (const file of files) {
      if (done.has(file.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(file.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
          file.version,
          file.name,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${file.version}_${file.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      appliedNow.push(file.version);
      onApplied(file);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
  return appliedNow;
}
