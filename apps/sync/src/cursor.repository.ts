import type pg from "pg";
import { type Cursor, START } from "./cursor";

type Db = pg.Pool | pg.ClientBase;
export type CursorStream = "pull" | "push" | "readings";

export async function readCursor(db: Db, siteId: string, stream: CursorStream): Promise<Cursor> {
  return (await findCursor(db, siteId, stream)) ?? START;
}

/** The committed cursor, or undefined when none was ever written. */
export async function findCursor(db: Db, siteId: string, stream: CursorStream): Promise<Cursor | undefined> {
  const result = await db.query<{ xid: string; seq: number }>(
    "SELECT xid::text AS xid, seq FROM sync_cursors WHERE site_id = $1 AND stream = $2",
    [siteId, stream],
  );
  return result.rows[0];
}

/** Written in the transaction that applied the rows up to `cursor`: both commit or neither does. */
export async function writeCursor(
  db: Db,
  siteId: string,
  stream: CursorStream,
  cursor: Cursor,
): Promise<void> {
  await db.query(
    `INSERT INTO sync_cursors (site_id, stream, xid, seq, updated_at) VALUES ($1, $2, $3::xid8, $4, now())
     ON CONFLICT (site_id, stream) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq, updated_at = now()`,
    [siteId, stream, cursor.xid, cursor.seq],
  );
}

/**
 * Refuses to sync a farm database whose own cursors are ahead of its transaction ids. Log positions are
 * transaction ids, and a farm restored from a dump onto a new database server starts its ids far below the ones in
 * the restored log and cursors: its new changes would sort before positions already passed and be skipped (and
 * trimmed). Nothing is read, sent or trimmed while this holds; a physical restore keeps the ids and passes.
 */
export async function assertFarmTransactionIdsAhead(local: Db, siteId: string): Promise<void> {
  const result = await local.query<{ stream: string; xid: string; next: string }>(
    `SELECT stream, xid::text AS xid, pg_snapshot_xmax(pg_current_snapshot())::text AS next
       FROM sync_cursors WHERE site_id = $1 AND stream IN ('push', 'readings')`,
    [siteId],
  );
  const ahead = result.rows.find((r) => BigInt(r.xid) > BigInt(r.next));
  if (ahead) throw new FarmRestoredOntoNewServerError(ahead.stream, ahead.xid, ahead.next);
}

export class FarmRestoredOntoNewServerError extends Error {
  readonly kind = "other";
  constructor(stream: string, cursor: string, next: string) {
    super(
      `the farm database's ${stream} cursor (transaction ${cursor}) is ahead of its next transaction id (${next}): ` +
        "it was restored onto a new database server, and sync would skip its new changes; nothing is sent or removed " +
        "until it is restored from a physical copy (docs/hybrid.md, a restore onto a new database server)",
    );
  }
}
