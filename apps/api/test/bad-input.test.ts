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

/** A valid text body cut, spliced with hostile text, or replaced: what a broken exporter or an attacker sends. */
function mutatedText(valid: string) {
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .tuple(fc.nat({ max: valid.length }), fc.nat({ max: valid.length }), fc.string({ maxLength: 40 }))
      .map(
        ([from, to, inserted]) =>
          valid.slice(0, Math.min(from, to)) + inserted + valid.slice(Math.max(from, to)),
      ),
    fc.constantFrom("", "\u0000", "a,b\n1", '"unterminated', `\ufeff${valid}`, valid.replaceAll("\n", "\r")),
  );
}

const FC_SEED = Number(process.env.FC_SEED ?? 20_261_125);
const SOME_ID = "00000000-0000-4000-8000-000000000001";

/**
 * Write routes not sent hostile bodies here: the session routes, whose acceptance would end the session the
 * fuzz signs in with (sessions.test.ts and throttling.test.ts attack those).
 */
const NOT_FUZZED = new Set([
  "POST /api/v1/auth/login",
  "POST /api/v1/auth/refresh",
  "POST /api/v1/auth/logout",
  "POST /api/v1/auth/logout-all",
]);

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
                (SELECT count(*) FROM users) AS users, (SELECT max(updated_at) FROM farms) AS farm_change,
                (SELECT count(*) FROM api_keys) AS api_keys, (SELECT count(*) FROM gateways) AS gateways,
                (SELECT count(*) FROM gateway_devices) AS devices,
                (SELECT count(*) FROM irrigation_systems) AS irrigation_systems,
                (SELECT count(*) FROM observations) AS observations,
                (SELECT max(updated_at) FROM irrigation_systems) AS irrigation_change`,
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
    target.gateway = (await created("/api/v1/gateways", { name: "fuzz gateway" })).gateway.id;
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

  const tried: Record<Caller, number> = { admin: 0, agronomist: 0, viewer: 0, device: 0 };
  const statuses = new Map<number, number>();

  /**
   * Sends one case and checks the property: never a 5xx; a refusal is problem+json, names the field when the
   * input was invalid, and changes nothing.
   */
  const checkedCall = async (
    caller: Caller,
    method: "POST" | "PATCH" | "PUT",
    url: string,
    { payload, contentType, what }: { payload?: object | string; contentType?: string; what: string },
  ) => {
    tried[caller] += 1;
    const before = await snapshot();
    const described = `${caller} ${method} ${url} ${what}`;
    const response = await h.app.inject({
      method,
      url,
      headers: { ...headersOf(caller), ...(contentType ? { "content-type": contentType } : {}) },
      ...(payload === undefined ? {} : { payload }),
    });
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    assert.ok(response.statusCode < 500, `${described} -> ${response.body}`);
    if (response.statusCode >= 400) {
      assert.match(response.headers["content-type"] as string, /application\/problem\+json/, described);
      const problem = response.json();
      assert.equal(typeof problem.title, "string");
      // Invalid input names the field at fault; a refusal of the caller (401/403) or a conflict need not.
      if (response.statusCode === 400 || response.statusCode === 422)
        assert.equal(typeof problem.field, "string", `no field named: ${described} -> ${response.body}`);
      assert.deepEqual(await snapshot(), before, `${described} refused but changed data`);
    }
    return response;
  };

  /** Every endpoint that writes data, with a body it accepts (from an admin). */
  const endpoints = (): Array<{
    url: string;
    method: "POST" | "PATCH" | "PUT";
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
    // Always refused (wrong current password): an accepted change would end the caller's own session.
    {
      url: "/api/v1/me/password",
      method: "POST",
      valid: { currentPassword: "not-the-password", newPassword: "another-long-password" },
    },
    { url: "/api/v1/gateways", method: "POST", valid: { name: "gateway", network: "chirpstack" } },
    {
      url: `/api/v1/fields/${fieldId}/irrigation-system`,
      method: "PUT",
      valid: { kind: "center_pivot", capacityMmPerDay: 12.7, efficiency: 0.85 },
    },
    {
      url: "/api/v1/observations/00000000-0000-4000-8000-00000000f022",
      method: "PUT",
      valid: { fieldId, observedAt: "2026-07-01T12:00:00Z", note: "rootworm beetles", growthStage: "V6" },
    },
    {
      url: "/api/v1/boundary-imports",
      method: "POST",
      valid: {
        fileName: "field.geojson",
        contentBase64: Buffer.from(JSON.stringify(squareBoundary())).toString("base64"),
      },
    },
    {
      url: "/api/v1/calc/gdd",
      method: "POST",
      valid: { unit: "F", days: [{ date: "2026-05-01", tmax: 90, tmin: 45 }], gddToBlackLayer: 2700 },
    },
    {
      url: "/api/v1/calc/et0",
      method: "POST",
      valid: {
        date: "2026-07-06",
        latitudeDeg: 50.8,
        elevationM: 100,
        tmaxC: 21.5,
        tminC: 12.3,
        rhMaxPct: 84,
        rhMinPct: 63,
        windSpeedMs: 2.778,
        windHeightM: 10,
        sunshineHours: 9.25,
      },
    },
    {
      url: "/api/v1/calc/et0-hourly",
      method: "POST",
      valid: {
        date: "2026-10-01",
        latitudeDeg: 16.2,
        longitudeDeg: -16.25,
        utcOffsetHours: -1,
        elevationM: 8,
        hours: [{ hour: 14, tempC: 38, rhPct: 52, u2Ms: 3.3, solarRadiationMJ: 2.45 }],
      },
    },
    {
      url: "/api/v1/calc/soil-heat-flux",
      method: "POST",
      valid: { step: "monthly", previousMonthC: 14.1, thisMonthC: 16.1, nextMonthC: 18.8 },
    },
    {
      url: "/api/v1/calc/crop-calendar",
      method: "POST",
      valid: { plantingDate: "2026-05-01", gddToBlackLayerF: 2700 },
    },
    {
      url: "/api/v1/calc/frost-loss",
      method: "POST",
      valid: {
        gddSincePlantingF: 2450,
        gddToBlackLayerF: 2700,
        damage: "leaves-only",
        leafLossPct: 50,
        expectedYieldBuPerAcre: 200,
        cornPricePerBu: 4,
      },
    },
    {
      url: "/api/v1/calc/nitrogen",
      method: "POST",
      valid: {
        response: { intercept: 160, linear: 0.45, quadratic: -0.00125 },
        nitrogenPricePerLb: 0.5,
        cornPricePerBu: 5,
        appliedLbPerAcre: 50,
      },
    },
    {
      url: "/api/v1/calc/nitrogen/strip-trial",
      method: "POST",
      valid: {
        csv: "n_rate,yield\n0,120\n40,150\n80,170\n120,180\n160,181\n200,180\n",
        previousCrop: "soybean",
        nitrogenPricePerLb: 0.35,
        cornPricePerBu: 3.5,
      },
    },
    {
      url: "/api/v1/calc/seeding-rate",
      method: "POST",
      valid: {
        response: { intercept: 80, linear: 6.5, quadratic: -0.09 },
        seedPricePerThousand: 4,
        cornPricePerBu: 4.5,
      },
    },
    {
      url: "/api/v1/calc/water-balance",
      method: "POST",
      valid: {
        soil: { awcMmPerM: 200, rootDepthM: 1 },
        stages: {
          planting: "2026-05-01",
          developmentStart: "2026-05-26",
          midSeasonStart: "2026-07-05",
          lateSeasonStart: "2026-08-24",
          harvest: "2026-09-23",
        },
        days: [{ date: "2026-05-05", et0Mm: 5 }],
        kcMethod: "dual",
        evaporation: { tewMm: 20, rewMm: 8 },
      },
    },
  ];

  /** Write endpoints whose body is text (CSV), with a valid body the hostile ones are cut from. */
  const textEndpoints = (): Array<{ url: string; valid: string }> => [
    {
      url: "/api/v1/readings/csv",
      valid: `sensor_id,time,value\n${target.sensor},2026-07-01T12:00:00Z,21.5\n`,
    },
    {
      url: `/api/v1/gateways/${target.gateway}/devices`,
      valid: `device_eui,name,field_id,decoder,kind\nprobe-1,Probe,${fieldId},direct,rain\n`,
    },
  ];

  /** Write endpoints without a body: only the caller and the id vary. */
  const bodilessEndpoints = (): string[] => [
    `/api/v1/users/${target.user}/unlock`,
    `/api/v1/users/${target.user}/password-reset`,
    `/api/v1/gateways/${target.gateway}/credential`,
    "/api/v1/stream/tickets",
    "/api/v1/alerts/{id}/acknowledge",
    "/api/v1/sync/conflicts/{id}/reapply",
    "/api/v1/sync/conflicts/{id}/dismiss",
  ];

  test("hostile JSON bodies, from every role, get a 4xx problem+json (naming a field when invalid) and change nothing", async () => {
    for (const endpoint of endpoints())
      for (const caller of CALLERS)
        await fc.assert(
          fc.asyncProperty(mutated(endpoint.valid), async (body) => {
            const response = await checkedCall(caller, endpoint.method, endpoint.url, {
              payload: (endpoint.wrap ? endpoint.wrap(body) : body) as object,
              what: JSON.stringify(body),
            });
            if (response.statusCode < 400) {
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
          { numRuns: RUNS[caller], seed: FC_SEED },
        );
    for (const endpoint of textEndpoints())
      for (const caller of CALLERS)
        await fc.assert(
          fc.asyncProperty(mutatedText(endpoint.valid), async (text) => {
            await checkedCall(caller, "POST", endpoint.url, {
              payload: text,
              contentType: "text/csv",
              what: JSON.stringify(text),
            });
          }),
          { numRuns: RUNS[caller], seed: FC_SEED },
        );
    for (const url of bodilessEndpoints())
      for (const caller of CALLERS)
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(SOME_ID, "not-a-uuid", "0", "%00", "a".repeat(300)),
            async (id) => {
              await checkedCall(caller, "POST", url.replace("{id}", id), { what: "(no body)" });
            },
          ),
          { numRuns: Math.min(RUNS[caller], 5), seed: FC_SEED },
        );
    const endpointCount = endpoints().length + textEndpoints().length + bodilessEndpoints().length;
    const total = Object.values(tried).reduce((sum, n) => sum + n, 0);
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    console.log(
      `bad-input fuzz (seed ${FC_SEED}): ${total} cases over ${endpointCount} write endpoints (${CALLERS.map((c) => `${c} ${tried[c]}`).join(", ")}); answers ${byStatus.join(", ")}`,
    );
    // Each caller must have been refused at least once and the admin accepted at least once: the roles are real.
    assert.ok((statuses.get(403) ?? 0) > 0 && [200, 201, 207].some((s) => statuses.has(s)));
    // Every documented write route is exercised (or named here with the reason it is not).
    const spec = (
      h.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }
    ).swagger();
    const exercised = new Set(
      [
        ...endpoints(),
        ...textEndpoints().map((e) => ({ ...e, method: "POST" })),
        ...bodilessEndpoints().map((url) => ({ url, method: "POST" })),
      ].map(
        ({ method, url }) =>
          `${method} ${url.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\{id\}/g, "{id}")}`,
      ),
    );
    const unexercised = Object.entries(spec.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((route) => /^(POST|PUT|PATCH) /.test(route) && !NOT_FUZZED.has(route))
      .map((route) => route.replace(/\{[a-zA-Z]+\}/g, "{id}"))
      .filter((route) => !exercised.has(route));
    assert.deepEqual(unexercised, [], "write routes the fuzz does not send to");
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
