import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { type Api, buildApi } from "../src/app";
import { loadApiConfig } from "../src/config";

describe("logs and metrics", () => {
  let db: TestDatabase;
  let api: Api;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    db = await createTestDatabase();
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const config = loadApiConfig({ DATABASE_URL: db.url, UNICORN_MODE: "test" });
    api = await buildApi({
      config,
      pool: db.pool,
      logger: createLogger({ service: "api", level: "info", destination }),
    });
    await api.app.ready();
  });
  after(async () => {
    await api.close();
    await db.drop();
  });

  test("a caller's x-request-id is echoed and appears on the request's ECS log lines", async () => {
    const response = await api.app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "trace-abc-123" },
    });
    assert.equal(response.headers["x-request-id"], "trace-abc-123");
    const mine = lines.filter((line) => JSON.stringify(line).includes("trace-abc-123"));
    assert.ok(mine.length >= 1, "no log line carries the request id");
    for (const line of mine) {
      assert.ok(typeof line["@timestamp"] === "string");
      assert.ok(typeof line["log.level"] === "string");
      assert.ok(typeof line["ecs.version"] === "string");
      assert.deepEqual(line.service, { name: "api" });
    }
  });

  test("a request without an id gets a generated one; an unsafe id is replaced", async () => {
    const generated = await api.app.inject({ method: "GET", url: "/healthz" });
    assert.match(String(generated.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    const unsafe = await api.app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "bad id\nwith newline" },
    });
    assert.notEqual(unsafe.headers["x-request-id"], "bad id\nwith newline");
  });

  test("credentials never reach the log", async () => {
    await api.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { authorization: "Bearer secret-token-value" },
      payload: { email: "nobody@example.test", password: "hunter2-password" },
    });
    const all = JSON.stringify(lines);
    assert.ok(!all.includes("secret-token-value"));
    assert.ok(!all.includes("hunter2-password"));
  });

  test("a live-stream ticket in the query string never reaches the log", async () => {
    const response = await api.app.inject({
      method: "GET",
      url: "/api/v1/stream?ticket=query-token-value&x=1",
      headers: { "x-request-id": "stream-token-probe" },
    });
    assert.equal(response.statusCode, 401);
    const all = JSON.stringify(lines);
    assert.ok(all.includes("stream-token-probe"), "the request was not logged at all");
    assert.ok(!all.includes("query-token-value"), "the query token was logged");
  });

  test("/metrics exports the HTTP histogram by method, route and status, and the ingestion and pool metrics", async () => {
    await api.app.inject({ method: "GET", url: "/api/v1/farms" });
    const metrics = (await api.app.inject({ method: "GET", url: "/metrics" })).body;
    assert.match(
      metrics,
      /http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/api\/v1\/farms"[^}]*status_code="401"/,
    );
    for (const name of [
      "unicorn_readings_ingested_total",
      "unicorn_ingest_batch_size",
      "unicorn_ingest_errors_total",
      "unicorn_db_pool_connections",
      "unicorn_stream_clients",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      assert.ok(metrics.includes(`# TYPE ${name} `), `missing metric ${name}`);
    }
    assert.match(metrics, /unicorn_db_pool_connections\{state="idle"/);
  });
});
