import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ensureReadingPartitions, rebuildReadingRollups } from "@unicorn/db";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("raw readings retention", () => {
  let h: Harness;
  let org: TestOrganization;
  let sensorId: string;
  let fieldId: string;

  before(async () => {
    // Soil moisture raw kept 100 days, everything else 400: partitions go when 400 days old.
    h = await startHarness({ env: { UNICORN_RAW_RETENTION_DAYS: "*=400,soil_moisture=100" } });
    org = await h.createOrganization("Retention");
    const headers = bearer(org.tokens.admin);
    const farm = await h.app.inject({
      method: "POST",
      url: "/api/v1/farms",
      headers,
      payload: { name: "Old farm", latitudeDeg: 42, longitudeDeg: -93, timezone: "America/Chicago" },
    });
    const field = await h.app.inject({
      method: "POST",
      url: "/api/v1/fields",
      headers,
      payload: { farmId: farm.json().id, name: "West", boundary: squareBoundary() },
    });
    fieldId = field.json().id;
    const sensor = await h.app.inject({
      method: "POST",
      url: "/api/v1/sensors",
      headers,
      payload: { fieldId, name: "air", kind: "air_temperature" },
    });
    sensorId = sensor.json().id;
  });
  after(() => h.close());

  const partitions = async () =>
    (
      await h.db.pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'readings'::regclass ORDER BY 1`,
      )
    ).rows.map((r) => r.name);

  test("the longest kind's period rules the partitions; readings older than it are refused", async () => {
    const old = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(org.tokens.agronomist),
      payload: [{ sensorId, time: iso(Date.now() - 401 * DAY), value: 5 }],
    });
    assert.equal(old.statusCode, 422, old.body);
    assert.equal(old.json().field, "readings[0].time");
  });

  test("whole partitions past retention are dropped while ingestion keeps committing; rollups stay", async () => {
    // Three months of 2024 history loaded in bulk (as an archive import would), hourly, value 10.
    const start = Date.parse("2024-03-01T00:00:00Z");
    const end = Date.parse("2024-06-01T00:00:00Z");
    const times: Date[] = [];
    for (let t = start; t < end; t += 3_600_000) times.push(new Date(t));
    await ensureReadingPartitions(h.db.pool, times, new Set());
    await h.db.pool.query(
      `INSERT INTO readings (sensor_id, time, value) SELECT $1, t, 10 FROM unnest($2::timestamptz[]) t`,
      [sensorId, times.map((t) => t.toISOString())],
    );
    await rebuildReadingRollups(h.db.pool, new Date(start), new Date(end));
    assert.deepEqual(
      (await partitions()).filter((p) => p.startsWith("readings_y2024")),
      ["readings_y2024m03", "readings_y2024m04", "readings_y2024m05"],
    );

    // A long report holds a snapshot on readings: DETACH CONCURRENTLY waits for it, and ingestion must not.
    const reader = await h.db.pool.connect();
    await reader.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await reader.query("SELECT count(*) FROM readings WHERE sensor_id = $1", [sensorId]);

    let retentionDone = false;
    const retention = h.api.retention.runOnce().finally(() => {
      retentionDone = true;
    });
    // Ingest while retention is under way: every batch commits, each within a second.
    const now = Date.now();
    let committedDuringRetention = 0;
    for (let batch = 0; batch < 20; batch++) {
      const started = Date.now();
      const response = await h.app.inject({
        method: "POST",
        url: "/api/v1/readings",
        headers: bearer(org.tokens.agronomist),
        payload: Array.from({ length: 100 }, (_, i) => ({
          sensorId,
          time: iso(now - DAY + (batch * 100 + i) * 1000),
          value: 20,
        })),
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(Date.now() - started < 1_000, `batch ${batch} took ${Date.now() - started} ms`);
      if (!retentionDone) committedDuringRetention++;
    }
    assert.equal(committedDuringRetention, 20, "retention finished before the report ended: it did not wait");
    await reader.query("COMMIT");
    reader.release();
    const result = await retention;
    assert.deepEqual(result.dropped, ["readings_y2024m03", "readings_y2024m04", "readings_y2024m05"]);
    assert.deepEqual(
      (await partitions()).filter((p) => p.startsWith("readings_y2024")),
      [],
    );

    // Raw gone, rollups kept: March 2024 still reads by day (31 days × 24 hours of 10; 1 March CST starts 06:00Z).
    const raw = await h.db.pool.query("SELECT count(*)::int AS n FROM readings WHERE time < '2025-01-01'");
    assert.equal(raw.rows[0].n, 0);
    const days = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings?sensorId=${sensorId}&bucket=day&tz=America/Chicago&from=2024-03-10T06:00:00Z&to=2024-03-11T05:00:00Z`,
      headers: bearer(org.tokens.viewer),
    });
    // 10 March 2024 is the spring-forward day: 23 hourly readings.
    assert.deepEqual(days.json().series[0].points, [
      { time: "2024-03-10T06:00:00.000Z", value: 10, min: 10, max: 10, count: 23 },
    ]);
    const latest = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings/latest?sensorId=${sensorId}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(latest.json()[0].time, iso(now - DAY + 1999 * 1000));
  });
});
