/**
 * Property: whatever a client sends to a write endpoint, the answer is a success or a 4xx problem+json
 * naming the field at fault, never a 5xx, and a refused request changes nothing in the database.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

/**
 * Cases per endpoint and caller. An admin reaches the validators and services, so it gets the most runs; the
 * others are mostly refused by permission before validation, which a few runs per endpoint establish.
 */
const RUNS: Record<Caller, number> = { admin: 30, agronomist: 12, viewer: 4, device: 4 };
type Caller = "admin" | "agronomist" | "viewer" | "device";
const CALLERS = Object.keys(RUNS) as Caller[];

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
  let deviceKey: string;
  /** Existing rows the PATCH endpoints rewrite. */
  const target: Record<string, string> = {};

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
    const created = async (url: string, payload: Record<string, unknown>) => {
      const response = await h.app.inject({
        method: "POST",
        url,
        headers: bearer(org.tokens.admin),
        payload,
      });
      assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
      return response.json();
    };
    deviceKey = (await created("/api/v1/api-keys", { name: "fuzz gateway" })).key;
    target.sensor = (await created("/api/v1/sensors", { fieldId, name: "t", kind: "air_temperature" })).id;
    target.season = (
      await created("/api/v1/seasons", {
        fieldId,
        year: 2026,
        hybrid: "H",
        gddToBlackLayerF: 2600,
        plantingDate: "2026-05-01",
      })
    ).id;
    target.event = (
      await created("/api/v1/field-events", {
        fieldId,
        kind: "irrigation",
        date: "2026-07-01",
        irrigationMm: 5,
      })
    ).id;
    target.user = (
      await created("/api/v1/users", {
        email: "target@fuzz.test",
        name: "Target",
        role: "viewer",
        password: "long-enough-password",
      })
    ).id;
  });
  after(() => h.close());

  const headersOf = (caller: Caller): Record<string, string> =>
    caller === "device" ? { "x-api-key": deviceKey } : bearer(org.tokens[caller]);

  /** Every endpoint that writes data, with a body it accepts (from an admin). */
  const endpoints = (): Array<{
    url: string;
    method: "POST" | "PATCH";
    valid: Record<string, unknown>;
    /** Puts the mutated object where the endpoint reads it (readings come in batches). */
    wrap?: (body: Record<string, unknown>) => unknown;
  }> => [
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
    {
      url: `/api/v1/fields/${fieldId}`,
      method: "PATCH",
      valid: { name: "F2", boundary: squareBoundary(-93.6, 42.0) },
    },
    { url: "/api/v1/sensors", method: "POST", valid: { fieldId, name: "s", kind: "rain" } },
    { url: `/api/v1/sensors/${target.sensor}`, method: "PATCH", valid: { name: "t2", fieldId } },
    {
      url: "/api/v1/seasons",
      method: "POST",
      valid: { fieldId, year: 2027, hybrid: "H", gddToBlackLayerF: 2600, plantingDate: "2027-05-01" },
    },
    {
      url: `/api/v1/seasons/${target.season}`,
      method: "PATCH",
      valid: { hybrid: "H2", gddToBlackLayerF: 2650 },
    },
    {
      url: "/api/v1/field-events",
      method: "POST",
      valid: { fieldId, kind: "irrigation", date: "2026-07-01", irrigationMm: 25 },
    },
    { url: `/api/v1/field-events/${target.event}`, method: "PATCH", valid: { irrigationMm: 30 } },
    {
      url: "/api/v1/users",
      method: "POST",
      valid: { email: "new@fuzz.test", name: "New", role: "viewer", password: "long-enough-password" },
    },
    { url: `/api/v1/users/${target.user}`, method: "PATCH", valid: { name: "Renamed", role: "agronomist" } },
    { url: "/api/v1/api-keys", method: "POST", valid: { name: "gateway" } },
    {
      url: "/api/v1/readings",
      method: "POST",
      valid: { sensorId: target.sensor, time: "2026-07-01T12:00:00Z", value: 21.5 },
      wrap: (reading) => [reading],
    },
  ];

  test("hostile JSON bodies, from every role, get a 4xx problem+json (naming a field when invalid) and change nothing", async () => {
    const tried: Record<Caller, number> = { admin: 0, agronomist: 0, viewer: 0, device: 0 };
    const statuses = new Map<number, number>();
    for (const endpoint of endpoints())
      for (const caller of CALLERS)
        await fc.assert(
          fc.asyncProperty(mutated(endpoint.valid), async (body) => {
            tried[caller] += 1;
            const before = await snapshot();
            const what = `${caller} ${endpoint.method} ${endpoint.url} ${JSON.stringify(body)}`;
            const response = await h.app.inject({
              method: endpoint.method,
              url: endpoint.url,
              headers: headersOf(caller),
              payload: (endpoint.wrap ? endpoint.wrap(body) : body) as object,
            });
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            assert.ok(response.statusCode < 500, `${what} -> ${response.body}`);
            if (response.statusCode >= 400) {
              assert.match(response.headers["content-type"] as string, /application\/problem\+json/, what);
              const problem = response.json();
              assert.equal(typeof problem.title, "string");
              // Invalid input names the field at fault; a refusal of the caller (401/403) or a conflict need not.
              if (response.statusCode === 400 || response.statusCode === 422)
                assert.equal(typeof problem.field, "string", `no field named: ${what} -> ${response.body}`);
              assert.deepEqual(await snapshot(), before, `${what} refused but changed data`);
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
          { numRuns: RUNS[caller], seed: Number(process.env.FC_SEED ?? 20_261_125) },
        );
    const total = Object.values(tried).reduce((sum, n) => sum + n, 0);
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    console.log(
      `bad-input fuzz: ${total} cases over ${endpoints().length} write endpoints (${CALLERS.map((c) => `${c} ${tried[c]}`).join(", ")}); answers ${byStatus.join(", ")}`,
    );
    // Each caller must have been refused at least once and the admin accepted at least once: the roles are real.
    assert.ok((statuses.get(403) ?? 0) > 0 && [200, 201, 207].some((s) => statuses.has(s)));
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
