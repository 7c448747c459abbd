import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { newCycleState, runSyncCycle } from "../src/sync-cycle";
import {
  dropAllDatabases,
  ingest,
  scalar,
  syncUntilQuiet,
  type TwoSides,
  twoSides,
} from "./support/two-sides";

let sides: TwoSides;
before(async () => {
  sides = await twoSides();
});
after(async () => {
  await sides.drop();
  await dropAllDatabases();
});

const hourOf = (start: string, n: number, stepMinutes: number) =>
  Array.from({ length: n }, (_, i) => ({
    time: new Date(Date.parse(start) + i * stepMinutes * 60_000).toISOString(),
    value: i,
  }));

test("the first sync brings the organization's reference rows to the farm", async () => {
  await syncUntilQuiet(sides.databases, sides.siteId);
  const name = await scalar<string>(sides.local.pool, "SELECT name FROM fields WHERE id = $1", [
    sides.fieldId,
  ]);
  assert.equal(name, "North 40");
  assert.equal(await scalar<number>(sides.local.pool, "SELECT count(*) FROM sensors"), 1);
});

test("readings go to the cloud once, with rollups and latest values, and a re-run sends nothing", async () => {
  // 12 readings, 5 minutes apart, values 0..11, from 14:00 UTC: one UTC hour, sum 66, min 0, max 11.
  // Three ingest statements of four: batches of whole statements up to 5 readings go as 8, then 4.
  const readings = hourOf("2026-07-01T14:00:00Z", 12, 5);
  for (let i = 0; i < 12; i += 4) await ingest(sides.local.pool, sides.sensorId, readings.slice(i, i + 4));
  const first = await syncUntilQuiet(sides.databases, sides.siteId, { batchRows: 5 });
  assert.deepEqual(
    first.map((r) => r.readings),
    [8, 4],
  );
  assert.equal(await scalar<number>(sides.cloud.pool, "SELECT count(*) FROM readings"), 12);
  const hourly = await sides.cloud.pool.query(
    "SELECT count, sum, min, max FROM reading_rollups_hourly WHERE sensor_id = $1",
    [sides.sensorId],
  );
  assert.deepEqual(hourly.rows, [{ count: 12, sum: 66, min: 0, max: 11 }]);
  const latest = await sides.cloud.pool.query("SELECT value FROM sensor_latest WHERE sensor_id = $1", [
    sides.sensorId,
  ]);
  assert.deepEqual(latest.rows, [{ value: 11 }]);
  // Chicago is UTC-5 in July: 14:00-14:55 UTC is 2026-07-01 local.
  const daily = await sides.cloud.pool.query(
    "SELECT day, count FROM reading_rollups_daily WHERE sensor_id = $1",
    [sides.sensorId],
  );
  assert.deepEqual(daily.rows, [{ day: "2026-07-01", count: 12 }]);
  assert.equal(await scalar<number>(sides.local.pool, "SELECT count(*) FROM sync_reading_changes"), 0);

  const again = await syncUntilQuiet(sides.databases, sides.siteId);
  assert.equal(again[0]?.readings, 0);
});

test("a reading re-sent after a lost answer is not counted twice in the cloud", async () => {
  // The cloud committed a batch but the farm never heard: simulate by re-queueing the same readings.
  await sides.local.pool.query(
    `INSERT INTO sync_reading_changes (reading_count, sensor_ids, times, reading_values)
     SELECT count(*), array_agg(sensor_id), array_agg(time), array_agg(value) FROM readings`,
  );
  await syncUntilQuiet(sides.databases, sides.siteId);
  assert.equal(await scalar<number>(sides.cloud.pool, "SELECT count(*) FROM readings"), 12);
  const hourly = await sides.cloud.pool.query("SELECT count, sum FROM reading_rollups_hourly");
  assert.deepEqual(hourly.rows, [{ count: 12, sum: 66 }]);
});

test("a batch mixing a reading the cloud has with a new one inserts and rolls up only the new one", async () => {
  // 14:00 (value 0) is in the cloud already; 15:00 (value 7) is new: its own UTC hour, count 1, sum 7.
  await sides.local.pool.query(
    `INSERT INTO sync_reading_changes (reading_count, sensor_ids, times, reading_values)
     VALUES (2, ARRAY[$1, $1]::uuid[], ARRAY['2026-07-01T14:00:00Z', '2026-07-01T15:00:00Z']::timestamptz[],
             ARRAY[0, 7]::float8[])`,
    [sides.sensorId],
  );
  await syncUntilQuiet(sides.databases, sides.siteId);
  assert.equal(await scalar<number>(sides.cloud.pool, "SELECT count(*) FROM readings"), 13);
  const hourly = await sides.cloud.pool.query("SELECT count, sum FROM reading_rollups_hourly ORDER BY hour");
  assert.deepEqual(hourly.rows, [
    { count: 12, sum: 66 },
    { count: 1, sum: 7 },
  ]);
  const latest = await sides.cloud.pool.query("SELECT value FROM sensor_latest");
  assert.deepEqual(latest.rows, [{ value: 7 }]);
  await sides.cloud.pool.query("DELETE FROM readings WHERE time = '2026-07-01T15:00:00Z'");
});

test("a transaction that commits after a later one has synced is not skipped", async () => {
  const slow = await sides.local.pool.connect();
  try {
    await slow.query("BEGIN");
    // Takes its transaction id and sequence numbers first ...
    await slow.query(
      "INSERT INTO readings (sensor_id, time, value) VALUES ($1, '2026-07-02T10:00:00Z', 1.5)",
      [sides.sensorId],
    );
    // ... then a later transaction commits and syncs while the first is still open.
    await ingest(sides.local.pool, sides.sensorId, [{ time: "2026-07-02T11:00:00Z", value: 2.5 }]);
    await syncUntilQuiet(sides.databases, sides.siteId);
    // The open transaction holds the watermark back: the later reading waits too, nothing is skipped past it.
    assert.equal(
      await scalar<number>(sides.cloud.pool, "SELECT count(*) FROM readings WHERE time >= '2026-07-02'"),
      0,
    );
    await slow.query("COMMIT");
  } finally {
    slow.release();
  }
  await syncUntilQuiet(sides.databases, sides.siteId);
  const cloud = await sides.cloud.pool.query(
    "SELECT value FROM readings WHERE time >= '2026-07-02' ORDER BY time",
  );
  assert.deepEqual(cloud.rows, [{ value: 1.5 }, { value: 2.5 }]);
});

test("readings stored before the farm's first sync are queued and sent then", async () => {
  const fresh = await twoSides("fresh-farm");
  try {
    // The farm ran on its own first: capture was off, the readings are only in its table.
    await ingest(fresh.local.pool, fresh.sensorId, hourOf("2026-06-01T00:00:00Z", 30, 60));
    assert.equal(await scalar<number>(fresh.local.pool, "SELECT count(*) FROM sync_reading_changes"), 0);
    await syncUntilQuiet(fresh.databases, fresh.siteId, { batchRows: 7 });
    assert.equal(await scalar<number>(fresh.cloud.pool, "SELECT count(*) FROM readings"), 30);
    // Values 0..29: sum 435, hand-computed.
    assert.equal(await scalar<number>(fresh.cloud.pool, "SELECT sum(sum) FROM reading_rollups_hourly"), 435);
  } finally {
    await fresh.drop();
  }
});

test("a batch read ahead is not sent when the cloud's cursor has moved past where it was read", async () => {
  const pair = await twoSides("read-ahead-farm");
  try {
    await syncUntilQuiet(pair.databases, pair.siteId);
    // Three ingest statements of four readings, batches of one statement each.
    const readings = hourOf("2026-08-01T00:00:00Z", 12, 10);
    for (let i = 0; i < 12; i += 4) await ingest(pair.local.pool, pair.sensorId, readings.slice(i, i + 4));
    const options = { siteId: pair.siteId, batchRows: 4, policies: {} };
    const first = newCycleState();
    assert.equal((await runSyncCycle(pair.databases, options, first)).readings, 4);
    // Another run (a restarted service) sends the second batch, which `first` has read ahead.
    assert.equal((await runSyncCycle(pair.databases, options, newCycleState())).readings, 4);
    assert.equal((await runSyncCycle(pair.databases, options, first)).readings, 4);
    assert.equal(await scalar<number>(pair.cloud.pool, "SELECT count(*) FROM readings"), 12);
    // Values 0..11 once each: sum 66.
    assert.equal(await scalar<number>(pair.cloud.pool, "SELECT sum(sum) FROM reading_rollups_hourly"), 66);
  } finally {
    await pair.drop();
  }
});

test("readings of a sensor the cloud does not have yet wait for the reference push that brings it", async () => {
  const pair = await twoSides("new-sensor-farm");
  try {
    await syncUntilQuiet(pair.databases, pair.siteId);
    // 250 field events queue ahead of the new sensor: more than one reference batch (200 rows).
    await pair.local.pool.query(
      `INSERT INTO field_events (organization_id, field_id, kind, date, notes)
       SELECT $1, $2, 'irrigation', DATE '2026-06-01' + g % 30, 'pivot pass ' || g FROM generate_series(1, 250) g`,
      [pair.organizationId, pair.fieldId],
    );
    const sensor = await pair.local.pool.query<{ id: string }>(
      `INSERT INTO sensors (organization_id, field_id, name, kind, unit)
       VALUES ($1, $2, 'new probe', 'air_temperature', '°C') RETURNING id`,
      [pair.organizationId, pair.fieldId],
    );
    const sensorId = sensor.rows[0]!.id;
    // 03:00-03:50 UTC on 2 July is 22:00-22:50 on 1 July in Chicago (UTC-5 in summer): six readings, 0..5.
    await ingest(pair.local.pool, sensorId, hourOf("2026-07-02T03:00:00Z", 6, 10));
    const options = { siteId: pair.siteId, batchRows: 10_000, policies: {} };
    const state = newCycleState();
    const first = await runSyncCycle(pair.databases, options, state);
    assert.equal(first.readings, 0, "no reading goes before its sensor");
    assert.equal(first.more, true);
    const rest = await syncUntilQuiet(pair.databases, pair.siteId);
    assert.equal(
      rest.reduce((sum, r) => sum + r.readings, 0),
      6,
    );
    const daily = await pair.cloud.pool.query(
      "SELECT day, count, sum FROM reading_rollups_daily WHERE sensor_id = $1",
      [sensorId],
    );
    assert.deepEqual(daily.rows, [{ day: "2026-07-01", count: 6, sum: 15 }]);
  } finally {
    await pair.drop();
  }
});
