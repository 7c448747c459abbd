/**
 * The release executables as an operator runs them: `npm run build:release`, then each binary started with
 * only its environment (no node_modules, no source) against the test database. `npm run test:release`.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { mosquittoPasswordHash } from "@unicorn/credentials";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { startMosquitto } from "../../apps/ingest-mqtt/test/support/mosquitto";
import { freePort } from "../support/ports";

const root = resolve(import.meta.dirname, "../..");
const release = join(root, "dist/release");

async function waitFor(url: string, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready in ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe("release executables", () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];

  before(async () => {
    execFileSync("npm", ["run", "build:release", "--", "--only", "api,ml,ingest-mqtt,sync,cli"], {
      cwd: root,
      stdio: "inherit",
    });
    db = await createTestDatabase({ migrated: false });
  });
  after(async () => {
    for (const child of children) child.kill("SIGTERM");
    await db.drop();
  });

  const start = (binary: string, env: Record<string, string>) => {
    // A clean environment and a working directory outside the checkout: nothing to borrow from the repo.
    const child = spawn(binary, [], {
      cwd: "/",
      env: { PATH: "/usr/bin:/bin", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    return child;
  };

  test("no source tree, source maps, node_modules or package.json ships", () => {
    const shipped = files(release).map((f) => f.slice(release.length + 1));
    const offending = shipped.filter((f) =>
      /(\.ts|\.js|\.cjs|\.mjs|\.map)$|(^|\/)node_modules\/|(^|\/)package\.json$/.test(f),
    );
    // The Swagger UI's own browser bundle is static web content served to browsers, not our source.
    assert.deepEqual(
      offending.filter((f) => !f.startsWith("api/swagger-ui/")),
      [],
    );
    const manifest = JSON.parse(readFileSync(join(release, "release.json"), "utf8"));
    assert.match(manifest.node, /^v24\./);
    assert.ok(manifest.files.every((f: { sha256: string }) => /^[0-9a-f]{64}$/.test(f.sha256)));
  });

  test("the api executable migrates an empty database from its built-in migrations and serves", async () => {
    const port = await freePort();
    start(join(release, "api/unicorn-api"), {
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      // Production judges the secret's entropy: a random one, as the installer generates.
      UNICORN_JWT_SECRET: randomBytes(32).toString("base64url"),
      UNICORN_MODE: "production",
    });
    const ready = await waitFor(`http://127.0.0.1:${port}/readyz`);
    assert.equal(((await ready.json()) as { status: string }).status, "ready");
    const docs = await fetch(`http://127.0.0.1:${port}/api/docs/static/swagger-ui.css`);
    assert.equal(docs.status, 200);
    const unauthorized = await fetch(`http://127.0.0.1:${port}/api/v1/fields`);
    assert.equal(unauthorized.status, 401);
  });

  test("production mode refuses to start without a real JWT secret", () => {
    let failed: { status: number; stderr: string } | undefined;
    try {
      execFileSync(join(release, "api/unicorn-api"), [], {
        cwd: "/",
        env: { PATH: "/usr/bin:/bin", DATABASE_URL: db.url, UNICORN_MODE: "production" },
        stdio: "pipe",
        timeout: 20_000,
      });
    } catch (error) {
      failed = error as { status: number; stderr: string };
    }
    assert.ok(failed, "started without a secret");
    assert.equal(failed.status, 2);
    assert.match(String(failed.stderr), /UNICORN_JWT_SECRET/);
  });

  test("the ingest-mqtt executable logs in to Mosquitto over TLS in production mode and reports ready", async () => {
    // After the api test: the api executable migrated the database this service reads.
    const broker = await startMosquitto({ port: await freePort(), tlsPort: await freePort() });
    try {
      const password = randomBytes(32).toString("base64url");
      writeFileSync(broker.passwordFile, `unicorn-ingest:${mosquittoPasswordHash(password, 1_000)}\n`);
      broker.reload();
      const port = await freePort();
      start(join(release, "ingest-mqtt/unicorn-ingest-mqtt"), {
        DATABASE_URL: db.url,
        UNICORN_MODE: "production",
        UNICORN_MQTT_URL: `mqtts://localhost:${broker.tlsPort}`,
        UNICORN_MQTT_CA_FILE: broker.caFile!,
        UNICORN_MQTT_PASSWORD: password,
        UNICORN_MQTT_CLIENT_ID: "release-test",
        UNICORN_MQTT_PASSWORD_FILE: broker.passwordFile,
        UNICORN_MQTT_ACL_FILE: broker.aclFile,
        UNICORN_MQTT_BROKER_PID_FILE: broker.pidFile,
        PORT: String(port),
        HOST: "127.0.0.1",
      });
      const ready = await waitFor(`http://127.0.0.1:${port}/readyz`);
      assert.deepEqual(await ready.json(), { status: "ok", broker: true });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, /unicorn_mqtt_connected\{service="ingest-mqtt"\} 1/);
    } finally {
      await broker.stop();
    }
  });

  test("the sync executable serves health, metrics and status in production mode, and checks itself", async () => {
    // After the api test: the farm database is migrated. The cloud side is a second database on loopback.
    const cloud = await createTestDatabase();
    try {
      const port = await freePort();
      const env = {
        LOCAL_DB_URL: db.url,
        CLOUD_DB_URL: cloud.url,
        UNICORN_SYNC_CLOUD_TLS: "disable",
        UNICORN_SYNC_SITE_ID: "release-test",
        UNICORN_MODE: "production",
        UNICORN_SYNC_PORT: String(port),
        HOST: "127.0.0.1",
      };
      const child = start(join(release, "sync/unicorn-sync"), env);
      const ready = await waitFor(`http://127.0.0.1:${port}/readyz`);
      assert.deepEqual(await ready.json(), { status: "ok", localDatabase: true });
      const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as { siteId: string };
      assert.equal(status.siteId, "release-test");
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, /^unicorn_sync_up(\{[^}]*\})? [01]$/m);
      // The image's HEALTHCHECK: the executable with --healthcheck and the service's environment.
      execFileSync(join(release, "sync/unicorn-sync"), ["--healthcheck"], {
        cwd: "/",
        env: { PATH: "/usr/bin:/bin", ...env },
        stdio: "pipe",
        timeout: 20_000,
      });
      child.kill("SIGTERM");
    } finally {
      await cloud.drop();
    }
  });

  test("the ml executable loads the shipped model with ONNX Runtime beside it and predicts", async () => {
    const port = await freePort();
    start(join(release, "ml/unicorn-ml"), {
      PORT: String(port),
      HOST: "127.0.0.1",
      UNICORN_MODEL_REGISTRY: join(release, "ml/models"),
      UNICORN_ML_TOKEN: "release-test-token-0123456789",
    });
    await waitFor(`http://127.0.0.1:${port}/readyz`);
    const manifest = JSON.parse(
      readFileSync(join(release, "ml/models/corn-yield/3.0.0/manifest.json"), "utf8"),
    );
    const row = manifest.features.map((f: { min: number; max: number }) => (f.min + f.max) / 2);
    const response = await fetch(`http://127.0.0.1:${port}/v1/models/corn-yield/predict`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer release-test-token-0123456789" },
      body: JSON.stringify({ rows: [row] }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { version: string; predictions: number[][] };
    assert.equal(body.version, "3.0.0");
    assert.equal(body.predictions[0]!.length, 3);
  });

  test("the unicorn executable runs operator commands", () => {
    const status = execFileSync(join(release, "cli/unicorn"), ["migrate", "--status"], {
      cwd: "/",
      env: { PATH: "/usr/bin:/bin", DATABASE_URL: db.url },
      encoding: "utf8",
    });
    assert.match(status, /pending: none/);
  });
});
