import type pg from "pg";
import { ensureReadingPartitions } from "./readings-partitions";

const DAY_MS = 86_400_000;
const PARTITION_NAME = /^readings_y(\d{4})m(\d{2})$/;
// One replica at a time applies retention; the others skip the round.
const RETENTION_LOCK_KEY = 7_300_417;

export interface RetentionResult {
  /** Partitions dropped this round, oldest first. */
  dropped: string[];
  /** False when another replica held the retention lock. */
  ran: boolean;
}

/** The month partitions of `readings` (pending detaches included) with the instant each one ends. */
async function readingPartitions(
  client: pg.ClientBase,
): Promise<{ name: string; endMs: number; detachPending: boolean }[]> {
  const result = await client.query<{ name: string; detach_pending: boolean }>(
    `SELECT c.relname AS name, i.inhdetachpending AS detach_pending
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'readings'::regclass ORDER BY c.relname`,
  );
  return result.rows.flatMap((row) => {
    const match = PARTITION_NAME.exec(row.name);
    if (!match) return [];
    const end = new Date(0);
    end.setUTCFullYear(Number(match[1]), Number(match[2]), 1);
    return [{ name: row.name, endMs: end.getTime(), detachPending: row.detach_pending }];
  });
}

/**
 * Drops every month partition of `readings` that ends at least `keepDays` before `now`, whole: never a row-by-row
 * DELETE (no dead tuples, no vacuum debt, no long lock). Each partition is first detached CONCURRENTLY, which takes
 * only a SHARE UPDATE EXCLUSIVE lock on `readings` and so never blocks ingestion or reads, then dropped once it is no
 * longer part of the table. A detach interrupted by a crash is finalized on the next round. `client` must not be in
 * a transaction (DETACH … CONCURRENTLY refuses to run in one). A detach waits for transactions older than it (a
 * long report) while holding that lock, and attaching a new partition needs the same lock: this and the next two
 * months are created first, so ingestion finds its partition in place.
 */
export async function dropExpiredReadingPartitions(
  client: pg.ClientBase,
  keepDays: number,
  now: Date = new Date(),
): Promise<RetentionResult> {
  const locked = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
    RETENTION_LOCK_KEY,
  ]);
  if (!locked.rows[0]?.ok) return { dropped: [], ran: false };
  try {
    // This and the next two months exist before anything is detached: ingestion then finds its partition and
    // never waits to create one while a detach holds its lock on `readings`.
    const ahead = [0, 1, 2].map((m) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1)));
    await ensureReadingPartitions(client, ahead, new Set(), { from: ahead[0]!, to: ahead[2]! });
    const cutoffMs = now.getTime() - keepDays * DAY_MS;
    const dropped: string[] = [];
    for (const partition of await readingPartitions(client)) {
      if (partition.endMs > cutoffMs) continue;
      await client.query(
        partition.detachPending
          ? `ALTER TABLE readings DETACH PARTITION ${partition.name} FINALIZE`
          : `ALTER TABLE readings DETACH PARTITION ${partition.name} CONCURRENTLY`,
      );
      await client.query(`DROP TABLE ${partition.name}`);
      dropped.push(partition.name);
    }
    return { dropped, ran: true };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
  }
}

/** Rebuilds the rollups of [from, to) from raw readings: after a bulk COPY that bypassed the ingest path. */
export async function rebuildReadingRollups(
  db: pg.Pool | pg.ClientBase,
  from: Date,
  to: Date,
): Promise<void> {
  await db.query("SELECT rebuild_reading_rollups($1, $2)", [from, to]);
}
