import { pipeline } from "node:stream/promises";
import { insertAndRollUpSql, rollUpSql } from "@unicorn/api/readings";
import { ensureReadingPartitions, type Pool } from "@unicorn/db";
import type { PoolClient } from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { nextReadingsBatchEnd, readingsCopyOut, trimReadings } from "./change-log.repository";
import { readCursor, writeCursor } from "./cursor.repository";
import { markApplying } from "./rows.repository";
import { assertReceiverCurrent, schemaVersion } from "./schema.repository";

export interface ReadingsPushResult {
  rows: number;
  /** A full batch went: more may be waiting. */
  more: boolean;
}

const INSERT_STAGED = insertAndRollUpSql("sync_incoming_readings");
const ROLL_UP_STAGED = rollUpSql(`INSERT INTO readings (sensor_id, time, value)
  SELECT sensor_id, time, value FROM sync_incoming_readings
  RETURNING sensor_id, time, value`);
const UNIQUE_VIOLATION = "23505";

/**
 * Farm -> cloud readings, one batch: the farm's COPY (binary) streams straight into a staging table in the
 * cloud's transaction, which then inserts through the ingest path (ON CONFLICT DO NOTHING on (sensor, time), and
 * the rollups and latest values merged from the rows actually inserted) and commits the site's cursor with them.
 * Re-sending after a lost answer inserts nothing twice; resuming starts from the cloud's committed cursor.
 */
export async function pushReadings(
  databases: { local: Pool; cloud: Pool },
  siteId: string,
  batchRows: number,
  knownPartitions: Set<string>,
): Promise<ReadingsPushResult> {
  const cursor = await readCursor(databases.cloud, siteId, "readings");
  // What the cloud already has leaves the queue first (the farm's delete may not have run after the last commit).
  await trimReadings(databases.local, cursor);
  const end = await nextReadingsBatchEnd(databases.local, cursor, batchRows);
  if (!end) return { rows: 0, more: false };
  const senderVersion = await schemaVersion(databases.local);

  const cloud = await databases.cloud.connect();
  let broken: Error | undefined;
  try {
    await cloud.query("BEGIN");
    assertReceiverCurrent("cloud", senderVersion, await schemaVersion(cloud));
    await markApplying(cloud, "cloud", siteId);
    await cloud.query(
      `CREATE TEMP TABLE sync_incoming_readings (sensor_id uuid, time timestamptz, value float8) ON COMMIT DROP`,
    );
    const local = await databases.local.connect();
    try {
      await pipeline(
        local.query(copyTo(readingsCopyOut(cursor, end))),
        cloud.query(copyFrom("COPY sync_incoming_readings FROM STDIN (FORMAT binary)")),
      );
    } finally {
      local.release();
    }
    const months = await cloud.query<{ month: Date }>(
      "SELECT DISTINCT date_trunc('month', time, 'UTC') AS month FROM sync_incoming_readings",
    );
    await ensureReadingPartitions(
      databases.cloud,
      months.rows.map((row) => row.month),
      knownPartitions,
    );
    await insertStaged(cloud);
    await writeCursor(cloud, siteId, "readings", end);
    await cloud.query("COMMIT");
  } catch (error) {
    await cloud.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    cloud.release(broken);
  }
  await trimReadings(databases.local, end);
  return { rows: end.rows, more: end.rows >= batchRows };
}

/**
 * A caught-up backlog rarely holds a reading the cloud already has, so the staged batch is first inserted
 * without conflict handling (a plain INSERT skips the speculative insertion of ON CONFLICT, each row's second
 * index probe and the RETURNING store) and the rollups are merged from the staged rows, all of which were
 * inserted. A reading already present fails that INSERT on the (sensor, time) key; it is rolled back to the
 * savepoint and the batch goes through the ingest statement, which skips what is present.
 */
async function insertStaged(cloud: PoolClient): Promise<void> {
  await cloud.query("SAVEPOINT plain_insert");
  try {
    await cloud.query(ROLL_UP_STAGED);
    await cloud.query("RELEASE SAVEPOINT plain_insert");
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await cloud.query("ROLLBACK TO SAVEPOINT plain_insert");
    await cloud.query(INSERT_STAGED);
  }
}
