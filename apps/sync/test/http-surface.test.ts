/**
 * The sync service's own port (health, readiness, metrics, status) and the ingest service's health port answer
 * with the security headers every server of ours sends, refuse what the router cannot read as problem+json, and
 * serve nothing else.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLogger, createMetricsRegistry } from "@unicorn/observability";
import { assertSecurityHeaders } from "../../api/test/security-headers-assertions";
import { buildHealthApp } from "../../ingest-mqtt/src/app";
import { buildSyncHttp } from "../src/http";

const logger = createLogger({ service: "test", level: "silent" });

const apps = {
  sync: () =>
    buildSyncHttp({
      logger,
      registry: createMetricsRegistry("sync"),
      status: async () => ({
        siteId: "farm-1",
        online: false,
        lastSuccessAt: null,
        lastAttemptAt: null,
        lastError: null,
        lagSeconds: null,
        queued: [],
        conflicts: { open: 0, total: 0 },
        directions: [],
      }),
      localDatabaseUp: async () => true,
    }),
  "ingest-mqtt": () =>
    buildHealthApp({ logger, registry: createMetricsRegistry("ingest_mqtt"), brokerConnected: () => true }),
};

for (const [name, build] of Object.entries(apps))
  describe(`${name}: its HTTP port`, () => {
    const paths =
      name === "sync" ? ["/healthz", "/readyz", "/metrics", "/status"] : ["/healthz", "/readyz", "/metrics"];
    test("every answer carries the security headers, refusals are problem+json", async () => {
      const app = build();
      try {
        for (const url of [...paths, "/nowhere", "/%E0%A4%A"]) {
          const response = await app.inject({ method: "GET", url });
          assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
          assertSecurityHeaders(response.headers, `${name} ${url}`);
          if (response.statusCode >= 400)
            assert.match(String(response.headers["content-type"]), /^application\/problem\+json/, url);
        }
        for (const method of ["POST", "PUT", "DELETE"] as const)
          assert.equal((await app.inject({ method, url: "/status", payload: {} })).statusCode, 404, method);
      } finally {
        await app.close();
      }
    });
  });
