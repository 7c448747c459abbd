import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

describe("farms, fields, seasons, sensors and field events", () => {
  let h: Harness;
  let org: TestOrganization;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Prairie");
  });
  after(() => h.close());

  test("a field's area is computed from its polygon in hectares and acres", async () => {
    const farm = await h.app.inject({
      method: "POST",
      url: "/api/v1/farms",
      headers: bearer(org.tokens.admin),
      payload: { name: "Home" },
    });
    assert.equal(farm.statusCode, 201);
    // 0.004° × 0.004° at 42.03°N: 444.8 m (lat) × 444.8·cos(42.03°) = 330.5 m (lon) ≈ 14.7 ha ≈ 36.3 acres.
    const field = await h.app.inject({
      method: "POST",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.agronomist),
      payload: { farmId: farm.json().id, name: "North 40", boundary: squareBoundary() },
    });
    assert.equal(field.statusCode, 201, field.body);
    const body = field.json();
    assert.ok(Math.abs(body.areaHa - 14.7) < 0.2, `areaHa ${body.areaHa}`);
    assert.ok(Math.abs(body.areaAcres - body.areaHa * 2.4710538) < 1e-6);
    assert.equal(body.soil.texture, "silt loam");
  });

  test("a self-crossing polygon is refused naming the boundary", async () => {
    const farms = await h.app.inject({
      method: "GET",
      url: "/api/v1/farms",
      headers: bearer(org.tokens.viewer),
    });
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.admin),
      payload: { farmId: farms.json().items[0].id, name: "Bowtie", boundary: bowtie },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers["content-type"], "application/problem+json; charset=utf-8");
    assert.equal(response.json().field, "boundary");
  });

  test("lists paginate and filter", async () => {
    const farm = await h.app.inject({
      method: "POST",
      url: "/api/v1/farms",
      headers: bearer(org.tokens.admin),
      payload: { name: "Second" },
    });
    for (const name of ["A", "B", "C"]) {
      await h.app.inject({
        method: "POST",
        url: "/api/v1/fields",
        headers: bearer(org.tokens.admin),
        payload: { farmId: farm.json().id, name, boundary: squareBoundary() },
      });
    }
    const page = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields?farmId=${farm.json().id}&limit=2&offset=1`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(page.statusCode, 200);
    assert.deepEqual(
      page.json().items.map((f: { name: string }) => f.name),
      ["B", "C"],
    );
    assert.equal(page.json().total, 3);
  });

  test("a fertilizer event without its nitrogen rate is refused naming the field", async () => {
    const fields = await h.app.inject({
      method: "GET",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.viewer),
    });
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/field-events",
      headers: bearer(org.tokens.agronomist),
      payload: { fieldId: fields.json().items[0].id, kind: "fertilizer_n", date: "2026-05-01" },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().field, "nitrogenLbPerAcre");
  });

  test("a second season for the same field and year is a conflict", async () => {
    const fields = await h.app.inject({
      method: "GET",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.viewer),
    });
    const payload = {
      fieldId: fields.json().items[0].id,
      year: 2026,
      hybrid: "P1197",
      gddToBlackLayerF: 2700,
      plantingDate: "2026-04-28",
    };
    const first = await h.app.inject({
      method: "POST",
      url: "/api/v1/seasons",
      headers: bearer(org.tokens.admin),
      payload,
    });
    assert.equal(first.statusCode, 201, first.body);
    const second = await h.app.inject({
      method: "POST",
      url: "/api/v1/seasons",
      headers: bearer(org.tokens.admin),
      payload,
    });
    assert.equal(second.statusCode, 409);
  });

  test("a deleted sensor disappears from lists and reads", async () => {
    const fields = await h.app.inject({
      method: "GET",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.viewer),
    });
    const sensor = await h.app.inject({
      method: "POST",
      url: "/api/v1/sensors",
      headers: bearer(org.tokens.admin),
      payload: { fieldId: fields.json().items[0].id, name: "Probe 1", kind: "soil_moisture", depthCm: 30 },
    });
    assert.equal(sensor.json().unit, "% vol");
    const id = sensor.json().id;
    assert.equal(
      (
        await h.app.inject({
          method: "DELETE",
          url: `/api/v1/sensors/${id}`,
          headers: bearer(org.tokens.admin),
        })
      ).statusCode,
      204,
    );
    assert.equal(
      (
        await h.app.inject({
          method: "GET",
          url: `/api/v1/sensors/${id}`,
          headers: bearer(org.tokens.viewer),
        })
      ).statusCode,
      404,
    );
  });
  test("a sensor's position is stored with both coordinates, refused half given, and cleared together", async () => {
    const fields = await h.app.inject({
      method: "GET",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.viewer),
    });
    const send = (method: "POST" | "PATCH", url: string, payload: object) =>
      h.app.inject({ method, url, headers: bearer(org.tokens.admin), payload });
    const base = { fieldId: fields.json().items[0].id, name: "Station", kind: "air_temperature" };
    const half = await send("POST", "/api/v1/sensors", { ...base, latitudeDeg: 42.01 });
    assert.equal(half.statusCode, 422, half.body);
    assert.equal(half.json().field, "longitudeDeg");
    const created = await send("POST", "/api/v1/sensors", {
      ...base,
      latitudeDeg: 42.01,
      longitudeDeg: -93.6,
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().latitudeDeg, 42.01);
    assert.equal(created.json().longitudeDeg, -93.6);
    const id = created.json().id;
    const halfUpdate = await send("PATCH", `/api/v1/sensors/${id}`, { longitudeDeg: -93.7 });
    assert.equal(halfUpdate.statusCode, 422, halfUpdate.body);
    const cleared = await send("PATCH", `/api/v1/sensors/${id}`, { latitudeDeg: null, longitudeDeg: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json().latitudeDeg, null);
    const outside = await send("POST", "/api/v1/sensors", { ...base, latitudeDeg: 95, longitudeDeg: 0 });
    assert.equal(outside.statusCode, 400, outside.body);
  });

  test("the map configuration says no basemap by default, to any signed-in role", async () => {
    const response = await h.app.inject({
      method: "GET",
      url: "/api/v1/map-config",
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { tiles: null });
    assert.equal((await h.app.inject({ method: "GET", url: "/api/v1/map-config" })).statusCode, 401);
  });
});
