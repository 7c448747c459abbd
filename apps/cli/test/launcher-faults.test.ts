/**
 * The launcher (`npm start`) with its PostgreSQL stopped under ingest load: the launcher process and every service
 * it runs (api, ml, dashboard server, sensor simulator) stay up; the api's /readyz is 503 while the database is
 * gone and 200 once it is back; nothing acknowledged is lost. The database is one this test owns (DATABASE_URL),
 * so it can be stopped with connections open (PostgreSQL's fast shutdown: 57P01 to every client) and restarted on
 * the same data. The launcher's output must name no unhandled error.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPool, type RunningPostgres, startEmbeddedPostgres } from "@unicorn/db";
import { launcherEnv } from "../../../test/support/launcher";
import { freePort } from "../../../test/support/ports";

const repo = resolve(import.meta.dirname, "../../..");
const admin = { email: "fault-admin@launcher.test", password: "launcher fault passphrase" };

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

const status = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    async (response) => {
      await response.body?.cancel();
      return response.status;
    },
    () => 0,
  );

describe("the launcher with PostgreSQL stopped under ingest load", () => {
  let pgDir: string;
  let dataDir: string;
  let pgPort: number;
  let postgres: RunningPostgres;
  let launcher: ChildProcess;
  let output = "";
  const ports = { api: 0, web: 0, pg: 0, ml: 0 };

  before(async () => {
    pgDir = mkdtempSync(join(tmpdir(), "unicorn-launcher-fault-pg-"));
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-launcher-fault-"));
    pgPort = await freePort();
    postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    const adminPool = createPool({ connectionString: postgres.adminUrl, max: 1 });
    await adminPool.query("CREATE DATABASE unicorn");
    await adminPool.end();
    Object.assign(ports, {
      api: await freePort(),
      web: await freePort(),
      pg: await freePort(),
      ml: await freePort(),
    });
    launcher = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "start"], {
      cwd: repo,
      detached: true,
      env: launcherEnv(
        { dataDir, ports, admin },
        {
          DATABASE_URL: postgres.urlFor("unicorn"),
          UNICORN_ML_PORT: String(ports.ml),
          UNICORN_SIMULATOR_INTERVAL_MS: "1000",
          LOG_LEVEL: "warn",
        },
      ),
    });
    launcher.stdout?.on("data", (chunk) => (output += chunk));
    launcher.stderr?.on("data", (chunk) => (output += chunk));
    await waitFor(
      "the launcher to start",
      async () => {
        if (launcher.exitCode !== null) throw new Error(`the launcher exited:\n${output}`);
        return output.includes("Uni-Corn is running");
      },
      300_000,
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\n${output}`);
    });
  });

  after(async () => {
    if (launcher?.pid && launcher.exitCode === null) {
      process.kill(-launcher.pid, "SIGINT");
      const deadline = Date.now() + 30_000;
      while (launcher.exitCode === null && Date.now() < deadline)
        await new Promise((d) => setTimeout(d, 200));
      if (launcher.exitCode === null) process.kill(-launcher.pid, "SIGKILL");
    }
    await postgres?.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
  });

  test("every service stays up, /readyz goes 503 then 200, and every acknowledged batch is stored once", async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const web = `http://127.0.0.1:${ports.web}`;
    const ml = `http://127.0.0.1:${ports.ml}`;
    const login = await fetch(`${api}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(admin),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const auth = {
      authorization: `Bearer ${(await login.json()).accessToken}`,
      "content-type": "application/json",
    };
    const post = async (path: string, body: unknown) =>
      (
        await fetch(`${api}/api/v1${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) })
      ).json();
    const farm = await post("/farms", { name: "Fault farm" });
    const boundary = {
      type: "Polygon",
      coordinates: [
        [
          [-93.62, 42.03],
          [-93.616, 42.03],
          [-93.616, 42.034],
          [-93.62, 42.034],
          [-93.62, 42.03],
        ],
      ],
    };
    const field = await post("/fields", { farmId: farm.id, name: "Fault field", boundary });
    const sensor = await post("/sensors", { fieldId: field.id, name: "Probe", kind: "soil_moisture" });
    const { key } = await post("/api-keys", { name: "fault gateway" });
    assert.ok(sensor.id && key, "a sensor and a device key");

    const batchSize = 200;
    // Recent minutes, inside the readings window: batch n covers minutes [n·200, n·200+200) from the start.
    const origin = Math.floor((Date.now() - 30 * 24 * 3600_000) / 3600_000) * 3600_000;
    const acknowledged: number[] = [];
    let next = 0;
    let phase: "before" | "down" | "after" | "done" = "before";
    let refusedWhileDown = 0;
    const client = async () => {
      for (let attempts = 0; attempts < 2_000 && phase !== "done"; attempts++) {
        const mine = next++;
        const body = Array.from({ length: batchSize }, (_, i) => ({
          sensorId: sensor.id,
          time: new Date(origin + (mine * batchSize + i) * 60_000).toISOString(),
          value: 0.2 + (i % 10) / 100,
        }));
        try {
          const response = await fetch(`${api}/api/v1/readings`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": key },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
          await response.body?.cancel();
          if (response.status === 200) acknowledged.push(mine);
          else {
            if (phase === "down") refusedWhileDown += 1;
            await new Promise((done) => setTimeout(done, 100));
          }
        } catch {
          await new Promise((done) => setTimeout(done, 100));
        }
      }
    };
    const clients = Promise.all([client(), client()]);
    try {
      await waitFor("ten acknowledged batches", async () => acknowledged.length >= 10, 60_000);
      phase = "down";
      await postgres.stop();
      await waitFor("/readyz to report 503", async () => (await status(`${api}/readyz`)) === 503, 15_000);
      // Ingest, the simulator and the dashboard keep asking the dead database for a while.
      await new Promise((done) => setTimeout(done, 3_000));
      assert.equal(launcher.exitCode, null, `the launcher died:\n${output}`);
      assert.equal(await status(`${api}/healthz`), 200, "the api's liveness");
      assert.equal(await status(`${ml}/healthz`), 200, "the ML service");
      assert.equal(await status(`${web}/`), 200, "the dashboard server");
      assert.ok(refusedWhileDown > 0, "no ingest request reached the api while PostgreSQL was down");

      postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
      await waitFor("/readyz to recover", async () => (await status(`${api}/readyz`)) === 200, 30_000);
      phase = "after";
      const ackedBeforeRecovery = acknowledged.length;
      await waitFor(
        "ingest to be acknowledged again",
        async () => acknowledged.length >= ackedBeforeRecovery + 5,
        30_000,
      );
    } finally {
      phase = "done";
      await clients;
    }
    assert.equal(launcher.exitCode, null, `the launcher died:\n${output}`);
    assert.doesNotMatch(output, /Unhandled|uncaught|ECONNRESET.*\n\s+at /i);

    const check = createPool({ connectionString: postgres.urlFor("unicorn"), max: 1 });
    try {
      // The simulator recovers by itself: its sensors get new readings after the restart.
      const simulated = () =>
        check
          .query<{ n: number }>("SELECT count(*)::int AS n FROM readings WHERE sensor_id <> $1", [sensor.id])
          .then((r) => r.rows[0]!.n);
      const simulatedBefore = await simulated();
      await waitFor("the simulator to post again", async () => (await simulated()) > simulatedBefore, 30_000);
      // The dashboard's server forwards to the recovered api.
      const viaDashboard = await fetch(`${web}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(admin),
      });
      assert.equal(viaDashboard.status, 200);

      const stored = await check.query<{ batch: number; n: number }>(
        `SELECT floor(extract(epoch FROM time - to_timestamp($2 / 1000.0)) / 60 / $3)::int AS batch, count(*)::int AS n
         FROM readings WHERE sensor_id = $1 GROUP BY 1`,
        [sensor.id, origin, batchSize],
      );
      const counts = new Map(stored.rows.map((row) => [row.batch, row.n]));
      console.log(
        `launcher, PostgreSQL stopped under load: ${acknowledged.length} batches acknowledged, ${refusedWhileDown} refused while down, ${counts.size} stored`,
      );
      for (const acked of acknowledged)
        assert.equal(counts.get(acked), batchSize, `acknowledged batch ${acked} not stored exactly once`);
      for (const [batch, n] of counts) assert.equal(n, batchSize, `batch ${batch} partially stored`);
    } finally {
      await check.end();
    }
  });
});
