/**
 * Series and agronomy summaries are served from a cache while their data is unchanged: a write through another
 * api instance on the same database (a late reading, a new field event) shows in the very next read of the
 * first one. Weather as in field-agronomy.test.ts: Tmax 30 °C (86 °F), Tmin 15.5556 °C (60 °F) every local
 * day, (86 + 60)/2 − 50 = 23 GDD a day.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
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

describe("cached reads follow writes made through any api instance", () => {
  let h: Harness;
  let second: Api;
  let org: TestOrganization;
  let fieldId: string;
  let sensorId: string;

  const get = (app: Api["app"], url: string) =>
    app.inject({ method: "GET", url, headers: bearer(org.tokens.viewer) });
  const ingest = async (app: Api["app"], readings: { sensorId: string; time: string; value: number }[]) => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(org.tokens.agronomist),
      payload: readings,
    });
    assert.equal(response.statusCode, 200, response.body);
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

    const event = await second.app.inject({
      method: "POST",
      url: "/api/v1/field-events",
      headers: bearer(org.tokens.admin),
      payload: { fieldId, kind: "fertilizer_n", date: "2026-05-05", nitrogenLbPerAcre: 40 },
    });
    assert.equal(event.statusCode, 201, event.body);
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
});
