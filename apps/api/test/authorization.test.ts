/**
 * Who may call what, for every route the API documents: an explicit table written from the product's
 * rules (not read back from the routes), and a check that no documented route is missing from it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

type Need = "public" | "read" | "write" | "ingest" | "acknowledge" | "admin";
type Caller = "admin" | "agronomist" | "viewer" | "device";

/** What each caller may do, as the README's roles table states it. */
const ALLOWED: Record<Caller, Need[]> = {
  admin: ["read", "write", "ingest", "acknowledge", "admin"],
  agronomist: ["read", "write", "ingest", "acknowledge"],
  viewer: ["read"],
  device: ["ingest"],
};

const RESOURCES = ["farms", "fields", "seasons", "sensors", "field-events"];

/** The rule for each documented route, by "METHOD path". */
function expectedNeed(method: string, path: string): Need | undefined {
  const key = `${method} ${path}`;
  const fixed: Record<string, Need> = {
    "POST /api/v1/auth/login": "public",
    "POST /api/v1/auth/refresh": "public",
    "POST /api/v1/auth/logout": "public",
    "POST /api/v1/auth/logout-all": "read",
    "POST /api/v1/stream/tickets": "read",
    "GET /api/v1/me": "read",
    "POST /api/v1/me/password": "read",
    "GET /api/v1/users": "admin",
    "POST /api/v1/users": "admin",
    "PATCH /api/v1/users/{id}": "admin",
    "DELETE /api/v1/users/{id}": "admin",
    "POST /api/v1/users/{id}/unlock": "admin",
    "GET /api/v1/audit-events": "admin",
    "GET /api/v1/api-keys": "admin",
    "POST /api/v1/api-keys": "admin",
    "DELETE /api/v1/api-keys/{id}": "admin",
    "GET /api/v1/gateways": "read",
    "POST /api/v1/gateways": "admin",
    "POST /api/v1/gateways/{gatewayId}/credential": "admin",
    "DELETE /api/v1/gateways/{gatewayId}/credential": "admin",
    "GET /api/v1/gateways/{gatewayId}/devices": "read",
    "POST /api/v1/gateways/{gatewayId}/devices": "admin",
    "POST /api/v1/readings": "ingest",
    "POST /api/v1/readings/csv": "ingest",
    "GET /api/v1/readings": "read",
    "GET /api/v1/readings/latest": "read",
    "GET /api/v1/readings/columns": "read",
    "GET /api/v1/fields/{id}/weather/daily": "read",
    "GET /api/v1/fields/{id}/agronomy": "read",
    "GET /api/v1/fields/{id}/nitrogen/strip-trial": "read",
    "GET /api/v1/fields/{id}/et0/hourly": "read",
    "GET /api/v1/fields/{id}/forecast": "read",
    "GET /api/v1/fields/{id}/irrigation-system": "read",
    "PUT /api/v1/fields/{id}/irrigation-system": "write",
    "DELETE /api/v1/fields/{id}/irrigation-system": "write",
    "GET /api/v1/alerts": "read",
    "POST /api/v1/alerts/{id}/acknowledge": "acknowledge",
    "GET /api/v1/stream": "read",
    "POST /api/v1/users/{id}/password-reset": "admin",
    "GET /api/v1/observations": "read",
    "GET /api/v1/observations/{id}": "read",
    "GET /api/v1/observations/{id}/photo": "read",
    "PUT /api/v1/observations/{id}": "write",
    "DELETE /api/v1/observations/{id}": "write",
    "POST /api/v1/boundary-imports": "write",
    "GET /api/v1/map-config": "read",
    "GET /api/v1/exports/readings.csv": "read",
    "GET /api/v1/exports/field-events.csv": "read",
    "GET /api/v1/exports/seasons.csv": "read",
    "GET /api/v1/exports/fields.geojson": "read",
    "GET /api/v1/farms/{farmId}/agronomy.csv": "read",
    "GET /api/v1/farms/{farmId}/field-summaries": "read",
    "GET /api/v1/sync/status": "read",
    // Agronomists and admins see conflicts (they make the edits that collide); only admins decide them.
    "GET /api/v1/sync/conflicts": "write",
    "POST /api/v1/sync/conflicts/{id}/reapply": "admin",
    "POST /api/v1/sync/conflicts/{id}/dismiss": "admin",
  };
  if (fixed[key]) return fixed[key];
  // Calculators are what-if tools for anyone signed in; they store nothing.
  if (method === "POST" && path.startsWith("/api/v1/calc/")) return "read";
  for (const resource of RESOURCES) {
    if (path === `/api/v1/${resource}` || path === `/api/v1/${resource}/{id}`)
      return method === "GET" ? "read" : "write";
  }
  return undefined;
}

const SOME_ID = "00000000-0000-4000-8000-000000000001";

describe("authorization matrix", () => {
  let h: Harness;
  let org: TestOrganization;
  let deviceKey: string;
  let routes: { method: string; path: string }[];

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Matrix");
    const key = await h.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: bearer(org.tokens.admin),
      payload: { name: "probe" },
    });
    deviceKey = key.json().key;
    const spec = (
      h.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }
    ).swagger();
    routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  after(() => h.close());

  const credentials = (caller: Caller): Record<string, string> =>
    caller === "device" ? { "x-api-key": deviceKey } : bearer(org.tokens[caller]);
  const call = (method: string, path: string, headers: Record<string, string> = {}) =>
    h.app.inject({
      method: method as "GET",
      url: path.replace("{id}", SOME_ID),
      headers,
      ...(method === "GET" || method === "DELETE" ? {} : { payload: {} }),
    });

  test("every documented route has a rule in this table", () => {
    assert.ok(routes.length > 20, `only ${routes.length} routes documented`);
    const missing = routes.filter((r) => !expectedNeed(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(missing, [], "routes without an authorization rule");
  });

  test("without credentials only health, readiness, metrics and login-type routes answer", async () => {
    for (const url of ["/healthz", "/readyz", "/metrics"]) {
      assert.notEqual((await h.app.inject({ method: "GET", url })).statusCode, 401, url);
    }
    for (const { method, path } of routes) {
      if (expectedNeed(method, path) === "public") continue;
      const response = await call(method, path);
      assert.equal(response.statusCode, 401, `${method} ${path} without credentials`);
      assert.match(response.headers["content-type"] as string, /application\/problem\+json/);
    }
  });

  test("a forged or revoked credential is refused", async () => {
    const forged = await call("GET", "/api/v1/farms", bearer(`${org.tokens.admin.slice(0, -4)}AAAA`));
    assert.equal(forged.statusCode, 401);
    const key = await h.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: bearer(org.tokens.admin),
      payload: { name: "to revoke" },
    });
    const revoke = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/api-keys/${key.json().id}`,
      headers: bearer(org.tokens.admin),
    });
    assert.ok(revoke.statusCode < 300, revoke.body);
    // The key cache may hold a key for at most 10 s; a fresh key is never cached, so this is immediate.
    const after = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: { "x-api-key": key.json().key },
      payload: [],
    });
    assert.equal(after.statusCode, 401);
  });

  for (const caller of ["admin", "agronomist", "viewer", "device"] as Caller[]) {
    test(`${caller}: allowed routes pass the role check, the others are 403`, async () => {
      for (const { method, path } of routes) {
        const need = expectedNeed(method, path)!;
        if (need === "public" || path === "/api/v1/auth/logout") continue;
        if (path === "/api/v1/auth/logout-all") continue; // would end the caller's session: sessions.test.ts
        if (path === "/api/v1/stream") continue; // an open event stream: covered in stream.test.ts
        const response = await call(method, path, credentials(caller));
        if (ALLOWED[caller].includes(need)) {
          assert.ok(
            ![401, 403].includes(response.statusCode),
            `${caller} ${method} ${path} should be allowed, got ${response.statusCode} ${response.body}`,
          );
        } else {
          assert.equal(response.statusCode, 403, `${caller} ${method} ${path} should be forbidden`);
        }
      }
    });
  }
});

describe("tenancy", () => {
  let h: Harness;
  let a: TestOrganization;
  let b: TestOrganization;
  const ids: Record<string, string> = {};

  before(async () => {
    h = await startHarness();
    a = await h.createOrganization("Alpha");
    b = await h.createOrganization("Bravo");
    const post = async (path: string, payload: object) => {
      const response = await h.app.inject({
        method: "POST",
        url: path,
        headers: bearer(a.tokens.admin),
        payload,
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as string;
    };
    ids.farms = await post("/api/v1/farms", { name: "Alpha home" });
    ids.fields = await post("/api/v1/fields", { farmId: ids.farms, name: "A1", boundary: squareBoundary() });
    ids.sensors = await post("/api/v1/sensors", {
      fieldId: ids.fields,
      name: "probe",
      kind: "soil_moisture",
    });
    ids.seasons = await post("/api/v1/seasons", {
      fieldId: ids.fields,
      year: 2026,
      hybrid: "P1197",
      gddToBlackLayerF: 2700,
      plantingDate: "2026-05-01",
    });
  });
  after(() => h.close());

  test("organization B cannot see, change or delete A's rows, nor attach rows to them", async () => {
    for (const resource of ["farms", "fields", "sensors", "seasons"]) {
      const url = `/api/v1/${resource}/${ids[resource]}`;
      const read = await h.app.inject({ method: "GET", url, headers: bearer(b.tokens.admin) });
      assert.equal(read.statusCode, 404, `GET ${url}`);
      const list = await h.app.inject({
        method: "GET",
        url: `/api/v1/${resource}`,
        headers: bearer(b.tokens.admin),
      });
      assert.equal(list.json().total, 0, `B lists A's ${resource}`);
      const patch = await h.app.inject({
        method: "PATCH",
        url,
        headers: bearer(b.tokens.admin),
        payload: { name: "taken over" },
      });
      assert.ok([404, 400].includes(patch.statusCode), `PATCH ${url}: ${patch.statusCode}`);
      const remove = await h.app.inject({ method: "DELETE", url, headers: bearer(b.tokens.admin) });
      assert.equal(remove.statusCode, 404, `DELETE ${url}`);
    }
    const field = await h.app.inject({
      method: "POST",
      url: "/api/v1/fields",
      headers: bearer(b.tokens.admin),
      payload: { farmId: ids.farms, name: "Into A's farm", boundary: squareBoundary() },
    });
    assert.ok([404, 422].includes(field.statusCode), `B created a field on A's farm: ${field.statusCode}`);
    assert.equal(field.json().field, "farmId");

    const reading = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(b.tokens.admin),
      payload: [{ sensorId: ids.sensors, time: "2026-06-01T00:00:00Z", value: 30 }],
    });
    assert.equal(reading.statusCode, 422);
    assert.equal(reading.json().field, "readings[0].sensorId");

    const still = await h.app.inject({
      method: "GET",
      url: `/api/v1/farms/${ids.farms}`,
      headers: bearer(a.tokens.viewer),
    });
    assert.equal(still.json().name, "Alpha home");
  });
});
