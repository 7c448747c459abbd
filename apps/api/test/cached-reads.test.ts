/**
 * Series, latest values and agronomy summaries are served from a cache while their data is unchanged, kept
 * current by the database's change notices: a write through another api instance on the same database (a late
 * reading, a new field event or sensor), or straight into the database as the ingest and sync services write,
 * shows in the very next read of the first one; a lost listener never leaves a stale body served; kept bodies
 * carry an ETag (304 on If-None-Match) and go in brotli or gzip to clients that accept one. Hour means by hand:
 * (a + b) / 2 and so on. Weather as in field-agronomy.test.ts: Tmax 30 °C (86 °F), Tmin 15.5556 °C (60 °F) every local
 * day, (86 + 60)/2 − 50 = 23 GDD a day.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { createLogger } from "@unicorn/observability";
import { type Api, buildApi } from "../src/app";
import {
  bearer,
  type Harness,
  localDays,
  poster,
  squareBoundary,
  startHarness,
  type TestOrganization,
  testApiConfig,
} from "./harness";

const PLANTING = "2026-05-01";
const AS_OF = "2026-05-10";
const HOUR = "from=2026-06-02T05:00:00Z&to=2026-06-02T06:00:00Z";

describe("cached reads follow writes made through any api instance", () => {
  let h: Harness;
  let second: Api;
  let org: TestOrganization;
  let fieldId: string;
  let sensorId: string;

  const get = (app: Api["app"], url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url, headers: { ...bearer(org.tokens.viewer), ...headers } });
  const ingest = async (app: Api["app"], readings: { sensorId: string; time: string; value: number }[]) => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(org.tokens.agronomist),
      payload: readings,
    });
    assert.equal(response.statusCode, 200, response.body);
  };

  const fertilizeThroughSecond = async (date: string, nitrogenLbPerAcre: number) => {
    const event = await second.app.inject({
      method: "POST",
      url: "/api/v1/field-events",
      headers: bearer(org.tokens.admin),
      payload: { fieldId, kind: "fertilizer_n", date, nitrogenLbPerAcre },
    });
    assert.equal(event.statusCode, 201, event.body);
  };

  before(async () => {
    h = await startHarness();
    second = await buildApi({
      config: testApiConfig(h.db.url),
      pool: h.db.pool,
      logger: createLogger({ service: "api", level: "silent" }),
    });
    await second.app.ready();
    org = await h.createOrganization("Cached");
    const post = poster(h, org.tokens.admin);
    const farm = await post("/api/v1/farms", { name: "Home", timezone: "America/Chicago", latitudeDeg: 42 });
    const field = await post("/api/v1/fields", {
      farmId: farm.id,
      name: "North",
      boundary: squareBoundary(),
    });
    fieldId = field.id;
    await post("/api/v1/seasons", {
      fieldId,
      year: 2026,
      hybrid: "P1185",
      gddToBlackLayerF: 2700,
      plantingDate: PLANTING,
      previousCrop: "corn",
    });
    sensorId = (await post("/api/v1/sensors", { fieldId, name: "air", kind: "air_temperature" })).id;
    // Local midnight in Chicago (CDT) is 05:00Z; the day's peak at 15:00 local.
    await ingest(
      h.app,
      localDays(PLANTING, AS_OF).flatMap((date) =>
        Array.from({ length: 24 }, (_, hour) => ({
          sensorId,
          time: new Date(Date.parse(`${date}T05:00:00Z`) + hour * 3_600_000).toISOString(),
          value: hour === 15 ? 30 : 15.5556,
        })),
      ),
    );
  });
  after(async () => {
    await second.close();
    await h.close();
  });

  test("an hour's bucket takes a late reading sent through the other instance", async () => {
    // 2 May 05:00-06:00Z holds one reading, 15.5556.
    const url = `/api/v1/readings?sensorId=${sensorId}&bucket=hour&tz=America/Chicago&from=2026-05-02T05:00:00Z&to=2026-05-02T06:00:00Z`;
    const first = await get(h.app, url);
    assert.equal(first.statusCode, 200, first.body);
    assert.match(first.headers["content-type"] as string, /^application\/json/);
    assert.deepEqual(first.json().series[0].points, [
      { time: "2026-05-02T05:00:00.000Z", value: 15.5556, min: 15.5556, max: 15.5556, count: 1 },
    ]);
    assert.equal((await get(h.app, url)).body, first.body, "unchanged data: the same body");

    // Late (the sensor's newest reading is 10 May): 05:30Z, 4.4444 → count 2, mean (15.5556 + 4.4444)/2 = 10.
    await ingest(second.app, [{ sensorId, time: "2026-05-02T05:30:00.000Z", value: 4.4444 }]);
    const after = await get(h.app, url);
    assert.deepEqual(after.json().series[0].points, [
      { time: "2026-05-02T05:00:00.000Z", value: 10, min: 4.4444, max: 15.5556, count: 2 },
    ]);
    assert.equal(after.body, (await get(second.app, url)).body, "both instances answer alike");
  });

  test("the agronomy summary takes a late reading and a new field event made through the other instance", async () => {
    const url = `/api/v1/fields/${fieldId}/agronomy?asOf=${AS_OF}`;
    const before = await get(h.app, url);
    assert.equal(before.statusCode, 200, before.body);
    // 10 days × 23 GDD, the 2 May Tmin already lowered to 4.4444 °C (40 °F) by the test above:
    // (86 + 50)/2 − 50 = 18 that day (Tmin clamps at 50 °F), so 9 × 23 + 18 = 225.
    const gddBefore = before.json().gdd.sincePlanting;
    assert.ok(Math.abs(gddBefore - 225) < 0.1, String(gddBefore));
    assert.equal(before.json().nitrogen.appliedLbPerAcre, 0);

    // 3 May gets a late low of −1 °C (30.2 °F, clamped to 50 °F): 18 GDD instead of 23 → 220.
    await ingest(second.app, [{ sensorId, time: "2026-05-03T09:30:00.000Z", value: -1 }]);
    const afterReading = (await get(h.app, url)).json();
    assert.ok(Math.abs(afterReading.gdd.sincePlanting - 220) < 0.1, String(afterReading.gdd.sincePlanting));

    await fertilizeThroughSecond("2026-05-05", 40);
    assert.equal((await get(h.app, url)).json().nitrogen.appliedLbPerAcre, 40);
  });

  test("a field of another organization is still not found, cached or not", async () => {
    const stranger = await h.createOrganization("Stranger");
    for (let i = 0; i < 2; i++) {
      const response = await h.app.inject({
        method: "GET",
        url: `/api/v1/fields/${fieldId}/agronomy?asOf=${AS_OF}`,
        headers: bearer(stranger.tokens.viewer),
      });
      assert.equal(response.statusCode, 404, response.body);
    }
  });

  describe("kept current by change notices", () => {
    const hourUrl = () => `/api/v1/readings?sensorId=${sensorId}&bucket=hour&tz=UTC&${HOUR}`;
    const hourValue = async (app: Api["app"]) => {
      const response = await get(app, hourUrl());
      assert.equal(response.statusCode, 200, response.body);
      return response.json().series[0].points[0]?.value;
    };
    /** Reads until the answer comes from the cache (it carries an ETag): the listener is connected. */
    const cachedGet = async (app: Api["app"], url: string) => {
      for (let i = 0; i < 100; i++) {
        const response = await get(app, url);
        if (response.headers.etag) return response;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${url} was never served from the cache`);
    };
    const listeners = async () =>
      (
        await h.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE application_name = 'unicorn-read-changes' AND datname = current_database()`,
        )
      ).rows[0]!.n;

    before(async () => {
      await ingest(h.app, [{ sensorId, time: "2026-06-02T05:00:00.000Z", value: 20 }]);
    });

    test("a reading ingested through one instance is in the other's next read, and in its ETag", async () => {
      const first = await cachedGet(h.app, hourUrl());
      assert.equal(first.json().series[0].points[0].value, 20);
      const again = await get(h.app, hourUrl(), { "if-none-match": first.headers.etag as string });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, "");
      await cachedGet(second.app, hourUrl());

      // (20 + 10) / 2 = 15
      await ingest(second.app, [{ sensorId, time: "2026-06-02T05:30:00.000Z", value: 10 }]);
      const changed = await get(h.app, hourUrl(), { "if-none-match": first.headers.etag as string });
      assert.equal(changed.statusCode, 200);
      assert.equal(changed.json().series[0].points[0].value, 15);
      assert.notEqual(changed.headers.etag, first.headers.etag);
      // The entity tag is made from the body: both instances give the same one for the same answer.
      assert.equal((await get(second.app, hourUrl())).headers.etag, changed.headers.etag);
    });

    test("columns: a reading through the other instance is in the next read, the same points as /readings", async () => {
      const window = "from=2026-06-03T05:00:00Z&to=2026-06-03T06:00:00Z";
      const columnsUrl = `/api/v1/readings/columns?sensorId=${sensorId}&bucket=hour&tz=UTC&${window}`;
      const pointsUrl = `/api/v1/readings?sensorId=${sensorId}&bucket=hour&tz=UTC&${window}`;
      await ingest(h.app, [{ sensorId, time: "2026-06-03T05:00:00.000Z", value: 12 }]);
      const first = await cachedGet(h.app, columnsUrl);
      assert.deepEqual(first.json().series[0].value, [12]);
      await cachedGet(h.app, pointsUrl);
      await cachedGet(second.app, columnsUrl);

      // (12 + 18) / 2 = 15, min 12, max 18, 2 readings.
      await ingest(second.app, [{ sensorId, time: "2026-06-03T05:15:00.000Z", value: 18 }]);
      const columns = (await get(h.app, columnsUrl)).json().series[0];
      assert.deepEqual(
        {
          time: columns.time,
          value: columns.value,
          min: columns.min,
          max: columns.max,
          count: columns.count,
        },
        { time: ["2026-06-03T05:00:00.000Z"], value: [15], min: [12], max: [18], count: [2] },
      );
      assert.equal(columns.sensorId, sensorId);
      assert.equal(columns.unit, "°C");
      const points = (await get(h.app, pointsUrl)).json().series[0].points;
      assert.deepEqual(points, [{ time: "2026-06-03T05:00:00.000Z", value: 15, min: 12, max: 18, count: 2 }]);

      // Raw readings as columns: times and values only, in time order.
      const raw = await get(h.app, `/api/v1/readings/columns?sensorId=${sensorId}&${window}`);
      assert.equal(raw.statusCode, 200, raw.body);
      const rawSeries = raw.json().series[0];
      assert.deepEqual(rawSeries.time, ["2026-06-03T05:00:00.000Z", "2026-06-03T05:15:00.000Z"]);
      assert.deepEqual(rawSeries.value, [12, 18]);
      assert.equal(rawSeries.min, undefined);
    });

    test("a kept body and its ETag go to no other organization and to no revoked session", async () => {
      const kept = await cachedGet(h.app, hourUrl());
      const etag = kept.headers.etag as string;
      const stranger = await h.createOrganization("Cache stranger");
      const foreign = await h.app.inject({
        method: "GET",
        url: hourUrl(),
        headers: { ...bearer(stranger.tokens.viewer), "if-none-match": etag },
      });
      assert.equal(foreign.statusCode, 404, foreign.body);
      // A viewer of the organization reads the kept body, then is removed: its next conditional read is refused.
      const password = "kept-body-viewer-password";
      const created = await h.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: bearer(org.tokens.admin),
        payload: { email: "cache-viewer@example.test", name: "Cache viewer", role: "viewer", password },
      });
      assert.equal(created.statusCode, 201, created.body);
      const login = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: "cache-viewer@example.test", password },
      });
      const token = login.json().accessToken as string;
      const conditional = () =>
        h.app.inject({ method: "GET", url: hourUrl(), headers: { ...bearer(token), "if-none-match": etag } });
      assert.equal((await conditional()).statusCode, 304);
      const removed = await h.app.inject({
        method: "DELETE",
        url: `/api/v1/users/${created.json().id}`,
        headers: bearer(org.tokens.admin),
      });
      assert.equal(removed.statusCode, 204);
      assert.equal((await conditional()).statusCode, 401);
    });

    test("a write straight into the database (another service) is in the next read of both instances", async () => {
      await cachedGet(h.app, hourUrl());
      // A late reading the way the ingest service writes one: the reading, its hour and the latest row.
      // (20 + 10 + 30) / 3 = 20
      await h.db.pool.query(
        `WITH r AS (INSERT INTO readings (sensor_id, time, value) VALUES ($1, '2026-06-02T05:45:00Z', 30) RETURNING 1)
         UPDATE reading_rollups_hourly SET count = count + 1, sum = sum + 30, max = greatest(max, 30)
         WHERE sensor_id = $1 AND hour = '2026-06-02T05:00:00Z'`,
        [sensorId],
      );
      await h.db.pool.query("UPDATE sensor_latest SET time = time WHERE sensor_id = $1", [sensorId]);
      assert.equal(await hourValue(h.app), 20);
      assert.equal(await hourValue(second.app), 20);
    });

    test("latest values: a new sensor made through the other instance is in this one's next answer", async () => {
      const url = `/api/v1/readings/latest?fieldId=${fieldId}`;
      assert.equal((await cachedGet(h.app, url)).json().length, 1);
      const created = await second.app.inject({
        method: "POST",
        url: "/api/v1/sensors",
        headers: bearer(org.tokens.admin),
        payload: { fieldId, name: "humidity", kind: "relative_humidity" },
      });
      assert.equal(created.statusCode, 201, created.body);
      await ingest(second.app, [
        { sensorId: created.json().id, time: "2026-06-02T06:00:00.000Z", value: 55 },
      ]);
      const latest = (await get(h.app, url)).json() as { sensorId: string; value: number }[];
      assert.equal(latest.length, 2);
      assert.ok(latest.some((reading) => reading.sensorId === created.json().id && reading.value === 55));
    });

    test("a killed listener never serves a stale body, and caching resumes once it is back", async () => {
      await cachedGet(h.app, hourUrl());
      assert.ok((await listeners()) >= 1);
      await h.db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'unicorn-read-changes' AND datname = current_database()`,
      );
      // Written while neither instance listens: no notice of it reaches them. (20 + 10 + 30 + 40) / 4 = 25
      await ingest(second.app, [{ sensorId, time: "2026-06-02T05:50:00.000Z", value: 40 }]);
      assert.equal(await hourValue(h.app), 25);
      assert.equal(await hourValue(second.app), 25);

      const resumed = await cachedGet(h.app, hourUrl());
      assert.equal(resumed.json().series[0].points[0].value, 25);
      assert.equal(
        (await get(h.app, hourUrl(), { "if-none-match": resumed.headers.etag as string })).statusCode,
        304,
      );
    });

    test("brotli for a browser, gzip for a client that accepts only it, the same JSON once decoded", async () => {
      const url = `/api/v1/readings?sensorId=${sensorId}&from=2026-06-01T00:00:00Z&to=2026-06-03T00:00:00Z`;
      await ingest(
        h.app,
        Array.from({ length: 48 }, (_, i) => ({
          sensorId,
          time: new Date(Date.parse("2026-06-01T00:00:00Z") + i * 600_000).toISOString(),
          value: 15 + (i % 7),
        })),
      );
      const plain = await cachedGet(h.app, url);
      assert.equal(plain.headers["content-encoding"], undefined);
      const browser = await get(h.app, url, { "accept-encoding": "gzip, deflate, br" });
      assert.equal(browser.headers["content-encoding"], "br");
      assert.match(String(browser.headers.vary), /accept-encoding/i);
      assert.equal(brotliDecompressSync(browser.rawPayload).toString("utf8"), plain.body);
      const zipped = await get(h.app, url, { "accept-encoding": "gzip" });
      assert.equal(zipped.headers["content-encoding"], "gzip");
      assert.equal(gunzipSync(zipped.rawPayload).toString("utf8"), plain.body);
      assert.equal(zipped.headers.etag, browser.headers.etag, "one entity, whatever its coding");
      const refused = await get(h.app, url, { "accept-encoding": "gzip;q=0, identity" });
      assert.equal(refused.headers["content-encoding"], undefined);
    });

    test("the agronomy summary: 304 while unchanged, a new field event through the other instance shows at once", async () => {
      const url = `/api/v1/fields/${fieldId}/agronomy?asOf=2026-06-02`;
      const first = await cachedGet(h.app, url);
      assert.equal(first.statusCode, 200, first.body);
      const etag = first.headers.etag as string;
      assert.equal((await get(h.app, url, { "if-none-match": etag })).statusCode, 304);
      await fertilizeThroughSecond("2026-05-20", 20);
      const changed = await get(h.app, url, { "if-none-match": etag });
      assert.equal(changed.statusCode, 200);
      assert.notEqual(changed.headers.etag, etag);
    });
  });
});
