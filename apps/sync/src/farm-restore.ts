import { type Pool, withTransaction } from "@unicorn/db";
import { cursorBefore } from "./change-log.repository";
import { findCursor, readCursor, writeCursor } from "./cursor.repository";
import {
  cursorAheadOfServer,
  hasSyncState,
  pendingRebaseline,
  recordedServer,
  recordServer,
  rekeyLogs,
  requestRebaseline,
  serverIdentifier,
} from "./farm-server.repository";

/** A farm log re-keyed onto the database server it now runs on (ADR 0019). */
export interface FarmRekey {
  /** The server the log was written on, when this release had recorded it. */
  previousServer: string | undefined;
  server: string;
  /** Entries moved: reference changes and readings statements. */
  changes: number;
  readings: number;
}

const RESTORED_ONTO_NEW_SERVER = "the farm database was restored onto a new database server";
const FARM_BEHIND_CLOUD =
  "the farm's push log is behind the cloud's record of it (the farm database was restored from a backup, or the " +
  "record of its last push was lost)";

/**
 * Before anything is read from the farm: when its sync log was written on another database server (a dump restored
 * onto a new host), re-keys the log onto this server's transaction ids, in one farm transaction. Log positions are
 * transaction ids, and the new server's start far below the restored log's and cursors': without this its new
 * changes would sort before positions already passed, and be skipped and trimmed. The server is known by its system
 * identifier, which a physical copy keeps (its transaction ids go on, nothing to do); a cursor ahead of the
 * server's next transaction id also counts, and so does a sync log with no server recorded (written by an earlier
 * release, on this server or another). After a re-key
 * every queued entry is sent again from the start (the cloud recognises what it has), and the farm owes itself a
 * re-baseline.
 */
export async function rekeyIfMovedServer(local: Pool, siteId: string): Promise<FarmRekey | undefined> {
  return withTransaction(local, async (client) => {
    const server = await serverIdentifier(client);
    const previousServer = await recordedServer(client);
    const ahead = await cursorAheadOfServer(client, siteId);
    if (previousServer === server && !ahead) return undefined;
    // Migration 0026 records the server of a database with no sync state yet. A log with no server recorded
    // was written by an earlier release, maybe on another server whose ids this one has already passed (so no
    // cursor is ahead): re-keyed once, which costs a re-send of what is queued and nothing else.
    if (previousServer === undefined && !ahead && !(await hasSyncState(client, siteId))) {
      await recordServer(client, server);
      return undefined;
    }
    const moved = await rekeyLogs(client, siteId);
    await requestRebaseline(client, siteId, RESTORED_ONTO_NEW_SERVER);
    await recordServer(client, server);
    return { previousServer, server, ...moved };
  });
}

/**
 * Before the farm pulls: a farm whose push cursor is behind the cloud's record of it was restored from a backup
 * (or lost the farm half of its last push). The edits it pushed since the backup are in the cloud, but a pull never
 * brings a site what it sent, and its next push would send its older versions over them: so it owes itself a
 * re-baseline, compared whole before it pushes. The cloud's record then follows the farm's, so this is noted once.
 * Returns the reason of the re-baseline owed, if one is.
 */
export async function noteFarmBehindCloud(
  databases: { local: Pool; cloud: Pool },
  siteId: string,
): Promise<string | undefined> {
  const farm = await readCursor(databases.local, siteId, "push");
  const cloud = await findCursor(databases.cloud, siteId, "push");
  if (cloud && cursorBefore(farm, cloud)) {
    await requestRebaseline(databases.local, siteId, FARM_BEHIND_CLOUD);
    await writeCursor(databases.cloud, siteId, "push", farm);
  }
  return pendingRebaseline(databases.local, siteId);
}
