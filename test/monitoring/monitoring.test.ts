/**
 * Monitoring as shipped in deploy/compose: Prometheus config and alert rules pass promtool (check + unit
 * tests), and every metric named by an alert rule or a Grafana panel is really exported: by our api and ml
 * (scraped from running instances) or by the Debian postgres and node exporters (run here against the test
 * database); Prometheus scrapes every job of the shipped config, ingest-mqtt on a real Mosquitto included. Run with
 * `npm run test:monitoring` (needs Debian's prometheus, prometheus-postgres-exporter, mosquitto).
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { mosquittoPasswordHash } from "@unicorn/credentials";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { loadIngestMqttConfig, startIngestMqtt } from "@unicorn/ingest-mqtt";
import { buildMlApp, ModelRegistry, SHIPPED_REGISTRY } from "@unicorn/ml";
import { createLogger } from "@unicorn/observability";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { buildApi } from "../../apps/api/src/app";
import { loadApiConfig } from "../../apps/api/src/config";
import { startMosquitto } from "../../apps/ingest-mqtt/test/support/mosquitto";
import { freePort } from "../support/ports";
import { checkEveryQuery, expressions, metricNames, prometheusDir } from "./queries";
import { startSyncTarget } from "./sync-target";

/** Metric family names in a Prometheus text exposition, with histogram/summary series names added. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      names.add(type[1]!);
      if (type[2] === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(`${type[1]}${s}`);
      if (type[2] === "summary") for (const s of ["_sum", "_count"]) names.add(`${type[1]}${s}`);
    } else if (/^[a-zA-Z_:]/.test(line)) names.add(line.split(/[{\s]/)[0]!);
  }
  return names;
}

async function scrape(url: string, attempts = 40): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.text();
    } catch {
      // exporter still starting
    }
    if (i >= attempts) throw new Error(`${url} did not answer`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe("monitoring configuration", () => {
  test("promtool accepts the Prometheus config and the alert rules, and their unit tests pass", () => {
    execFileSync("promtool", ["check", "config", join(prometheusDir, "prometheus.yml")], { stdio: "pipe" });
    execFileSync("promtool", ["check", "rules", join(prometheusDir, "alerts.yml")], { stdio: "pipe" });
    const output = execFileSync("promtool", ["test", "rules", "alerts.test.yml"], {
      cwd: prometheusDir,
      encoding: "utf8",
    });
    assert.match(output, /SUCCESS/);
  });

  test("metric names are found in PromQL", () => {
    assert.deepEqual(
      metricNames(
        'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route!="/x"}[5m]))) > 1',
      ),
      ["http_request_duration_seconds_bucket"],
    );
    assert.deepEqual(metricNames('up{job=~"api|ml"} == 0').sort(), ["up"]);
  });
});

describe("every metric in the alert rules and dashboards is really exported", () => {
  let db: TestDatabase;
  const exported = new Set<string>(["up"]); // Prometheus' own per-target series
  const children: ChildProcess[] = [];
  const closers: (() => Promise<unknown>)[] = [];

  before(async () => {
    db = await createTestDatabase();
    const logger = createLogger({ service: "api", level: "silent" });
    const api = await buildApi({
      config: loadApiConfig({
        DATABASE_URL: db.url,
        UNICORN_MODE: "test",
        UNICORN_JWT_SECRET: "x".repeat(48),
      }),
      pool: db.pool,
      logger,
    });
    await api.app.ready();
    closers.push(() => api.close());
    await api.app.inject({ method: "GET", url: "/healthz" });
    for (const name of exposedNames((await api.app.inject({ method: "GET", url: "/metrics" })).body))
      exported.add(name);

    const registry = new ModelRegistry(SHIPPED_REGISTRY, logger);
    await registry.scan();
    const ml = buildMlApp({ registry, token: undefined, logger });
    await ml.ready();
    closers.push(() => ml.close());
    for (const name of exposedNames((await ml.inject({ method: "GET", url: "/metrics" })).body))
      exported.add(name);

    const sync = await startSyncTarget(db.url);
    closers.push(() => sync.stop());
    for (const name of exposedNames(await scrape(`${sync.url}/metrics`))) exported.add(name);

    const nodePort = await freePort();
    const pgPort = await freePort();
    children.push(
      spawn("prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nodePort}`], { stdio: "ignore" }),
    );
    children.push(
      spawn("prometheus-postgres-exporter", [`--web.listen-address=127.0.0.1:${pgPort}`], {
        stdio: "ignore",
        env: {
          ...process.env,
          DATA_SOURCE_NAME: `${db.url}${db.url.includes("?") ? "&" : "?"}sslmode=disable`,
        },
      }),
    );
    for (const name of exposedNames(await scrape(`http://127.0.0.1:${nodePort}/metrics`))) exported.add(name);
    for (const name of exposedNames(await scrape(`http://127.0.0.1:${pgPort}/metrics`))) exported.add(name);
  });
  after(async () => {
    for (const child of children) child.kill();
    for (const close of closers) await close();
    await db.drop();
  });

  test("no alert or panel queries a metric nobody exports", () => {
    const found = expressions();
    assert.ok(found.length >= 15, `only ${found.length} expressions found`);
    const unknown = found.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: ${name}`),
    );
    assert.deepEqual(unknown, []);
  });
});

describe("Prometheus scraping the running services answers every panel and alert query", () => {
  let db: TestDatabase;
  let work: string;
  let prometheusUrl: string;
  const children: ChildProcess[] = [];
  const closers: (() => Promise<unknown>)[] = [];

  const query = async (expr: string) => {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; error?: string; data: { result: unknown[] } };
    assert.equal(body.status, "success", `${expr}: ${body.error}`);
    return body.data.result;
  };

  before(async () => {
    db = await createTestDatabase();
    work = mkdtempSync(join(tmpdir(), "unicorn-prometheus-"));
    const logger = createLogger({ service: "api", level: "silent" });
    const api = await buildApi({
      config: loadApiConfig({
        DATABASE_URL: db.url,
        UNICORN_MODE: "test",
        UNICORN_JWT_SECRET: "x".repeat(48),
      }),
      pool: db.pool,
      logger,
    });
    await api.start();
    await api.app.listen({ host: "127.0.0.1", port: 0 });
    closers.push(() => api.close());
    const apiUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;

    const registry = new ModelRegistry(SHIPPED_REGISTRY, logger);
    await registry.scan();
    const ml = buildMlApp({ registry, token: undefined, logger });
    await ml.listen({ host: "127.0.0.1", port: 0 });
    closers.push(() => ml.close());
    const mlUrl = `http://127.0.0.1:${(ml.server.address() as AddressInfo).port}`;

    // The MQTT ingest service on a real Mosquitto (Debian's), logged in with its own password.
    const broker = await startMosquitto({ port: await freePort() });
    closers.push(() => broker.stop());
    writeFileSync(
      broker.passwordFile,
      `unicorn-ingest:${mosquittoPasswordHash("monitor-ingest-password")}\n`,
    );
    broker.reload();
    const ingestMqtt = await startIngestMqtt(
      loadIngestMqttConfig({
        DATABASE_URL: db.url,
        UNICORN_MODE: "test",
        UNICORN_MQTT_URL: `mqtt://127.0.0.1:${broker.port}`,
        UNICORN_MQTT_PASSWORD: "monitor-ingest-password",
        UNICORN_MQTT_CLIENT_ID: "monitoring-ingest",
        HOST: "127.0.0.1",
        PORT: String(await freePort()),
      }),
      createLogger({ service: "ingest-mqtt", level: "silent" }),
    );
    closers.unshift(() => ingestMqtt.stop());

    // Hybrid mode's sync service, syncing this database with a cloud one.
    const sync = await startSyncTarget(db.url);
    closers.push(() => sync.stop());

    const nodePort = await freePort();
    const pgPort = await freePort();
    children.push(
      spawn("prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nodePort}`], { stdio: "ignore" }),
      spawn("prometheus-postgres-exporter", [`--web.listen-address=127.0.0.1:${pgPort}`], {
        stdio: "ignore",
        env: {
          ...process.env,
          DATA_SOURCE_NAME: `${db.url}${db.url.includes("?") ? "&" : "?"}sslmode=disable`,
        },
      }),
    );

    // The shipped config with each job pointed at this test's processes, scraped every second.
    const config = parseYaml(readFileSync(join(prometheusDir, "prometheus.yml"), "utf8"));
    const promPort = await freePort();
    const targets: Record<string, string> = {
      api: apiUrl.slice(7),
      ml: mlUrl.slice(7),
      "ingest-mqtt": new URL(ingestMqtt.url).host,
      sync: sync.url.slice(7),
      postgres: `127.0.0.1:${pgPort}`,
      node: `127.0.0.1:${nodePort}`,
      prometheus: `127.0.0.1:${promPort}`,
    };
    config.global = { scrape_interval: "1s", evaluation_interval: "1s" };
    config.rule_files = [join(prometheusDir, "alerts.yml")];
    for (const job of config.scrape_configs) {
      assert.ok(targets[job.job_name], `no test target for job ${job.job_name}`);
      delete job.dns_sd_configs;
      job.static_configs = [{ targets: [targets[job.job_name]] }];
    }
    writeFileSync(join(work, "prometheus.yml"), stringifyYaml(config));
    children.push(
      spawn(
        "/usr/bin/prometheus",
        [
          `--config.file=${join(work, "prometheus.yml")}`,
          `--storage.tsdb.path=${join(work, "data")}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        { stdio: "ignore" },
      ),
    );
    prometheusUrl = `http://127.0.0.1:${promPort}`;

    // Traffic every panel shows: requests, an ingested and a rejected reading, a stream client, predictions.
    const org = await db.pool.query<{ id: string }>(
      "INSERT INTO organizations (name) VALUES ('M') RETURNING id",
    );
    const { hashPassword } = await import("@unicorn/credentials");
    await db.pool.query(
      "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, 'm@m.test', 'M', 'admin', $2)",
      [org.rows[0]!.id, await hashPassword("monitor-password")],
    );
    const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "m@m.test", password: "monitor-password" }),
    });
    const auth = {
      authorization: `Bearer ${(await login.json()).accessToken}`,
      "content-type": "application/json",
    };
    const post = async (path: string, body: unknown) =>
      (
        await fetch(`${apiUrl}/api/v1${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) })
      ).json();
    const farm = await post("/farms", { name: "F" });
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
    const field = await post("/fields", { farmId: farm.id, name: "Field", boundary });
    const sensor = await post("/sensors", { fieldId: field.id, name: "T", kind: "air_temperature" });
    const stream = new AbortController();
    closers.unshift(async () => stream.abort());
    void fetch(`${apiUrl}/api/v1/stream`, { headers: auth, signal: stream.signal }).catch(() => {});
    const model = registry.list()[0]!;
    const manifest = { name: model.name };
    // Mid-range features: a valid row; the same row with one feature far out of range is refused (counted).
    const row = Object.fromEntries(model.active.manifest.features.map((f) => [f.name, (f.min + f.max) / 2]));
    const traffic = async () => {
      for (let i = 0; i < 3; i++) {
        await post("/readings", [
          { sensorId: sensor.id, time: new Date(Date.now() - i * 60_000).toISOString(), value: 20 },
          { sensorId: sensor.id, time: "not a time", value: 20 },
        ]);
        await fetch(`${apiUrl}/api/v1/fields`, { headers: auth });
        for (const rows of [[row], [{ ...row, [Object.keys(row)[0]!]: 1e12 }]])
          await fetch(`${mlUrl}/v1/models/${manifest.name}/predict`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ rows }),
          });
        await new Promise((done) => setTimeout(done, 1_000));
      }
    };
    // Bounded: Prometheus up, every target scraped at least three times while traffic flows.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${prometheusUrl}/-/ready`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error("Prometheus did not become ready");
      await new Promise((done) => setTimeout(done, 250));
    }
    await traffic();
    for (;;) {
      const scrapes = (await query("min(count_over_time(up[1m]))")) as { value: [number, string] }[];
      const up = (await query("min(up)")) as { value: [number, string] }[];
      if (Number(scrapes[0]?.value[1]) >= 3 && up[0]?.value[1] === "1") break;
      if (Date.now() > deadline) throw new Error("targets were not scraped three times within 60 s");
      await traffic();
    }
  });
  after(async () => {
    for (const child of children) child.kill();
    for (const close of closers) await close();
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  });

  test("every Grafana panel query and every alert rule returns data, or is a known series that may be empty", async () => {
    const known = new Set(
      ((await (await fetch(`${prometheusUrl}/api/v1/label/__name__/values`)).json()) as { data: string[] })
        .data,
    );
    const { failures, summary } = await checkEveryQuery(query, known);
    console.log(summary);
    assert.deepEqual(failures, []);
  });
});
