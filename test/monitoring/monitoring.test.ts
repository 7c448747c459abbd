/**
 * Monitoring as shipped in deploy/compose: Prometheus config and alert rules pass promtool (check + unit
 * tests), and every metric named by an alert rule or a Grafana panel is really exported: by our api and ml
 * (scraped from running instances) or by the Debian postgres and node exporters (run here against the test
 * database). Run with `npm run test:monitoring` (needs Debian's prometheus, prometheus-postgres-exporter).
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { buildMlApp, ModelRegistry, SHIPPED_REGISTRY } from "@unicorn/ml";
import { createLogger } from "@unicorn/observability";
import { buildApi } from "../../apps/api/src/app";
import { loadApiConfig } from "../../apps/api/src/config";
import { freePort } from "../support/ports";

const compose = resolve(import.meta.dirname, "../../deploy/compose");
const prometheusDir = join(compose, "prometheus");

const PROMQL_WORDS = new Set(
  "sum avg min max count rate irate increase histogram_quantile by without on ignoring group_left group_right and or unless bool offset le abs delta deriv topk bottomk quantile stddev label_replace vector scalar time".split(
    " ",
  ),
);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "");
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0];
    const next = stripped.slice(match.index! + name.length).trimStart();
    if (next.startsWith("(") || PROMQL_WORDS.has(name)) continue;
    names.add(name);
  }
  return [...names];
}

function expressions(): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  const rules = readFileSync(join(prometheusDir, "alerts.yml"), "utf8");
  // expr: one line, or a block scalar (expr: |) whose lines are indented deeper.
  const lines = rules.split("\n");
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(\|)?\s*(.*)$/.exec(line);
    if (!m) return;
    if (!m[2]) {
      found.push({ where: `alerts.yml:${i + 1}`, expr: m[3]! });
      return;
    }
    const body: string[] = [];
    for (
      let j = i + 1;
      j < lines.length && (lines[j]!.trim() === "" || lines[j]!.search(/\S/) > m[1]!.length);
      j++
    )
      body.push(lines[j]!);
    found.push({ where: `alerts.yml:${i + 1}`, expr: body.join(" ") });
  });
  const dashboards = join(compose, "grafana/dashboards");
  for (const file of readdirSync(dashboards)) {
    const dashboard = JSON.parse(readFileSync(join(dashboards, file), "utf8"));
    for (const panel of dashboard.panels)
      for (const target of panel.targets ?? [])
        found.push({ where: `${file}: ${panel.title}`, expr: target.expr });
  }
  return found;
}

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
