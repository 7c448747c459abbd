/**
 * The server every service of ours is built on keeps the shared conventions before any route is added: security
 * headers on every answer, failures as problem+json, strict bodies, the caller's request id, its metrics, and
 * the limits it is given.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLogger, createMetricsRegistry } from "@unicorn/observability";
import { Type } from "typebox";
import { assertSecurityHeaders } from "../../../apps/api/test/security-headers-assertions";
import { AppError } from "../src/app-error";
import { createHttpServer, type HttpServerOptions } from "../src/server";

class OutOfStock extends Error {}

function build(options: Partial<HttpServerOptions> = {}) {
  const app = createHttpServer({
    logger: createLogger({ service: "test", level: "silent" }),
    metrics: createMetricsRegistry("test"),
    ...options,
  });
  app.post(
    "/echo",
    { schema: { body: Type.Object({ value: Type.Number() }) } },
    async (request) => request.body,
  );
  app.get("/ip", async (request) => ({ ip: request.ip }));
  app.get("/stock", async () => {
    throw new OutOfStock("no seed left");
  });
  return app;
}

describe("createHttpServer", () => {
  test("routes, refusals, unknown paths and router refusals all carry the security headers", async () => {
    const app = build();
    try {
      const answers = [
        await app.inject({ method: "POST", url: "/echo", payload: { value: 1 } }),
        await app.inject({ method: "POST", url: "/echo", payload: { value: "12" } }),
        await app.inject({ method: "GET", url: "/nowhere" }),
        await app.inject({ method: "GET", url: "/%E0%A4%A" }),
        await app.inject({ method: "GET", url: "/metrics" }),
      ];
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        [200, 400, 404, 400, 200],
      );
      for (const answer of answers) assertSecurityHeaders(answer.headers, answer.raw.req.url ?? "");
      for (const answer of answers.slice(1, 4))
        assert.match(String(answer.headers["content-type"]), /^application\/problem\+json/);
    } finally {
      await app.close();
    }
  });

  test("a body field of the wrong type is refused by name, not coerced", async () => {
    const app = build();
    try {
      const answer = await app.inject({ method: "POST", url: "/echo", payload: { value: "12" } });
      assert.equal(answer.statusCode, 400);
      assert.equal(answer.json().field, "value");
    } finally {
      await app.close();
    }
  });

  test("the caller's request id is kept and echoed; a new one is made when it sent none", async () => {
    const app = build();
    try {
      const kept = await app.inject({
        method: "GET",
        url: "/metrics",
        headers: { "x-request-id": "abc-123" },
      });
      assert.equal(kept.headers["x-request-id"], "abc-123");
      const made = await app.inject({ method: "GET", url: "/metrics" });
      assert.match(String(made.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    } finally {
      await app.close();
    }
  });

  test("request durations are counted in the registry it serves", async () => {
    const metrics = createMetricsRegistry("test");
    const app = build({ metrics });
    try {
      await app.inject({ method: "POST", url: "/echo", payload: { value: 1 } });
      const text = (await app.inject({ method: "GET", url: "/metrics" })).body;
      assert.match(text, /http_request_duration_seconds_count\{[^}]*route="\/echo"[^}]*\} 1/);
    } finally {
      await app.close();
    }
  });

  test("an app's own failure is rendered through its translation; without one it is a 500", async () => {
    const translated = build({
      translate: (error) =>
        error instanceof OutOfStock ? new AppError(409, "conflict", error.message) : undefined,
    });
    const plain = build();
    try {
      const answer = await translated.inject({ method: "GET", url: "/stock" });
      assert.equal(answer.statusCode, 409);
      assert.equal(answer.json().detail, "no seed left");
      assert.equal((await plain.inject({ method: "GET", url: "/stock" })).statusCode, 500);
    } finally {
      await translated.close();
      await plain.close();
    }
  });

  test("the body limit, proxy trust and slow-client limits it is given reach the server", async () => {
    const app = build({
      bodyLimit: 16,
      trustProxy: "127.0.0.1",
      slowClients: { requestTimeoutMs: 9_000, headersTimeoutMs: 4_000, connectionTimeoutMs: 20_000 },
    });
    try {
      const tooLarge = await app.inject({ method: "POST", url: "/echo", payload: { value: 1234567890123 } });
      assert.equal(tooLarge.statusCode, 413);
      assert.equal(app.initialConfig.bodyLimit, 16);
      const forwarded = { "x-forwarded-for": "203.0.113.7" };
      const proxied = await app.inject({ method: "GET", url: "/ip", headers: forwarded });
      assert.equal(proxied.json().ip, "203.0.113.7");
      // What Node's server itself enforces: it answers 408 and closes past these.
      assert.equal(app.server.requestTimeout, 9_000);
      assert.equal(app.server.headersTimeout, 4_000);
      assert.equal(app.server.timeout, 20_000);
    } finally {
      await app.close();
    }
    // Unset, Fastify's defaults stand: 1 MiB bodies, no proxy believed.
    const plain = build();
    try {
      assert.equal(plain.initialConfig.bodyLimit, 1024 * 1024);
      const direct = await plain.inject({
        method: "GET",
        url: "/ip",
        headers: { "x-forwarded-for": "203.0.113.7" },
      });
      assert.equal(direct.json().ip, "127.0.0.1");
    } finally {
      await plain.close();
    }
  });
});
