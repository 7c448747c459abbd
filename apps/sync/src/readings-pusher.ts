import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { insertAndRollUpSql, rollUpSql } from "@unicorn/api/readings";
import { ensureReadingPartitions, type Pool, withTransaction } from "@unicorn/db";
import type { PoolClient } from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { cursorBefore, nextReadingsBatchEnd, readingsCopyOut, trimReadings } from "./change-log.repository";
import { type Cursor, START } from "./cursor";
import { findCursor, readCursor, writeCursor } from "./cursor.repository";
import { markApplying } from "./rows.repository";
import { assertReceiverCurrent, schemaVersion } from "./schema.repository";

export interface ReadingsPushResult {
  rows: number;
  /** A full batch went: more may be waiting. */
  more: boolean;
  /** The batch names a sensor the cloud does not have yet: nothing was sent, the batch is kept for the next try. */
  waitingForSensors?: boolean;
}

export interface ReadingsPushOptions {
  /**
   * Send nothing while the batch names a sensor the cloud does not have (its daily rollups need the sensor's farm
   * time zone): set while the reference push runs beside this step and may still be carrying that sensor.
   */
  waitForSensors?: boolean;
  /** Called when the farm's log was behind the cloud's cursor and the readings are sent again from the farm's. */
  onRewind?: (rewind: ReadingsRewind) => void;
}

/** The cloud's cursor for the site and the farm's own record of it, which was behind. */
export interface ReadingsRewind {
  cloud: Cursor;
  farm: Cursor;
}

const INSERT_STAGED = insertAndRollUpSql("sync_incoming_readings");
const ROLL_UP_STAGED = rollUpSql(`INSERT INTO readings (sensor_id, time, value)
  SELECT sensor_id, time, value FROM sync_incoming_readings
  RETURNING sensor_id, time, value`);
const UNIQUE_VIOLATION = "23505";

/** One batch read from the farm: the entries up to `end` (after the cursor it was read from), as binary COPY data. */
interface FarmBatch {
  end: Cursor & { rows: number };
  data: Buffer[];
  /** The sensors the batch's readings name. */
  sensorIds: string[];
}

export interface ReadingsPushState {
  /** Partitions the cloud is known to have. */
  knownPartitions: Set<string>;
  /** The next batch, read from the farm while the cloud applied the previous one. */
  readAhead?: { after: Cursor; batch: Promise<FarmBatch | undefined> };
}

/**
 * Farm -> cloud readings, one batch: the farm's COPY (binary) goes into a staging table in the cloud's
 * transaction, which then inserts through the ingest path (ON CONFLICT DO NOTHING on (sensor, time), and the
 * rollups and latest values merged from the rows actually inserted) and commits the site's cursor with them.
 * Re-sending after a lost answer inserts nothing twice; resuming starts from the cloud's committed cursor.
 * While a full batch is applied in the cloud, the farm reads the next one (log entries below the watermark never
 * change); it is used only if it starts at the cursor the cloud then has, so a failed batch is read again.
 */
export async function pushReadings(
  databases: { local: Pool; cloud: Pool },
  siteId: string,
  batchRows: number,
  state: ReadingsPushState,
  options: ReadingsPushOptions = {},
): Promise<ReadingsPushResult> {
  const cursor = await startingCursor(databases, siteId, options.onRewind);
  // What the cloud already has leaves the queue first (the farm's delete may not have run after the last commit).
  await trimReadings(databases.local, cursor);
  const batch =
    (await takeReadAhead(state, cursor)) ?? (await readFarmBatch(databases.local, cursor, batchRows));
  if (!batch) return { rows: 0, more: false };
  if (options.waitForSensors && !(await cloudHasSensors(databases.cloud, batch.sensorIds))) {
    state.readAhead = { after: cursor, batch: Promise.resolve(batch) };
    return { rows: 0, more: false, waitingForSensors: true };
  }
  const { end } = batch;
  const more = end.rows >= batchRows;
  if (more)
    state.readAhead = {
      after: end,
      // A failed read-ahead only means the next batch is read when its turn comes.
      batch: readFarmBatch(databases.local, end, batchRows).catch(() => undefined),
    };
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
    await pipeline(
      Readable.from(batch.data),
      cloud.query(copyFrom("COPY sync_incoming_readings FROM STDIN (FORMAT binary)")),
    );
    // The span's bounds, not each row's month: two aggregates instead of a time-zone conversion per row.
    const span = await cloud.query<{ first: Date | null; last: Date | null }>(
      "SELECT min(time) AS first, max(time) AS last FROM sync_incoming_readings",
    );
    await ensureReadingPartitions(databases.cloud, monthsSpanned(span.rows[0]!), state.knownPartitions);
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
  await confirmOnFarm(databases.local, siteId, end);
  return { rows: end.rows, more };
}

/**
 * Where the next batch starts: the cloud's cursor, unless the farm's own record of it is behind. The farm records
 * each cursor the cloud committed (after that commit) in its own database, so its record is behind the cloud's
 * only when that record was lost: a crash between the two commits, or a farm database restored from a backup
 * (physical or point-in-time) taken before later pushes. A restored farm re-issues transaction ids the cloud's
 * cursor has already passed, and its new readings would be skipped (and trimmed) under that cursor; everything
 * after the farm's record is sent instead (the cloud skips the readings it has, on sensor and time). Unlike a
 * comparison of WAL positions, this holds when the restored farm ingests before sync runs again. A farm with no
 * record starts from the start.
 */
async function startingCursor(
  databases: { local: Pool; cloud: Pool },
  siteId: string,
  onRewind: ((rewind: ReadingsRewind) => void) | undefined,
): Promise<Cursor> {
  const cloud = await readCursor(databases.cloud, siteId, "readings");
  const farm = await findCursor(databases.local, siteId, "readings");
  if (!farm) {
    // No record: a database that has never pushed readings as this site (a log of an earlier release is re-keyed
    // first, which writes one, ADR 0019). The cloud's cursor for the site, if any, was another database's:
    // adopting it would skip and trim this farm's first readings. Everything queued goes.
    await writeCursor(databases.local, siteId, "readings", START);
    if (cursorBefore(START, cloud)) {
      await writeCursor(databases.cloud, siteId, "readings", START);
      onRewind?.({ cloud, farm: START });
    }
    return START;
  }
  if (!cursorBefore(farm, cloud)) return cloud;
  // The cloud's cursor follows the farm's record at once (it only says where the next batch starts, and the
  // readings after the farm's record go again anyway): the rewind is reported once, even with nothing queued.
  await writeCursor(databases.cloud, siteId, "readings", farm);
  onRewind?.({ cloud, farm });
  return farm;
}

/** The farm's record of the cloud's cursor, and its readings up to it leave the queue, in one transaction. */
async function confirmOnFarm(local: Pool, siteId: string, end: Cursor): Promise<void> {
  await withTransaction(local, async (client) => {
    await writeCursor(client, siteId, "readings", end);
    await trimReadings(client, end);
  });
}

async function takeReadAhead(state: ReadingsPushState, cursor: Cursor): Promise<FarmBatch | undefined> {
  const ahead = state.readAhead;
  state.readAhead = undefined;
  if (!ahead || ahead.after.xid !== cursor.xid || ahead.after.seq !== cursor.seq) return undefined;
  return ahead.batch;
}

/** The next batch after `after` (whole log entries up to about `batchRows` readings); none when nothing waits. */
async function readFarmBatch(local: Pool, after: Cursor, batchRows: number): Promise<FarmBatch | undefined> {
  const end = await nextReadingsBatchEnd(local, after, batchRows);
  if (!end) return undefined;
  const client = await local.connect();
  try {
    const data: Buffer[] = [];
    await pipeline(
      client.query(copyTo(readingsCopyOut(after, end))),
      async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) data.push(chunk);
      },
    );
    const sensors = await client.query<{ ids: string[] }>(
      `SELECT coalesce(array_agg(DISTINCT s.id), '{}') AS ids
       FROM sync_reading_changes c CROSS JOIN LATERAL unnest(c.sensor_ids) AS s(id)
       WHERE (c.xid, c.seq) > ($1::xid8, $2::bigint) AND (c.xid, c.seq) <= ($3::xid8, $4::bigint)`,
      [after.xid, after.seq, end.xid, end.seq],
    );
    return { end, data, sensorIds: sensors.rows[0]!.ids };
  } finally {
    client.release();
  }
}

/** Whether the cloud has every one of these sensors (a soft-deleted one counts: its row is there). */
async function cloudHasSensors(cloud: Pool, sensorIds: string[]): Promise<boolean> {
  const result = await cloud.query<{ known: number }>(
    "SELECT count(*)::int AS known FROM sensors WHERE id = ANY($1::uuid[])",
    [sensorIds],
  );
  return result.rows[0]!.known === sensorIds.length;
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

/** The start of each UTC month from `first` to `last` (every partition the batch can need; none when empty). */
export function monthsSpanned(span: { first: Date | null; last: Date | null }): Date[] {
  if (!span.first || !span.last) return [];
  const months: Date[] = [];
  const month = new Date(Date.UTC(span.first.getUTCFullYear(), span.first.getUTCMonth(), 1));
  for (; month <= span.last; month.setUTCMonth(month.getUTCMonth() + 1)) months.push(new Date(month));
  return months;
}
