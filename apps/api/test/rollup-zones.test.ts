import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, sanePartitionRange, type TestDatabase } from "@unicorn/db";
import { ReadingsRepository, type ValidReading } from "../src/readings/readings.repository";

/**
 * The ingest statement's rollups (merged from quarter-hour groups) against the rollups recomputed row by row
 * from the raw readings by an independent query, in zones whose offsets are whole hours with DST, half hours,
 * quarter hours, and Monrovia's UTC-00:44:30 (until 7 January 1972), whose local midnight falls inside a UTC
 * quarter hour.
 */
const ZONES = ["America/Chicago", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "Africa/Monrovia"];

/** Reproducible draws in [0, 1) from the seed (SHA-256 of seed and draw number). */
function draws(seed: number): () => number {
  let n = 0;
  return () => createHash("sha256").update(`${seed}:${n++}`).digest().readUInt32BE(0) / 2 ** 32;
}

describe("rollups merged from quarter hours equal rollups recomputed from raw readings", () => {
  let db: TestDatabase;
  let repository: ReadingsRepository;
  const sensors = new Map<string, string>();

  before(async () => {
    db = await createTestDatabase();
    repository = new ReadingsRepository(db.pool);
    const org = await db.pool.query<{ id: string }>(
      "INSERT INTO organizations (name) VALUES ('Zones') RETURNING id",
    );
    for (const zone of ZONES) {
      const { rows } = await db.pool.query<{ id: string }>(
        `WITH farm AS (
           INSERT INTO farms (organization_id, name, timezone) VALUES ($1, $2, $2) RETURNING id
         ), field AS (
           INSERT INTO fields (organization_id, farm_id, name, boundary, area_ha, latitude_deg, longitude_deg)
           SELECT $1, id, 'North', '{}', 1, 0, 0 FROM farm RETURNING id
         )
         INSERT INTO sensors (organization_id, field_id, name, kind, unit)
         SELECT $1, id, $2, 'rain', 'mm' FROM field RETURNING id`,
        [org.rows[0]!.id, zone],
      );
      sensors.set(zone, rows[0]!.id);
    }
  });
  after(() => db.drop());

  test("Monrovia 1971 (UTC-00:44:30): a UTC quarter hour split by local midnight counts in both days", async () => {
    const sensorId = sensors.get("Africa/Monrovia")!;
    // Local midnight of 2 June 1971 is 00:44:30Z. The quarter 00:30-00:45Z holds 00:40Z (23:55:30 on 1 June)
    // and 00:44:45Z (00:00:15 on 2 June); 00:50Z is 00:05:30 on 2 June.
    await repository.insertBatch(
      [
        { sensorId, time: new Date("1971-06-02T00:40:00Z"), value: 10 },
        { sensorId, time: new Date("1971-06-02T00:44:45Z"), value: 20 },
        { sensorId, time: new Date("1971-06-02T00:50:00Z"), value: 30 },
      ],
      undefined,
      sanePartitionRange(),
    );
    const daily = await db.pool.query(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, count, sum, min, max FROM reading_rollups_daily WHERE sensor_id = $1 ORDER BY day",
      [sensorId],
    );
    assert.deepEqual(daily.rows, [
      { day: "1971-06-01", count: 1, sum: 10, min: 10, max: 10 },
      { day: "1971-06-02", count: 2, sum: 50, min: 20, max: 30 },
    ]);
    const hourly = await db.pool.query(
      "SELECT count, sum, min, max FROM reading_rollups_hourly WHERE sensor_id = $1",
      [sensorId],
    );
    assert.deepEqual(hourly.rows, [{ count: 3, sum: 60, min: 10, max: 30 }]);
  });

  test("random batches around DST changes and local midnights, with re-sent readings", async () => {
    const seed = Number(process.env.UNICORN_TEST_SEED ?? Date.now() % 2 ** 31);
    console.log(`rollup zones seed ${seed} (UNICORN_TEST_SEED=${seed} replays it)`);
    const random = draws(seed);
    // Spans holding a DST change (Chicago 1 November 2026, Chatham 5 April 2026) and ordinary local midnights.
    const spans = new Map([
      ["America/Chicago", Date.parse("2026-10-31T12:00:00Z")],
      ["Asia/Kolkata", Date.parse("2026-06-01T12:00:00Z")],
      ["Asia/Kathmandu", Date.parse("2026-06-01T12:00:00Z")],
      ["Pacific/Chatham", Date.parse("2026-04-04T06:00:00Z")],
      ["Africa/Monrovia", Date.parse("1971-08-01T12:00:00Z")],
    ]);
    const sent: ValidReading[] = [];
    for (let batch = 0; batch < 30; batch++) {
      const readings: ValidReading[] = [];
      const size = 1 + Math.floor(random() * 400);
      for (let i = 0; i < size; i++) {
        if (sent.length > 0 && random() < 0.05) {
          readings.push(sent[Math.floor(random() * sent.length)]!);
          continue;
        }
        const zone = ZONES[Math.floor(random() * ZONES.length)]!;
        // Whole seconds over two days: keys repeat now and then, as re-sent readings do.
        const time = new Date(spans.get(zone)! + Math.floor(random() * 2 * 86_400) * 1000);
        readings.push({
          sensorId: sensors.get(zone)!,
          time,
          value: Math.round(random() * 80_000) / 1000 - 20,
        });
      }
      const unique = new Map(readings.map((r) => [`${r.sensorId}|${r.time.toISOString()}`, r]));
      await repository.insertBatch([...unique.values()], undefined, sanePartitionRange());
      sent.push(...unique.values());
    }

    const mismatches = await db.pool.query(
      `WITH zones AS (
         SELECT s.id AS sensor_id, fa.timezone AS tz
         FROM sensors s JOIN fields f ON f.id = s.field_id JOIN farms fa ON fa.id = f.farm_id
       ), hourly AS (
         SELECT sensor_id, date_trunc('hour', time, 'UTC') AS hour, count(*)::int AS count, sum(value) AS sum,
                min(value) AS min, max(value) AS max
         FROM readings GROUP BY 1, 2
       ), daily AS (
         SELECT r.sensor_id, (r.time AT TIME ZONE z.tz)::date AS day, count(*)::int AS count, sum(r.value) AS sum,
                min(r.value) AS min, max(r.value) AS max
         FROM readings r JOIN zones z USING (sensor_id) GROUP BY 1, 2
       ), hours AS (
         -- A daily row's hours: the hourly rows starting on that local day (whole-hour zones, where each hour
         -- lies in one day).
         SELECT h.sensor_id, (h.hour AT TIME ZONE z.tz)::date AS day, count(*)::int AS hours
         FROM hourly h JOIN zones z USING (sensor_id) WHERE z.tz = 'America/Chicago' GROUP BY 1, 2
       ), latest AS (
         SELECT DISTINCT ON (sensor_id) sensor_id, time, value FROM readings ORDER BY sensor_id, time DESC
       )
       SELECT 'hourly' AS rollup, e.sensor_id, e.hour::text AS key FROM hourly e
         FULL JOIN reading_rollups_hourly a USING (sensor_id, hour)
         WHERE a.count IS DISTINCT FROM e.count OR a.min IS DISTINCT FROM e.min OR a.max IS DISTINCT FROM e.max
            OR NOT abs(a.sum - e.sum) <= 1e-9 * greatest(1, abs(e.sum))
       UNION ALL
       SELECT 'daily', coalesce(e.sensor_id, a.sensor_id), coalesce(e.day, a.day)::text FROM daily e
         FULL JOIN reading_rollups_daily a USING (sensor_id, day) LEFT JOIN hours USING (sensor_id, day)
         WHERE a.count IS DISTINCT FROM e.count OR a.min IS DISTINCT FROM e.min OR a.max IS DISTINCT FROM e.max
            OR NOT abs(a.sum - e.sum) <= 1e-9 * greatest(1, abs(e.sum)) OR (hours.hours IS NOT NULL AND a.hours IS DISTINCT FROM hours.hours)
       UNION ALL
       SELECT 'latest', e.sensor_id, e.time::text FROM latest e FULL JOIN sensor_latest a USING (sensor_id)
         WHERE a.time IS DISTINCT FROM e.time OR a.value IS DISTINCT FROM e.value`,
    );
    assert.deepEqual(mismatches.rows, [], `seed ${seed}`);
    const counted = await db.pool.query<{ n: number }>(
      "SELECT sum(count)::int AS n FROM reading_rollups_hourly",
    );
    const stored = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM readings");
    assert.equal(counted.rows[0]!.n, stored.rows[0]!.n, `seed ${seed}`);
  });
});
