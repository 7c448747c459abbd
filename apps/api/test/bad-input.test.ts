/**
 * Property: whatever a client sends to a write endpoint, the answer is a success or a 4xx problem+json
 * naming the field at fault, never a 5xx, and a refused request changes nothing in the database.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

const RUNS = 60;

/** Values that break types, ranges and formats: the shapes real bad clients send. */
const hostileValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "NaN",
    "1e999",
    "2026-13-45",
    "../../etc/passwd",
    "'; DROP TABLE farms; --",
    "\u0000",
  ),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** A valid body with some of its fields replaced, removed, or joined by unknown ones. */
function mutated(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc
    .record({
      replace: fc.subarray(keys, { minLength: 1 }),
      values: fc.array(hostileValue, { minLength: keys.length, maxLength: keys.length }),
      drop: fc.boolean(),
      extra: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), hostileValue), { nil: undefined }),
    })
    .map(({ replace, values, drop, extra }) => {
      const body: Record<string, unknown> = { ...valid };
      replace.forEach((key, i) => {
        if (drop && i === 0) delete body[key];
        else body[key] = values[i];
      });
      if (extra && !(extra[0] in valid)) body[extra[0]] = extra[1];
      return body;
    });
}

describe("bad input never breaks the API or changes data", () => {
  let h: Harness;
  let org: TestOrganization;
  let farmId: string;
  let fieldId: string;

  const snapshot = async () =>
    (
      await h.db.pool.query(
        `SELECT (SELECT count(*) FROM farms) AS farms, (SELECT count(*) FROM fields) AS fields,
                (SELECT count(*) FROM sensors) AS sensors, (SELECT count(*) FROM seasons) AS seasons,
                (SELECT count(*) FROM field_events) AS events, (SELECT count(*) FROM readings) AS readings,
                (SELECT count(*) FROM users) AS users, (SELECT max(updated_at) FROM farms) AS farm_change`,
      )
    ).rows[0];

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Fuzz");
    const farm = await h.app.inject({
      method: "POST",
      url: "/api/v1/farms",
      headers: bearer(org.tokens.admin),
      payload: { name: "Home", timezone: "America/Chicago" },
    });
    farmId = farm.json().id;
    const field = await h.app.inject({
      method: "POST",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.admin),
      payload: { farmId, name: "F", boundary: squareBoundary() },
    });
    fieldId = field.json().id;
  });
  after(() => h.close());

  const endpoints = () => [
    {
      url: "/api/v1/farms",
      method: "POST",
      valid: { name: "Farm", timezone: "America/Chicago", latitudeDeg: 42 },
    },
    { url: `/api/v1/farms/${farmId}`, method: "PATCH", valid: { name: "Renamed", latitudeDeg: 41.9 } },
    {
      url: "/api/v1/fields",
      method: "POST",
      valid: { farmId, name: "Field", boundary: squareBoundary(-93.5, 42.1) },
    },
    { url: "/api/v1/sensors", method: "POST", valid: { fieldId, name: "s", kind: "rain" } },
    {
      url: "/api/v1/seasons",
      method: "POST",
      valid: { fieldId, year: 2027, hybrid: "H", gddToBlackLayerF: 2600, plantingDate: "2027-05-01" },
    },
    {
      url: "/api/v1/field-events",
      method: "POST",
      valid: { fieldId, kind: "irrigation", date: "2026-07-01", irrigationMm: 25 },
    },
    {
      url: "/api/v1/users",
      method: "POST",
      valid: { email: "new@fuzz.test", name: "New", role: "viewer", password: "long-enough-password" },
    },
  ];

  test("hostile JSON bodies get a 4xx problem+json naming a field, and change nothing", async () => {
    for (const endpoint of endpoints()) {
      await fc.assert(
        fc.asyncProperty(mutated(endpoint.valid), async (body) => {
          const before = await snapshot();
          const response = await h.app.inject({
            method: endpoint.method as "POST",
            url: endpoint.url,
            headers: bearer(org.tokens.admin),
            payload: body,
          });
          assert.ok(response.statusCode < 500, `${endpoint.url} ${JSON.stringify(body)} -> ${response.body}`);
          if (response.statusCode >= 400) {
            assert.match(response.headers["content-type"] as string, /application\/problem\+json/);
            const problem = response.json();
            assert.equal(typeof problem.title, "string");
            assert.equal(typeof problem.field, "string", `no field named: ${response.body}`);
            assert.deepEqual(await snapshot(), before, `${endpoint.url} refused but changed data`);
          } else {
            // Accepted mutations are legitimate bodies; undo creations so later runs compare cleanly.
            const id = response.json().id;
            if (endpoint.method === "POST" && id)
              await h.app.inject({
                method: "DELETE",
                url: `${endpoint.url}/${id}`,
                headers: bearer(org.tokens.admin),
              });
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20_261_125) },
      );
    }
  });

  test("an unknown farm time zone is refused naming the field, on create and update, and changes nothing", async () => {
    const before = await snapshot();
    for (const [method, url] of [
      ["POST", "/api/v1/farms"],
      ["PATCH", `/api/v1/farms/${farmId}`],
    ] as const) {
      const response = await h.app.inject({
        method,
        url,
        headers: bearer(org.tokens.admin),
        payload: { name: "Mars base", timezone: "Mars/Olympus_Mons" },
      });
      assert.equal(response.statusCode, 400, `${method} ${url}`);
      assert.equal(response.headers["content-type"], "application/problem+json; charset=utf-8");
      assert.equal(response.json().field, "timezone");
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("bodies that are not JSON objects are refused with problem+json", async () => {
    for (const payload of ["", "null", "[]", "42", '"text"', "{", '{"name": }']) {
      const response = await h.app.inject({
        method: "POST",
        url: "/api/v1/farms",
        headers: { ...bearer(org.tokens.admin), "content-type": "application/json" },
        payload,
      });
      assert.equal(response.statusCode, 400, `${payload} -> ${response.statusCode}`);
      assert.match(response.headers["content-type"] as string, /application\/problem\+json/);
    }
  });
});
