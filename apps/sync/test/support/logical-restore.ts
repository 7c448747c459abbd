import { pipeline } from "node:stream/promises";
import type { Pool } from "@unicorn/db";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

/**
 * What `unicorn restore` of a `unicorn backup` dump onto another server leaves: every row and sequence of
 * `source`, in `target` (a migrated database on that server), with the target server's transaction ids. The
 * client tools here are older than the embedded server and pg_dump refuses a newer one, so the data goes table by
 * table over binary COPY, with triggers off as pg_restore has them (a dump creates triggers after the data).
 * Both connections must be superusers.
 */
export async function restoreLogically(source: Pool, target: Pool): Promise<void> {
  const leaves = await source.query<{ name: string; parent: string | null; bound: string | null }>(
    `SELECT c.relname AS name, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
  );
  const reader = await source.connect();
  const writer = await target.connect();
  try {
    await writer.query("BEGIN");
    await writer.query("SET LOCAL session_replication_role = replica");
    for (const leaf of leaves.rows)
      if (leaf.parent && leaf.bound)
        await writer.query(
          `CREATE TABLE IF NOT EXISTS "${leaf.name}" PARTITION OF "${leaf.parent}" ${leaf.bound}`,
        );
    const all = await writer.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
    );
    await writer.query(`TRUNCATE ${all.rows.map((t) => `"${t.name}"`).join(", ")}`);
    for (const leaf of leaves.rows) {
      const columns = await reader.query<{ name: string }>(
        `SELECT attname AS name FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
        [`"${leaf.name}"`],
      );
      const list = columns.rows.map((c) => `"${c.name}"`).join(", ");
      await pipeline(
        reader.query(copyTo(`COPY (SELECT ${list} FROM ONLY "${leaf.name}") TO STDOUT (FORMAT binary)`)),
        writer.query(copyFrom(`COPY "${leaf.name}" (${list}) FROM STDIN (FORMAT binary)`)),
      );
    }
    const sequences = await reader.query<{ name: string; value: string | null; called: boolean }>(
      "SELECT schemaname || '.' || sequencename AS name, last_value::text AS value, last_value IS NOT NULL AS called FROM pg_sequences WHERE schemaname = 'public'",
    );
    for (const sequence of sequences.rows)
      if (sequence.value !== null)
        await writer.query("SELECT setval($1::regclass, $2::bigint, $3)", [
          sequence.name,
          sequence.value,
          sequence.called,
        ]);
    await writer.query("COMMIT");
  } catch (error) {
    await writer.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    reader.release();
    writer.release();
  }
}
