import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

type Kind =
  | "air_temperature"
  | "relative_humidity"
  | "rain"
  | "soil_moisture"
  | "wind_speed"
  | "solar_radiation";

describe("readings ingestion and queries", () => {
  let h: Harness;
  let org: TestOrganization;
  let fieldId: string;
  const sensors = {} as Record<Kind, string>;
  let deviceKey: string;

  const countReadings = async (sensorId: string) =>
    Number(
      (await h.db.pool.query("SELECT count(*)::int AS n FROM readings WHERE sensor_id = $1", [sensorId]))
        .rows[0].n,
    );
  const ingest = (payload: unknown, headers: Record<string, string> = bearer(org.tokens.agronomist)) =>
    h.app.inject({ method: "POST", url: "/api/v1/readings", headers, payload: payload as object });

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Ingest");
    const farm = await h.app.inject({
      method: "POST",
      url: "/api/v1/farms",
      headers: bearer(org.tokens.admin),
      payload: { name: "Home", latitudeDeg: 42.03, longitudeDeg: -93.62, timezone: "America/Chicago" },
    });
    const field = await h.app.inject({
      method: "POST",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.admin),
      payload: { farmId: farm.json().id, name: "East", boundary: squareBoundary() },
    });
    fieldId = field.json().id;
    for (const kind of [
      "air_temperature",
      "relative_humidity",
      "rain",
      "soil_moisture",
      "wind_speed",
      "solar_radiation",
    ] as Kind[]) {
      const sensor = await h.app.inject({
        method: "POST",
        url: "/api/v1/sensors",
        headers: bearer(org.tokens.admin),
        payload: { fieldId, name: kind, kind },
      });
      assert.equal(sensor.statusCode, 201, sensor.body);
      sensors[kind] = sensor.json().id;
    }
    const key = await h.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: bearer(org.tokens.admin),
      payload: { name: "gateway" },
    });
    deviceKey = key.json().key;
  });
  after(() => h.close());

  test("a 10,000-reading JSON batch is committed, and sending it again stores nothing twice", async () => {
    const start = Date.parse("2026-03-01T00:00:00Z");
    const batch = Array.from({ length: 10_000 }, (_, i) => ({
      sensorId: sensors.soil_moisture,
      time: new Date(start + i * 60_000).toISOString(),
      value: 20 + (i % 10),
    }));
    const first = await ingest(batch, { "x-api-key": deviceKey });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(
      { ...(first.json() as object), errors: first.json().errors.length },
      { received: 10_000, accepted: 10_000, duplicates: 0, rejected: 0, errors: 0 },
    );
    assert.equal(await countReadings(sensors.soil_moisture), 10_000);

    const again = await ingest(batch, { "x-api-key": deviceKey });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().duplicates, 10_000);
    assert.equal(await countReadings(sensors.soil_moisture), 10_000);
  });

  test("bad items are reported by index and field while their good neighbours are stored (207)", async () => {
    const before = await countReadings(sensors.air_temperature);
    const response = await ingest({
      readings: [
        { sensorId: sensors.air_temperature, time: "2026-04-01T10:00:00Z", value: 12.5 },
        { sensorId: sensors.air_temperature, time: "2026-04-01T11:00:00Z", value: 999 },
        { sensorId: "00000000-0000-4000-8000-000000000000", time: "2026-04-01T11:00:00Z", value: 1 },
        { sensorId: sensors.air_temperature, time: "2026-04-01 12:00", value: 13 },
        { sensorId: sensors.air_temperature, time: "2026-04-01T13:00:00Z", value: "14" },
        { sensorId: sensors.air_temperature, time: "2026-04-01T14:00:00Z", value: 15 },
      ],
    });
    assert.equal(response.statusCode, 207, response.body);
    const body = response.json();
    assert.equal(body.accepted, 2);
    assert.equal(body.rejected, 4);
    assert.deepEqual(
      body.errors.map((e: { index: number; field: string }) => [e.index, e.field]),
      [
        [1, "value"],
        [2, "sensorId"],
        [3, "time"],
        [4, "value"],
      ],
    );
    assert.equal(await countReadings(sensors.air_temperature), before + 2);
  });

  test("a batch with no valid item is refused with problem+json naming the first bad item, storing nothing", async () => {
    const before = await countReadings(sensors.rain);
    const response = await ingest([{ sensorId: sensors.rain, time: "2026-04-01T10:00:00Z", value: -3 }]);
    assert.equal(response.statusCode, 422);
    assert.match(response.headers["content-type"] as string, /application\/problem\+json/);
    assert.equal(response.json().field, "readings[0].value");
    assert.equal(await countReadings(sensors.rain), before);
  });

  test("NDJSON: a malformed line is reported by its index, the other lines are stored", async () => {
    const lines = [
      JSON.stringify({ sensorId: sensors.wind_speed, time: "2026-04-02T00:00:00Z", value: 3.1 }),
      "{not json",
      JSON.stringify({ sensorId: sensors.wind_speed, time: "2026-04-02T01:00:00Z", value: 2.7 }),
    ].join("\n");
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: { ...bearer(org.tokens.agronomist), "content-type": "application/x-ndjson" },
      payload: lines,
    });
    assert.equal(response.statusCode, 207, response.body);
    assert.equal(response.json().accepted, 2);
    assert.equal(response.json().errors[0].index, 1);
  });

  test("CSV: long format and a weather-station export are both ingested", async () => {
    const long = `sensor_id,time,value\n${sensors.relative_humidity},2026-04-03T00:00:00Z,81\n${sensors.relative_humidity},2026-04-03T01:00:00Z,84\n`;
    const first = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings/csv",
      headers: { ...bearer(org.tokens.agronomist), "content-type": "text/csv" },
      payload: long,
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().accepted, 2);

    const station = "time,air_temperature,rain\n2026-04-04T00:00:00Z,5.5,0\n2026-04-04T01:00:00Z,5.0,1.2\n";
    const withoutField = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings/csv",
      headers: { ...bearer(org.tokens.agronomist), "content-type": "text/csv" },
      payload: station,
    });
    assert.equal(withoutField.statusCode, 400);
    assert.equal(withoutField.json().field, "fieldId");

    const withField = await h.app.inject({
      method: "POST",
      url: `/api/v1/readings/csv?fieldId=${fieldId}`,
      headers: { ...bearer(org.tokens.agronomist), "content-type": "text/csv" },
      payload: station,
    });
    assert.equal(withField.statusCode, 200, withField.body);
    assert.equal(withField.json().accepted, 4);
  });

  test("hourly buckets carry min, max, average and count; latest returns the newest value", async () => {
    // Four readings inside 2026-05-01 10:00-11:00 UTC: min 10, max 40, mean (10+20+30+40)/4 = 25.
    const values = [10, 20, 30, 40];
    await ingest(
      values.map((value, i) => ({
        sensorId: sensors.solar_radiation,
        time: `2026-05-01T10:${String(i * 15).padStart(2, "0")}:00Z`,
        value,
      })),
    );
    await ingest([{ sensorId: sensors.solar_radiation, time: "2026-05-01T11:30:00Z", value: 400 }]);
    const series = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings?sensorId=${sensors.solar_radiation}&from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z&bucket=hour`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(series.statusCode, 200, series.body);
    const points = series.json().series[0].points;
    assert.equal(points.length, 2);
    assert.equal(Date.parse(points[0].time), Date.parse("2026-05-01T10:00:00Z"));
    assert.deepEqual([points[0].min, points[0].max, points[0].value, points[0].count], [10, 40, 25, 4]);

    const latest = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings/latest?sensorId=${sensors.solar_radiation}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(latest.json()[0].value, 400);
  });

  test("daily weather is summarised in the farm's time zone", async () => {
    // 24 hourly temperatures on 2026-06-10 in Chicago (CDT, UTC-5): 05:00Z to 04:00Z next day.
    // Temperatures 10..33 °C, so Tmin 10, Tmax 33; rain 0.5 mm in two hours -> 1.0 mm.
    const start = Date.parse("2026-06-10T05:00:00Z");
    const hourly = Array.from({ length: 24 }, (_, i) => ({
      sensorId: sensors.air_temperature,
      time: new Date(start + i * 3_600_000).toISOString(),
      value: 10 + i,
    }));
    const rain = [3, 7].map((i) => ({
      sensorId: sensors.rain,
      time: new Date(start + i * 3_600_000).toISOString(),
      value: 0.5,
    }));
    // A reading at 04:30Z on 2026-06-10 is still 2026-06-09 in Chicago and must not count.
    const previousDay = { sensorId: sensors.air_temperature, time: "2026-06-10T04:30:00Z", value: -5 };
    assert.equal((await ingest([...hourly, ...rain, previousDay])).statusCode, 200);

    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/weather/daily?from=2026-06-10&to=2026-06-10`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(response.statusCode, 200, response.body);
    const [day] = response.json().days;
    assert.equal(day.date, "2026-06-10");
    assert.deepEqual([day.tminC, day.tmaxC, day.rainMm, day.complete], [10, 33, 1, true]);
  });

  test("a device key may ingest but not read", async () => {
    const read = await h.app.inject({
      method: "GET",
      url: `/api/v1/readings/latest?fieldId=${fieldId}`,
      headers: { "x-api-key": deviceKey },
    });
    assert.equal(read.statusCode, 403);
  });
});
