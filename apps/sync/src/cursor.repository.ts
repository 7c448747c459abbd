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
