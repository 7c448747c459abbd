import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLogger } from "@unicorn/observability";
import { type Api, buildApi } from "../src/app";
import {
  bearer,
  type Harness,
  squareBoundary,
  startHarness,
  type TestOrganization,
  testApiConfig,
} from "./harness";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Point {
  time: string;
  value: number;
  min?: number;
  max?: number;
  count?: number;
}

/** A farm in `timezone` with one field and one sensor of each kind given; returns the ids. */
async function farmWithSensors(
  h: Harness,
  org: TestOrganization,
  timezone: string,
  kinds: string[],
): Promise<{ fieldId: string; sensors: string[] }> {
  const headers = bearer(org.tokens.admin);
  const farm = await h.app.inject({
    method: "POST",
    url: "/api/v1/farms",
    headers,
    payload: { name: `Farm ${timezone}`, latitudeDeg: 42, longitudeDeg: -93, timezone },
  });
  assert.equal(farm.statusCode, 201, farm.body);
  const field = await h.app.inject({
    method: "POST",
    url: "/api/v1/fields",
    headers,
    payload: { farmId: farm.json().id, name: "North", boundary: squareBoundary() },
  });
  const fieldId = field.json().id as string;
  const sensors: string[] = [];
  for (const [i, kind] of kinds.entries()) {
    const sensor = await h.app.inject({
      method: "POST",
      url: "/api/v1/sensors",
      headers,
      payload: { fieldId, name: `${kind} ${i}`, kind },
    });
    assert.equal(sensor.statusCode, 201, sensor.body);
    sensors.push(sensor.json().id);
  }
  return { fieldId, sensors };
}

describe("rollups: bucketed reads, daily weather and latest values kept by ingestion", () => {
  let h: Harness;
  let org: TestOrganization;

  const ingest = async (readings: { sensorId: string; time: string; value: number }[], app = h.app) => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(org.tokens.agronomist),
      payload: readings,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { accepted: number; duplicates: number };
  };
  const series = async (query: string): Promise<Point[]> => {
    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings?${query}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().series[0].points;
  };

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Rollups");
  });
  after(() => h.close());

  test("re-sent and late readings: counted once, min/max/avg merged, a late reading never replaces the latest", async () => {
    const { sensors } = await farmWithSensors(h, org, "America/Chicago", ["soil_moisture"]);
    const sensorId = sensors[0]!;
    const t0 = Date.parse("2026-06-01T10:00:00Z");
    await ingest([
      { sensorId, time: iso(t0), value: 20 },
      { sensorId, time: iso(t0 + 15 * 60_000), value: 30 },
      { sensorId, time: iso(t0 + HOUR), value: 25 },
    ]);
    // The whole batch again plus one new reading: only the new one counts.
    const again = await ingest([
      { sensorId, time: iso(t0), value: 20 },
      { sensorId, time: iso(t0 + 15 * 60_000), value: 30 },
      { sensorId, time: iso(t0 + HOUR), value: 25 },
      { sensorId, time: iso(t0 + 30 * 60_000), value: 10 },
    ]);
    assert.deepEqual(
      { accepted: again.accepted, duplicates: again.duplicates },
      { accepted: 4, duplicates: 3 },
    );
    // A late reading, older than the newest, in the first hour.
    await ingest([{ sensorId, time: iso(t0 + 45 * 60_000), value: 40 }]);

    const hours = await series(
      `sensorId=${sensorId}&bucket=hour&from=${iso(t0)}&to=${iso(t0 + 2 * HOUR)}&tz=America/Chicago`,
    );
    // 10:00 UTC hour: 20, 30, 10, 40 → count 4, min 10, max 40, mean 100 / 4 = 25; 11:00: 25 alone.
    assert.deepEqual(hours, [
      { time: "2026-06-01T10:00:00.000Z", value: 25, min: 10, max: 40, count: 4 },
      { time: "2026-06-01T11:00:00.000Z", value: 25, min: 25, max: 25, count: 1 },
    ]);
    const days = await series(
      `sensorId=${sensorId}&bucket=day&from=2026-06-01T05:00:00Z&to=2026-06-02T05:00:00Z&tz=America/Chicago`,
    );
    // 1 June CDT starts 05:00 UTC: all five readings, sum 125 → mean 25.
    assert.deepEqual(days, [{ time: "2026-06-01T05:00:00.000Z", value: 25, min: 10, max: 40, count: 5 }]);

    const latest = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings/latest?sensorId=${sensorId}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.deepEqual(
      latest.json().map((r: { time: string; value: number }) => [r.time, r.value]),
      [["2026-06-01T11:00:00.000Z", 25]],
    );
    const sensor = await h.app.inject({
      method: "GET",
      url: `/api/v1/sensors/${sensorId}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.deepEqual([sensor.json().lastSeenAt, sensor.json().lastValue], ["2026-06-01T11:00:00.000Z", 25]);
  });

  test("DST in America/Chicago: 8 March 2026 has 23 hours, 1 November 2026 has 25, each one local day", async () => {
    const { fieldId, sensors } = await farmWithSensors(h, org, "America/Chicago", ["air_temperature"]);
    const sensorId = sensors[0]!;
    // Local midnights: 8 March CST = 06:00Z, 9 March CDT = 05:00Z; 1 November CDT = 05:00Z, 2 November CST = 06:00Z.
    const days = [
      { from: Date.parse("2026-03-08T06:00:00Z"), to: Date.parse("2026-03-09T05:00:00Z"), hours: 23 },
      { from: Date.parse("2026-11-01T05:00:00Z"), to: Date.parse("2026-11-02T06:00:00Z"), hours: 25 },
    ];
    // One reading per UTC hour from an hour before each day to an hour after it (value 10 outside, 1..n inside).
    const readings = days.flatMap(({ from, to }) => {
      const out = [
        { sensorId, time: iso(from - HOUR), value: 10 },
        { sensorId, time: iso(to), value: 10 },
      ];
      for (let t = from, i = 1; t < to; t += HOUR, i++) out.push({ sensorId, time: iso(t), value: i });
      return out;
    });
    await ingest(readings);

    for (const { from, to, hours } of days) {
      const points = await series(
        `sensorId=${sensorId}&bucket=day&from=${iso(from)}&to=${iso(to)}&tz=America/Chicago`,
      );
      // Values 1..n: mean (n + 1) / 2.
      assert.deepEqual(points, [
        { time: iso(from), value: (hours + 1) / 2, min: 1, max: hours, count: hours },
      ]);
      // The same day asked in a zone other than the farm's is served from the hourly rollups, cut in that zone.
      const utcDays = await series(`sensorId=${sensorId}&bucket=day&from=${iso(from)}&to=${iso(to)}&tz=UTC`);
      assert.equal(
        utcDays.reduce((n, p) => n + (p.count ?? 0), 0),
        hours,
      );
    }
    const weather = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/weather/daily?from=2026-03-08&to=2026-03-08`,
      headers: bearer(org.tokens.viewer),
    });
    assert.deepEqual(
      weather
        .json()
        .days.map((d: { date: string; temperatureHours: number; tmaxC: number }) => [
          d.date,
          d.temperatureHours,
          d.tmaxC,
        ]),
      [["2026-03-08", 23, 23]],
    );
    const fallBack = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/weather/daily?from=2026-11-01&to=2026-11-01`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(fallBack.json().days[0].temperatureHours, 25);
    assert.equal(fallBack.json().days[0].tmaxC, 25);
  });

  test("a farm in Asia/Kolkata (UTC+05:30): local days from the daily rollups, half-hour buckets from raw", async () => {
    const { sensors } = await farmWithSensors(h, org, "Asia/Kolkata", ["soil_moisture"]);
    const sensorId = sensors[0]!;
    // 18:00Z = 23:30 IST on 1 June; 18:45Z = 00:15 IST on 2 June.
    await ingest([
      { sensorId, time: "2026-06-01T18:00:00Z", value: 10 },
      { sensorId, time: "2026-06-01T18:45:00Z", value: 30 },
    ]);
    const local = await series(
      `sensorId=${sensorId}&bucket=day&from=2026-05-31T18:30:00Z&to=2026-06-02T18:30:00Z&tz=Asia/Kolkata`,
    );
    // IST midnight = 18:30Z the day before.
    assert.deepEqual(local, [
      { time: "2026-05-31T18:30:00.000Z", value: 10, min: 10, max: 10, count: 1 },
      { time: "2026-06-01T18:30:00.000Z", value: 30, min: 30, max: 30, count: 1 },
    ]);
    const istHours = await series(
      `sensorId=${sensorId}&bucket=hour&from=2026-06-01T17:30:00Z&to=2026-06-01T19:30:00Z&tz=Asia/Kolkata`,
    );
    assert.deepEqual(
      istHours.map((p) => [p.time, p.count]),
      [
        ["2026-06-01T17:30:00.000Z", 1],
        ["2026-06-01T18:30:00.000Z", 1],
      ],
    );
    const utc = await series(
      `sensorId=${sensorId}&bucket=day&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&tz=UTC`,
    );
    assert.deepEqual(utc, [{ time: "2026-06-01T00:00:00.000Z", value: 20, min: 10, max: 30, count: 2 }]);
  });

  test("points= merges hourly buckets to a chart's width", async () => {
    const { sensors } = await farmWithSensors(h, org, "UTC", ["soil_moisture"]);
    const sensorId = sensors[0]!;
    const t0 = Date.parse("2026-07-01T00:00:00Z");
    // 48 hourly readings valued 1..48; 4 points → 12 hours each: 1..12 mean 6.5, 13..24 18.5, ...
    await ingest(
      Array.from({ length: 48 }, (_, i) => ({ sensorId, time: iso(t0 + i * HOUR), value: i + 1 })),
    );
    const points = await series(
      `sensorId=${sensorId}&bucket=hour&points=4&from=${iso(t0)}&to=${iso(t0 + 48 * HOUR)}`,
    );
    assert.deepEqual(
      points.map((p) => [p.time, p.value, p.min, p.max, p.count]),
      [
        [iso(t0), 6.5, 1, 12, 12],
        [iso(t0 + 12 * HOUR), 18.5, 13, 24, 12],
        [iso(t0 + 24 * HOUR), 30.5, 25, 36, 12],
        [iso(t0 + 36 * HOUR), 42.5, 37, 48, 12],
      ],
    );
    const raw = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings?sensorId=${sensorId}&points=4&from=${iso(t0)}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(raw.statusCode, 400);
    assert.equal(raw.json().field, "points");
  });

  test("a farm's time zone changed: its daily rollups are re-cut into the new zone's days", async () => {
    const { sensors } = await farmWithSensors(h, org, "UTC", ["soil_moisture"]);
    const sensorId = sensors[0]!;
    // 03:00Z on 2 August is 22:00 CDT on 1 August.
    await ingest([{ sensorId, time: "2026-08-02T03:00:00Z", value: 12 }]);
    await h.db.pool.query(
      `UPDATE farms SET timezone = 'America/Chicago'
       WHERE id = (SELECT f.farm_id FROM sensors s JOIN fields f ON f.id = s.field_id WHERE s.id = $1)`,
      [sensorId],
    );
    const days = await h.db.pool.query(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, count FROM reading_rollups_daily WHERE sensor_id = $1",
      [sensorId],
    );
    assert.deepEqual(days.rows, [{ day: "2026-08-01", count: 1 }]);
  });

  test("latest across two api instances on one database: the newest wins whichever instance commits last", async () => {
    const { sensors } = await farmWithSensors(h, org, "UTC", ["soil_moisture", "soil_moisture"]);
    const logger = createLogger({ service: "api", level: "silent" });
    const second: Api = await buildApi({ config: testApiConfig(h.db.url), pool: h.db.pool, logger });
    await second.app.ready();
    try {
      const t0 = Date.parse("2026-09-01T00:00:00Z");
      // Both instances write the two sensors at once, each batch in shuffled time order: instance one the
      // even minutes 0..398, instance two the odd minutes 1..399. The newest is minute 399 (instance two).
      const batches = (parity: number) =>
        Array.from({ length: 10 }, (_, b) =>
          sensors.flatMap((sensorId) =>
            Array.from({ length: 20 }, (_, i) => {
              const minute = (b * 20 + i) * 2 + parity;
              return { sensorId, time: iso(t0 + minute * 60_000), value: minute % 100 };
            }).reverse(),
          ),
        ).reverse();
      await Promise.all([
        (async () => {
          for (const batch of batches(0)) await ingest(batch, h.app);
        })(),
        (async () => {
          for (const batch of batches(1)) await ingest(batch, second.app);
        })(),
      ]);
      for (const app of [h.app, second.app]) {
        const latest = await app.inject({
          method: "GET",
          url: `/api/v1/readings/latest?sensorId=${sensors[0]}`,
          headers: bearer(org.tokens.viewer),
        });
        assert.deepEqual(
          latest.json().map((r: { time: string; value: number }) => [r.time, r.value]),
          [[iso(t0 + 399 * 60_000), 99]],
        );
      }
      const farmId = (
        await h.db.pool.query(
          "SELECT f.farm_id FROM sensors s JOIN fields f ON f.id = s.field_id WHERE s.id = $1",
          [sensors[0]],
        )
      ).rows[0].farm_id;
      const farmLatest = await second.app.inject({
        method: "GET",
        url: `/api/v1/readings/latest?farmId=${farmId}`,
        headers: bearer(org.tokens.viewer),
      });
      assert.deepEqual(
        farmLatest
          .json()
          .map((r: { sensorId: string; time: string }) => [r.sensorId, r.time])
          .sort(),
        sensors.map((id) => [id, iso(t0 + 399 * 60_000)]).sort(),
      );
      const hourly = await h.db.pool.query<{ n: number }>(
        "SELECT sum(count)::int AS n FROM reading_rollups_hourly WHERE sensor_id = $1",
        [sensors[1]],
      );
      assert.equal(hourly.rows[0]!.n, 400);
    } finally {
      await second.close();
    }
  });
});
