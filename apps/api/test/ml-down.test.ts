/**
 * The api does not depend on ml being up: started with ML_URL pointing at a closed port it migrates, listens,
 * reports healthy and ready, serves fields, and a forecast says "unavailable" with the reason.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { hashPassword } from "@unicorn/credentials";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { type RunningApi, startApiServer } from "../src/server";
import { freePort, squareBoundary, testApiConfig } from "./harness";

/** A port with nothing listening on it: one that was free a moment ago. */
const closedPort = freePort;

describe("the api with ml down", () => {
  let db: TestDatabase;
  let server: RunningApi;
  let token: string;
  const YEAR = new Date().getUTCFullYear();

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    db = await createTestDatabase({ migrated: false });
    const config = testApiConfig(db.url, {
      HOST: "127.0.0.1",
      PORT: String(await closedPort()),
      ML_URL: `http://127.0.0.1:${await closedPort()}`,
      UNICORN_ML_TOKEN: "ml-down-test-token-0123456789",
    });
    const started = Date.now();
    server = await startApiServer(config, createLogger({ service: "api", level: "silent" }));
    assert.ok(Date.now() - started < 15_000, "start-up waited on ml");
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  test("/healthz and /readyz answer without ml", async () => {
    assert.equal((await call("GET", "/healthz")).status, 200);
    const ready = await call("GET", "/readyz");
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.equal(ready.body.status, "ready");
  });

  test("fields are served and a forecast says unavailable, naming the unreachable ml", async () => {
    const org = await db.pool.query<{ id: string }>(
      "INSERT INTO organizations (name) VALUES ('No ML') RETURNING id",
    );
    const password = "password-admin-ml-down";
    await db.pool.query(
      "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, $2, 'Admin', 'admin', $3)",
      [org.rows[0]!.id, "admin@noml.test", await hashPassword(password)],
    );
    const login = await call("POST", "/api/v1/auth/login", { email: "admin@noml.test", password });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    token = String(login.body.accessToken);

    const farm = await call("POST", "/api/v1/farms", { name: "Home", timezone: "America/Chicago" });
    const field = await call("POST", "/api/v1/fields", {
      farmId: farm.body.id,
      name: "Story",
      boundary: squareBoundary(),
      countyFips: "19169",
    });
    assert.equal(field.status, 201, JSON.stringify(field.body));
    await call("POST", "/api/v1/seasons", {
      fieldId: field.body.id,
      year: YEAR,
      hybrid: "H",
      gddToBlackLayerF: 2700,
      plantingDate: `${YEAR}-05-01`,
    });
    const air = await call("POST", "/api/v1/sensors", {
      fieldId: field.body.id,
      name: "air",
      kind: "air_temperature",
    });
    // 40 days of hourly air temperature: enough weather for the model's features, so ml is really asked.
    const readings = Array.from({ length: 24 * 40 }, (_, i) => ({
      sensorId: air.body.id,
      time: new Date(Date.parse(`${YEAR}-04-01T05:00:00Z`) + i * 3_600_000).toISOString(),
      value: 15,
    }));
    assert.equal((await call("POST", "/api/v1/readings", readings)).status, 200);

    const listed = await call("GET", "/api/v1/fields");
    assert.equal(listed.status, 200);
    const forecast = await call("GET", `/api/v1/fields/${field.body.id}/forecast`);
    assert.equal(forecast.status, 200, JSON.stringify(forecast.body));
    assert.equal(forecast.body.status, "unavailable");
    assert.match(String(forecast.body.reason), /not reachable/);
  });
});
