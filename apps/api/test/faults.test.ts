import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPool, type RunningPostgres, startEmbeddedPostgres } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { loadApiConfig } from "../src/config";
import { type RunningApi, startApiServer } from "../src/server";
import {
  createSensorWithKey,
  freePort,
  type Harness,
  squareBoundary,
  startHarness,
  type TestOrganization,
} from "./harness";
import { collectSse } from "./sse-client";

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const ready = (base: string) => async () => (await fetch(`${base}/readyz`)).status === 200;

describe("faults lose no acknowledged reading", () => {
  let h: Harness;
  let org: TestOrganization;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Faults");
  });
  after(() => h.close());

  test("the API process killed with SIGKILL mid-ingestion keeps every acknowledged reading", async () => {
    const { sensorId, key } = await createSensorWithKey(h, org, "soil_moisture");
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: h.db.url,
        PORT: String(port),
        HOST: "127.0.0.1",
        UNICORN_MODE: "test",
        LOG_LEVEL: "error",
      },
      stdio: "ignore",
    });
    try {
      await waitFor(ready(base), 30_000, "the API process to become ready");
      const acknowledged: number[] = [];
      const batchSize = 500;
      let batch = 0;
      let killed = false;
      // Two clients post distinct batches back to back; the process is killed after the 20th acknowledgement.
      const client = async () => {
        for (let attempts = 0; attempts < 400; attempts++) {
          const mine = batch++;
          const start = Date.UTC(2026, 5, 1) + mine * batchSize * 60_000;
          const body = Array.from({ length: batchSize }, (_, i) => ({
            sensorId,
            time: new Date(start + i * 60_000).toISOString(),
            value: 20 + (i % 10),
          }));
          try {
            const response = await fetch(`${base}/api/v1/readings`, {
              method: "POST",
              headers: { "content-type": "application/json", "x-api-key": key },
              body: JSON.stringify(body),
            });
            if (response.status !== 200) return;
            acknowledged.push(mine);
            if (acknowledged.length === 20 && !killed) {
              killed = true;
              child.kill("SIGKILL");
            }
          } catch {
            return;
          }
        }
      };
      await Promise.all([client(), client()]);
      assert.ok(killed, "the process was never killed");
      assert.ok(acknowledged.length >= 20);

      const stored = await h.db.pool.query<{ bucket: number; n: number }>(
        `SELECT floor(extract(epoch FROM time - '2026-06-01T00:00:00Z') / 60 / $2)::int AS bucket, count(*)::int AS n
         FROM readings WHERE sensor_id = $1 GROUP BY 1`,
        [sensorId, batchSize],
      );
      const counts = new Map(stored.rows.map((row) => [row.bucket, row.n]));
      for (const acked of acknowledged)
        assert.equal(counts.get(acked), batchSize, `acknowledged batch ${acked} incomplete`);
      // Batches are all-or-nothing: a half-written batch would betray a missing transaction.
      for (const [bucket, n] of counts) assert.equal(n, batchSize, `batch ${bucket} partially stored`);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("database restart", () => {
  let dataDir: string;
  let postgres: RunningPostgres;
  let api: RunningApi;
  let port: number;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-restart-"));
    port = await freePort();
    postgres = await startEmbeddedPostgres({ dataDir, port });
    const admin = createPool({ connectionString: postgres.adminUrl, max: 1 });
    await admin.query("CREATE DATABASE unicorn");
    await admin.end();
    const config = loadApiConfig({
      DATABASE_URL: postgres.urlFor("unicorn"),
      UNICORN_MODE: "test",
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
    });
    api = await startApiServer(config, createLogger({ service: "api", level: "silent" }));
  });
  after(async () => {
    await api.stop();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("readiness fails while PostgreSQL is down and the API recovers by itself, stream included", async () => {
    const base = api.url;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);

    await postgres.stop();
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 503, 10_000, "readyz to report 503");
    assert.equal((await fetch(`${base}/healthz`)).status, 200, "liveness must not depend on the database");

    postgres = await startEmbeddedPostgres({ dataDir, port });
    await waitFor(ready(base), 20_000, "readyz to recover");

    // Writes work again through the same pool, and the stream listener has reconnected.
    const pool = createPool({ connectionString: postgres.urlFor("unicorn"), max: 1 });
    const org = await pool.query<{ id: string }>(
      "INSERT INTO organizations (name) VALUES ('R') RETURNING id",
    );
    const { hashPassword } = await import("@unicorn/credentials");
    await pool.query(
      "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, 'r@r.test', 'R', 'admin', $2)",
      [org.rows[0]!.id, await hashPassword("restart-password")],
    );
    await pool.end();
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "r@r.test", password: "restart-password" }),
    });
    assert.equal(login.status, 200);
    const token = (await login.json()).accessToken as string;
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const farm = await (
      await fetch(`${base}/api/v1/farms`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "F" }),
      })
    ).json();
    const field = await (
      await fetch(`${base}/api/v1/fields`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ farmId: farm.id, name: "Field", boundary: squareBoundary() }),
      })
    ).json();
    const sensor = await (
      await fetch(`${base}/api/v1/sensors`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ fieldId: field.id, name: "T", kind: "rain" }),
      })
    ).json();
    const stream = collectSse(
      `${base}/api/v1/stream`,
      { authorization: `Bearer ${token}` },
      (e) => e.length > 0,
      10_000,
    );
    await stream.opened;
    // The listener reconnects within about a second; retry the ingest (bounded) until the event arrives.
    let events: Awaited<typeof stream.events> = [];
    const ingestUntilSeen = (async () => {
      for (let i = 0; i < 20 && events.length === 0; i++) {
        const response = await fetch(`${base}/api/v1/readings`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify([
            { sensorId: sensor.id, time: new Date(Date.UTC(2026, 6, 1, i)).toISOString(), value: 1 },
          ]),
        });
        assert.equal(response.status, 200);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    events = await stream.events;
    await ingestUntilSeen;
    assert.ok(events.length > 0, "no stream event after the database came back");
  });
});

describe("PostgreSQL stopped under ingest load", () => {
  let dataDir: string;
  let postgres: RunningPostgres;
  let pgPort: number;
  let child: ChildProcess;
  let stderr = "";

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-pg-fault-"));
    pgPort = await freePort();
    postgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
    const admin = createPool({ connectionString: postgres.adminUrl, max: 1 });
    await admin.query("CREATE DATABASE unicorn");
    await admin.end();
  });
  after(async () => {
    child?.kill("SIGKILL");
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("the API process stays up, /healthz answers, /readyz is 503 then recovers, and every acknowledged reading is stored once", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A separate process: an unhandled 'error' event of a checked-out client (57P01 at shutdown) would kill it.
    child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: postgres.urlFor("unicorn"),
        PORT: String(port),
        HOST: "127.0.0.1",
        UNICORN_MODE: "test",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    await waitFor(ready(base), 30_000, "the API process to become ready");

    // An organization, its admin and a device key for one sensor, through the API as a client would.
    const seed = createPool({ connectionString: postgres.urlFor("unicorn"), max: 1 });
    const org = await seed.query<{ id: string }>(
      "INSERT INTO organizations (name) VALUES ('L') RETURNING id",
    );
    const { hashPassword } = await import("@unicorn/credentials");
    await seed.query(
      "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, 'l@l.test', 'L', 'admin', $2)",
      [org.rows[0]!.id, await hashPassword("load-password")],
    );
    await seed.end();
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "l@l.test", password: "load-password" }),
    });
    const auth = {
      authorization: `Bearer ${(await login.json()).accessToken}`,
      "content-type": "application/json",
    };
    const post = async (path: string, body: unknown) =>
      (
        await fetch(`${base}/api/v1${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) })
      ).json();
    const farm = await post("/farms", { name: "F" });
    const field = await post("/fields", { farmId: farm.id, name: "Field", boundary: squareBoundary() });
    const sensor = await post("/sensors", { fieldId: field.id, name: "T", kind: "air_temperature" });
    const { key } = await post("/api-keys", { name: "gateway" });

    const batchSize = 200;
    const acknowledged: number[] = [];
    let next = 0;
    let phase: "before" | "down" | "after" | "done" = "before";
    let refusedWhileDown = 0;
    // Two clients post distinct batches back to back until told to stop (bounded by attempts either way).
    const client = async () => {
      for (let attempts = 0; attempts < 2_000 && phase !== "done"; attempts++) {
        const mine = next++;
        const start = Date.UTC(2026, 5, 1) + mine * batchSize * 60_000;
        const body = Array.from({ length: batchSize }, (_, i) => ({
          sensorId: sensor.id,
          time: new Date(start + i * 60_000).toISOString(),
          value: 20 + (i % 10),
        }));
        try {
          const response = await fetch(`${base}/api/v1/readings`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": key },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
          await response.body?.cancel();
          if (response.status >= 200 && response.status < 300) acknowledged.push(mine);
          else {
            if (phase === "down") refusedWhileDown += 1;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const clients = Promise.all([client(), client()]);
    try {
      await waitFor(async () => acknowledged.length >= 10, 30_000, "ten acknowledged batches");
      phase = "down";
      await postgres.stop();
      await waitFor(
        async () => (await fetch(`${base}/readyz`)).status === 503,
        10_000,
        "readyz to report 503",
      );
      // Ingest keeps hammering the dead database for a while; the process must outlive it.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.equal(child.exitCode, null, `the API process died:\n${stderr}`);
      const started = Date.now();
      assert.equal((await fetch(`${base}/healthz`)).status, 200, "liveness must not depend on the database");
      assert.ok(Date.now() - started < 1_000, "healthz is slow while the database is down");
      assert.ok(refusedWhileDown > 0, "no ingest request reached the API while PostgreSQL was down");

      postgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
      await waitFor(ready(base), 30_000, "readyz to recover");
      phase = "after";
      const ackedBeforeRecovery = acknowledged.length;
      await waitFor(
        async () => acknowledged.length >= ackedBeforeRecovery + 5,
        30_000,
        "ingest to be acknowledged again",
      );
    } finally {
      phase = "done";
      await clients;
    }
    assert.equal(child.exitCode, null, `the API process died:\n${stderr}`);

    const check = createPool({ connectionString: postgres.urlFor("unicorn"), max: 1 });
    try {
      const stored = await check.query<{ bucket: number; n: number }>(
        `SELECT floor(extract(epoch FROM time - '2026-06-01T00:00:00Z') / 60 / $2)::int AS bucket, count(*)::int AS n
         FROM readings WHERE sensor_id = $1 GROUP BY 1`,
        [sensor.id, batchSize],
      );
      const counts = new Map(stored.rows.map((row) => [row.bucket, row.n]));
      console.log(
        `PostgreSQL stop under load: ${acknowledged.length} batches acknowledged, ${refusedWhileDown} refused while down, ${counts.size} stored`,
      );
      for (const acked of acknowledged)
        assert.equal(counts.get(acked), batchSize, `acknowledged batch ${acked} not stored exactly once`);
      // Batches are all-or-nothing: an unacknowledged batch is either absent or whole (its commit won the race).
      for (const [bucket, n] of counts) assert.equal(n, batchSize, `batch ${bucket} partially stored`);
    } finally {
      await check.end();
    }
  });
});
