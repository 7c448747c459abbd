import type pg from "pg";
import type { Cursor } from "./cursor";

type Db = pg.Pool | pg.ClientBase;

/** A row version a push left in the cloud: both sides have it once the farm has recorded so. */
export interface LandedVersion {
  table: string;
  rowId: string;
  hlc: bigint;
}

export interface PushReceipt {
  cursor: Cursor;
  landed: LandedVersion[];
}

/** Written in the cloud transaction of the push it describes: both commit or neither does. */
export async function writePushReceipt(db: Db, siteId: string, receipt: PushReceipt): Promise<void> {
  const landed = receipt.landed.map((v) => ({ table: v.table, rowId: v.rowId, hlc: v.hlc.toString() }));
  await db.query(
    `INSERT INTO sync_push_receipts (site_id, xid, seq, landed, pushed_at) VALUES ($1, $2::xid8, $3, $4::jsonb, now())
     ON CONFLICT (site_id) DO UPDATE
       SET xid = EXCLUDED.xid, seq = EXCLUDED.seq, landed = EXCLUDED.landed, pushed_at = now()`,
    [siteId, receipt.cursor.xid, receipt.cursor.seq, JSON.stringify(landed)],
  );
}

/**
 * The site's last push receipt, or undefined when it has none, or when the cloud is on a schema from before
 * receipts (such a cloud refuses this farm's pushes, so it cannot hold one).
 */
export async function readPushReceipt(db: Db, siteId: string): Promise<PushReceipt | undefined> {
  try {
    const { rows } = await db.query<{
      xid: string;
      seq: string;
      landed: { table: string; rowId: string; hlc: string }[];
    }>("SELECT xid::text AS xid, seq::text AS seq, landed FROM sync_push_receipts WHERE site_id = $1", [
      siteId,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      cursor: { xid: row.xid, seq: Number(row.seq) },
      landed: row.landed.map((v) => ({ table: v.table, rowId: v.rowId, hlc: BigInt(v.hlc) })),
    };
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return undefined;
    throw error;
  }
}
