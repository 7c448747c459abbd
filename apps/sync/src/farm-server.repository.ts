import type pg from "pg";
import { START } from "./cursor";
import { writeCursor } from "./cursor.repository";

type Db = pg.Pool | pg.ClientBase;

/** The database server this session is on: a physical copy of the cluster keeps it, every initdb makes a new one. */
export async function serverIdentifier(db: Db): Promise<string> {
  const result = await db.query<{ id: string }>(
    "SELECT system_identifier::text AS id FROM pg_control_system()",
  );
  return result.rows[0]!.id;
}

/** The server the farm's sync log was written on, locked until the transaction ends; none before the first sync. */
export async function recordedServer(db: Db): Promise<string | undefined> {
  const result = await db.query<{ id: string }>(
    "SELECT system_identifier AS id FROM sync_farm_server FOR UPDATE",
  );
  return result.rows[0]?.id;
}

export async function recordServer(db: Db, systemIdentifier: string): Promise<void> {
  await db.query(
    `INSERT INTO sync_farm_server (system_identifier) VALUES ($1)
     ON CONFLICT (only_row) DO UPDATE SET system_identifier = EXCLUDED.system_identifier, recorded_at = now()`,
    [systemIdentifier],
  );
}

/** Whether the farm has synced as this site before: any cursor of its own (pull, push or readings). */
export async function hasSyncState(db: Db, siteId: string): Promise<boolean> {
  const result = await db.query("SELECT 1 FROM sync_cursors WHERE site_id = $1 LIMIT 1", [siteId]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * The farm's own log cursor (push or readings) that is ahead of the server's next transaction id, if any: only a
 * log written on another server can have one. Catches a dump restored onto a new server by a release that did not
 * record the server yet.
 */
export async function cursorAheadOfServer(
  db: Db,
  siteId: string,
): Promise<{ stream: string; xid: string; next: string } | undefined> {
  const result = await db.query<{ stream: string; xid: string; next: string }>(
    `SELECT stream, xid::text AS xid, pg_snapshot_xmax(pg_current_snapshot())::text AS next
       FROM sync_cursors WHERE site_id = $1 AND stream IN ('push', 'readings')
        AND xid > pg_snapshot_xmax(pg_current_snapshot())`,
    [siteId],
  );
  return result.rows[0];
}

/**
 * Moves every entry of the farm's logs to this transaction's id, keeping their order (by sequence), and the farm's
 * push and readings cursors back to the start: each entry then sorts after the start, whether it was written on the
 * old server or on this one. Entries already sent go again; the cloud recognises them (readings by sensor and time,
 * rows by version). Returns how many entries moved.
 */
export async function rekeyLogs(db: Db, siteId: string): Promise<{ changes: number; readings: number }> {
  const changes = await db.query("UPDATE sync_changes SET xid = pg_current_xact_id()");
  const readings = await db.query("UPDATE sync_reading_changes SET xid = pg_current_xact_id()");
  for (const stream of ["push", "readings"] as const) await writeCursor(db, siteId, stream, START);
  return { changes: changes.rowCount ?? 0, readings: readings.rowCount ?? 0 };
}

/** Asks for the farm's rows to be compared whole with the cloud's on the next pull (kept until one commits). */
export async function requestRebaseline(db: Db, siteId: string, reason: string): Promise<void> {
  await db.query(
    `INSERT INTO sync_rebaseline_requests (site_id, reason) VALUES ($1, $2)
     ON CONFLICT (site_id) DO NOTHING`,
    [siteId, reason],
  );
}

/** The reason of the re-baseline this site owes itself, if one is pending. */
export async function pendingRebaseline(db: Db, siteId: string): Promise<string | undefined> {
  const result = await db.query<{ reason: string }>(
    "SELECT reason FROM sync_rebaseline_requests WHERE site_id = $1",
    [siteId],
  );
  return result.rows[0]?.reason;
}

/** In the transaction that applied the re-baseline: it is no longer owed. */
export async function clearRebaseline(db: Db, siteId: string): Promise<void> {
  await db.query("DELETE FROM sync_rebaseline_requests WHERE site_id = $1", [siteId]);
}
