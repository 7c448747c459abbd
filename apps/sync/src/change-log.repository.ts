import { type Pool, withTransaction } from "@unicorn/db";
import type pg from "pg";
import type { Cursor } from "./cursor";

type Db = pg.Pool | pg.ClientBase;

export interface ChangeEntry {
  seq: number;
  xid: string;
  table: string;
  rowId: string;
  origin: string | null;
}

/**
 * Only entries of transactions older than every transaction still running: those can no longer gain
 * neighbours below the cursor, so moving past them skips nothing.
 */
const BELOW_WATERMARK = "xid < pg_snapshot_xmin(pg_current_snapshot())";
// ORDER BY names below are qualified: a bare `xid` would sort by the `xid::text AS xid` output column, as text
// ('999' after '1000'), and a batch would end past entries it never read.

/**
 * Reference changes after `after`, in commit-safe order. `organizationId` narrows to one organization's rows,
 * `tables` to the tables this direction carries, and `skipOrigin` leaves out what that site sent itself.
 */
export async function readChanges(
  db: Db,
  options: {
    after: Cursor;
    limit: number;
    organizationId: string;
    tables: readonly string[];
    skipOrigin?: string;
    onlyLocal?: boolean;
  },
): Promise<ChangeEntry[]> {
  const result = await db.query<ChangeEntry>(
    `SELECT seq, xid::text AS xid, table_name AS "table", row_id AS "rowId", origin
     FROM sync_changes
     WHERE organization_id = $1 AND (xid, seq) > ($2::xid8, $3::bigint) AND ${BELOW_WATERMARK}
       AND table_name = ANY($4::text[])
       AND ($5::text IS NULL OR origin IS DISTINCT FROM $5)
       AND (NOT $6::boolean OR origin IS NULL)
     ORDER BY sync_changes.xid, seq LIMIT $7`,
    [
      options.organizationId,
      options.after.xid,
      options.after.seq,
      options.tables,
      options.skipOrigin ?? null,
      options.onlyLocal ?? false,
      options.limit,
    ],
  );
  return result.rows;
}

/** Pushed entries are no longer needed on the farm. */
export async function trimChanges(db: Db, upTo: Cursor): Promise<void> {
  await db.query("DELETE FROM sync_changes WHERE (xid, seq) <= ($1::xid8, $2::bigint) AND origin IS NULL", [
    upTo.xid,
    upTo.seq,
  ]);
}

/** Re-queues a row whose local version won a conflict, so the next push carries it to the cloud. */
export async function requeueChange(
  db: Db,
  entry: { table: string; rowId: string; organizationId: string | null; hlc: bigint; deleted: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO sync_changes (table_name, row_id, organization_id, hlc, deleted, origin)
     VALUES ($1, $2, $3, $4, $5, NULL)`,
    [entry.table, entry.rowId, entry.organizationId, entry.hlc.toString(), entry.deleted],
  );
}

/**
 * The last entry of the next batch (entries hold one ingest statement's readings each; whole entries up to about
 * `limit` readings), all below the watermark, with the number of readings up to it; none when nothing waits.
 */
export async function nextReadingsBatchEnd(
  db: Db,
  after: Cursor,
  limit: number,
): Promise<(Cursor & { rows: number }) | undefined> {
  const result = await db.query<{ xid: string; seq: number; rows: number }>(
    `SELECT xid::text AS xid, seq, total::int AS rows FROM (
       SELECT xid, seq, reading_count, sum(reading_count) OVER (ORDER BY xid, seq) AS total FROM (
         SELECT xid, seq, reading_count FROM sync_reading_changes
         WHERE (xid, seq) > ($1::xid8, $2::bigint) AND ${BELOW_WATERMARK}
         ORDER BY xid, seq LIMIT $3
       ) first_entries
     ) running WHERE total - reading_count < $3
     ORDER BY running.xid DESC, running.seq DESC LIMIT 1`,
    [after.xid, after.seq, limit],
  );
  return result.rows[0];
}

/** COPY statement (binary) for the readings of the entries in (after, upTo]. */
export function readingsCopyOut(after: Cursor, upTo: Cursor): string {
  // Values are from the database (xid8 text and integers), checked here because COPY takes no parameters.
  for (const cursor of [after, upTo]) {
    if (!/^\d+$/.test(cursor.xid) || !Number.isSafeInteger(cursor.seq)) throw new Error("malformed cursor");
  }
  return `COPY (SELECT r.sensor_id, r.time, r.value FROM sync_reading_changes c
                CROSS JOIN LATERAL unnest(c.sensor_ids, c.times, c.reading_values) AS r(sensor_id, time, value)
                WHERE (c.xid, c.seq) > ('${after.xid}'::xid8, ${after.seq})
                  AND (c.xid, c.seq) <= ('${upTo.xid}'::xid8, ${upTo.seq}))
          TO STDOUT (FORMAT binary)`;
}

/** Readings the cloud has committed (up to its cursor) leave the farm's queue. */
export async function trimReadings(db: Db, upTo: Cursor): Promise<number> {
  const result = await db.query(
    "DELETE FROM sync_reading_changes WHERE (xid, seq) <= ($1::xid8, $2::bigint)",
    [upTo.xid, upTo.seq],
  );
  return result.rowCount ?? 0;
}

/** Waiting changes by table and the age of the oldest (the push lag), measured by the farm database's clock. */
export async function queuedChanges(
  db: Db,
  after: Cursor,
  organizationId: string | undefined,
  tables: readonly string[],
): Promise<{ queued: { table: string; rows: number }[]; oldestAgeSeconds: number | null }> {
  const result = await db.query<{ table: string; rows: number; age: number | null }>(
    `SELECT table_name AS "table", count(*)::int AS rows, extract(epoch FROM now() - min(created_at))::float8 AS age
     FROM sync_changes
     WHERE origin IS NULL AND (xid, seq) > ($1::xid8, $2::bigint) AND ($3::uuid IS NULL OR organization_id = $3)
       AND table_name = ANY($4::text[])
     GROUP BY table_name
     UNION ALL
     SELECT 'readings', coalesce(sum(reading_count), 0)::int, extract(epoch FROM now() - min(created_at))::float8
     FROM sync_reading_changes
     ORDER BY 1`,
    [after.xid, after.seq, organizationId ?? null, tables],
  );
  const queued = result.rows.filter((row) => row.rows > 0).map(({ table, rows }) => ({ table, rows }));
  const ages = result.rows.map((row) => row.age).filter((age): age is number => age !== null);
  return { queued, oldestAgeSeconds: ages.length > 0 ? Math.max(0, ...ages) : null };
}

/** Whether `a` comes before `b` in change-log order. */
export function cursorBefore(a: Cursor, b: Cursor): boolean {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  return ax < bx || (ax === bx && a.seq < b.seq);
}

/** Cloud: how far the organization's change log has been trimmed (entries up to it may be gone); none yet. */
export async function trimmedHorizon(db: Db, organizationId: string): Promise<Cursor | undefined> {
  const result = await db.query<{ xid: string; seq: number }>(
    "SELECT xid::text AS xid, seq FROM sync_change_horizons WHERE organization_id = $1",
    [organizationId],
  );
  return result.rows[0];
}

/** Cloud: the organization's last entry below the watermark, where a re-baseline read from now on resumes. */
export async function changeLogEnd(db: Db, organizationId: string): Promise<Cursor | undefined> {
  const result = await db.query<{ xid: string; seq: number }>(
    `SELECT xid::text AS xid, seq FROM sync_changes WHERE organization_id = $1 AND ${BELOW_WATERMARK}
     ORDER BY sync_changes.xid DESC, seq DESC LIMIT 1`,
    [organizationId],
  );
  return result.rows[0];
}

/**
 * Cloud: the pull cursor a site has committed on its farm, reported after that commit (so it is never ahead of
 * the farm's): the trimming waits for it.
 */
export async function reportPulled(db: Db, siteId: string, cursor: Cursor): Promise<void> {
  await db.query(
    `INSERT INTO sync_cursors (site_id, stream, xid, seq, updated_at) VALUES ($1, 'pull', $2::xid8, $3, now())
     ON CONFLICT (site_id, stream) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq, updated_at = now()
     WHERE (EXCLUDED.xid, EXCLUDED.seq) > (sync_cursors.xid, sync_cursors.seq)`,
    [siteId, cursor.xid, cursor.seq],
  );
}

/**
 * Cloud: deletes one batch of the organization's entries that every site of it which has ever pulled has pulled
 * past (its reported cursor) and that are older than the retention floor, and moves the organization's horizon
 * to the last deleted entry in the same transaction (a site reading the horizon after its entries sees every
 * deletion that could have hidden one). Rows another trimmer holds are skipped, and capture only inserts, so a
 * trim blocks neither. Returns the rows deleted (0: nothing more to trim).
 */
export async function trimCloudChangesBatch(
  db: Pool,
  organizationId: string,
  options: { retentionMs: number; batchRows: number },
): Promise<number> {
  return withTransaction(db, async (client) => {
    const slowest = await client.query<{ xid: string; seq: number }>(
      `SELECT c.xid::text AS xid, c.seq FROM sync_cursors c JOIN sync_sites s USING (site_id)
       WHERE s.organization_id = $1 AND c.stream = 'pull' ORDER BY c.xid, c.seq LIMIT 1`,
      [organizationId],
    );
    const upTo = slowest.rows[0];
    let deleted = 0;
    if (upTo) {
      const result = await client.query<{ rows: number; xid: string; seq: number }>(
        `WITH doomed AS (
           SELECT seq FROM sync_changes
           WHERE organization_id = $1 AND (xid, seq) <= ($2::xid8, $3::bigint)
             AND created_at < now() - $4::bigint * interval '1 millisecond'
           ORDER BY sync_changes.xid, seq LIMIT $5 FOR UPDATE SKIP LOCKED
         ), gone AS (
           DELETE FROM sync_changes c USING doomed WHERE c.seq = doomed.seq RETURNING c.xid, c.seq
         )
         SELECT (SELECT count(*) FROM gone)::int AS rows, g.xid::text AS xid, g.seq
         FROM gone g ORDER BY g.xid DESC, g.seq DESC LIMIT 1`,
        [organizationId, upTo.xid, upTo.seq, Math.round(options.retentionMs), options.batchRows],
      );
      const last = result.rows[0];
      if (last) {
        deleted = last.rows;
        await client.query(
          `INSERT INTO sync_change_horizons AS h (organization_id, xid, seq, trimmed_rows, trimmed_at)
           VALUES ($1, $2::xid8, $3, $4, now())
           ON CONFLICT (organization_id) DO UPDATE SET
             xid = CASE WHEN (EXCLUDED.xid, EXCLUDED.seq) > (h.xid, h.seq) THEN EXCLUDED.xid ELSE h.xid END,
             seq = CASE WHEN (EXCLUDED.xid, EXCLUDED.seq) > (h.xid, h.seq) THEN EXCLUDED.seq ELSE h.seq END,
             trimmed_rows = h.trimmed_rows + EXCLUDED.trimmed_rows,
             trimmed_at = now()`,
          [organizationId, last.xid, last.seq, deleted],
        );
      }
    }
    return deleted;
  });
}

/** Cloud: the organization's change-log rows (a gauge: how much the trimming keeps). */
export async function changeLogRows(db: Db, organizationId: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM sync_changes WHERE organization_id = $1",
    [organizationId],
  );
  return result.rows[0]?.n ?? 0;
}
