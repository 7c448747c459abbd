/**
 * Hourly ET0 from a field's own station: a field at N'Diaye, Senegal (16°13'N, 16°15'W, 8 m) whose farm keeps
 * UTC−1 all year (Atlantic/Cape_Verde, the paper's Lz = 15° W), fed the two hours of FAO-56 Example 19.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bearer, type Harness, poster, squareBoundary, startHarness, type TestOrganization } from "./harness";

describe("GET /fields/{id}/et0/hourly", () => {
  let h: Harness;
  let org: TestOrganization;
  let fieldId: string;

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Station");
    const post = poster(h, org.tokens.admin);
    const farm = await post("/api/v1/farms", {
      name: "N'Diaye",
      timezone: "Atlantic/Cape_Verde",
      latitudeDeg: 16.2,
    });
    // The square's centre is the field's position: 16.25° W, 16°13' N.
    const field = await post("/api/v1/fields", {
      farmId: farm.id,
      name: "Plot",
      boundary: squareBoundary(-16.25 - 0.002, 16 + 13 / 60 - 0.002),
      elevationM: 8,
    });
    fieldId = field.id;
    const sensor = async (kind: string) => (await post("/api/v1/sensors", { fieldId, name: kind, kind })).id;
    const ids = {
      air_temperature: await sensor("air_temperature"),
      relative_humidity: await sensor("relative_humidity"),
      wind_speed: await sensor("wind_speed"),
      solar_radiation: await sensor("solar_radiation"),
    };
    // 14:00-15:00 local = 15:00-16:00Z: 38 °C, 52 %, 3.3 m/s, Rs 2.450 MJ/m² = 680.56 W/m² over the hour;
    // 02:00-03:00 local = 03:00-04:00Z: 28 °C, 90 %, 1.9 m/s, no sun.
    const at = (iso: string, values: Record<keyof typeof ids, number>) =>
      Object.entries(values).map(([kind, value]) => ({
        sensorId: ids[kind as keyof typeof ids],
        time: iso,
        value,
      }));
    const readings = [
      ...at("2026-10-01T15:30:00Z", {
        air_temperature: 38,
        relative_humidity: 52,
        wind_speed: 3.3,
        solar_radiation: 2.45 / 0.0036,
      }),
      ...at("2026-10-01T03:30:00Z", {
        air_temperature: 28,
        relative_humidity: 90,
        wind_speed: 1.9,
        solar_radiation: 0,
      }),
    ];
    const ingest = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(org.tokens.agronomist),
      payload: readings,
    });
    assert.equal(ingest.statusCode, 200, ingest.body);
  });
  after(() => h.close());

  const get = (query: string) =>
    h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/et0/hourly?${query}`,
      headers: bearer(org.tokens.viewer),
    });

  test("Example 19 from the station: 14:00 ET0 0.63 mm (Ra 3.543, Rn 1.749, G 0.175), 02:00 0.0 mm", async () => {
    const response = await get("date=2026-10-01");
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.standardUtcOffsetHours, -1);
    assert.deepEqual(
      body.hours.map((x: { hour: number }) => x.hour),
      [2, 14],
    );
    const [night, day] = body.hours;
    assert.ok(Math.abs(day.raMJ - 3.543) < 0.002, response.body);
    assert.ok(Math.abs(day.rnMJ - 1.749) < 0.002, response.body);
    assert.ok(Math.abs(day.gMJ - 0.175) < 0.001, response.body);
    assert.ok(Math.abs(day.et0Mm - 0.63) < 0.005, response.body);
    assert.ok(Math.abs(night.rnMJ - -0.1) < 0.001, response.body);
    assert.ok(night.et0Mm < 0.005, response.body);
    assert.equal(body.hoursMissing.length, 22);
  });

  test("bad date is 400 naming it; another organization's field is 404", async () => {
    const bad = await get("date=2026-13-45");
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().field, "date");
    const other = await h.createOrganization("Other");
    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/et0/hourly?date=2026-10-01`,
      headers: bearer(other.tokens.viewer),
    });
    assert.equal(response.statusCode, 404);
  });
});
