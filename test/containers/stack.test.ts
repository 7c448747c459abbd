/**
 * The on-prem stack in containers (podman + podman-compose, ports on 127.0.0.1 only): images built from the
 * release executables, the compose file brought up, a login through the TLS proxy, readings ingested and seen
 * in Prometheus, every Grafana panel query and alert rule answered by the stack's own Prometheus, the api
 * process killed and back with nothing acknowledged lost, PostgreSQL restarted, and the files in each image
 * listed. Grafana itself is a stand-in here (deploy/docker/local/grafana.Dockerfile): its panels' queries are run
 * against the Prometheus its provisioning names. `npm run test:containers` (needs podman, podman-compose, mmdebstrap, openssl).
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { ModelRegistry, SHIPPED_REGISTRY } from "@unicorn/ml";
import { createLogger } from "@unicorn/observability";
import { parse as parseYaml } from "yaml";
import { checkEveryQuery, compose as composeDir } from "../monitoring/queries";
import { httpsClient } from "./https-client";
import { buildTestImages, LOCAL_IMAGE_ENV, removeComposeNetworks } from "./local-bases";
import { until as pollUntil } from "./until";

const root = resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const httpsPort = 18_443 + Math.floor(Math.random() * 100);
const promPort = 19_090 + Math.floor(Math.random() * 100);
const project = `unicorntest${process.pid}`;
const admin = { email: "ops@farm.test", password: "ops-password-123" };
const log = (line: string) => console.log(line);

let dir: string;
let ca: Buffer;
let env: Record<string, string>;

const compose = (...args: string[]) =>
  execFileSync(
    "podman-compose",
    ["-p", project, "-f", "docker-compose.yml", "-f", "docker-compose.test.yml", ...args],
    {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 300_000,
    },
  );
const container = (service: string) => `${project}_${service}_1`;

const https = httpsClient(httpsPort, () => ca);

/** The stack's waits are bounded at two minutes unless a step says otherwise. */
const until = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000) =>
  pollUntil(what, check, timeoutMs);

async function promQuery(query: string): Promise<number | undefined> {
  const response = await fetch(
    `http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(query)}`,
  );
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  const first = body.data.result[0];
  return first ? Number(first.value[1]) : undefined;
}

describe("on-prem stack in containers", () => {
  let token: string;
  let deviceKey: string;
  let sensorId: string;
  let acknowledged = 0;

  before(async () => {
    buildTestImages(version, log);

    dir = mkdtempSync(join(tmpdir(), "unicorn-stack-"));
    cpSync(join(root, "deploy/compose"), dir, { recursive: true });
    for (const sub of ["data/postgres", "data/prometheus", "tls"])
      mkdirSync(join(dir, sub), { recursive: true });
    execFileSync("chmod", ["777", join(dir, "data/postgres"), join(dir, "data/prometheus")]);
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        join(dir, "tls/tls.key"),
        "-out",
        join(dir, "tls/tls.crt"),
      ],
      { stdio: "ignore" },
    );
    execFileSync("chmod", ["644", join(dir, "tls/tls.key")]);
    ca = readFileSync(join(dir, "tls/tls.crt"));
    const secret = () => execFileSync("openssl", ["rand", "-hex", "24"], { encoding: "utf8" }).trim();
    env = {
      UNICORN_VERSION: version,
      UNICORN_REGISTRY: "localhost",
      UNICORN_BIND: "127.0.0.1",
      UNICORN_HTTPS_PORT: String(httpsPort),
      UNICORN_HTTP_PORT: String(httpsPort + 1000),
      POSTGRES_PASSWORD: secret(),
      UNICORN_JWT_SECRET: secret() + secret(),
      UNICORN_ML_TOKEN: secret(),
      GRAFANA_ADMIN_PASSWORD: secret(),
      GRAFANA_PORT: String(promPort + 200),
      ...LOCAL_IMAGE_ENV,
    };
    writeFileSync(
      join(dir, ".env"),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n"),
    );
    // Test only: Prometheus published on 127.0.0.1 so the test can query it.
    writeFileSync(
      join(dir, "docker-compose.test.yml"),
      `services:\n  prometheus:\n    networks: [backend, edge]\n    ports:\n      - "127.0.0.1:${promPort}:9090"\n`,
    );
    const started = Date.now();
    // Every service a default install starts, monitoring included (no profile named).
    compose("up", "-d");
    await until("the api behind the proxy", async () =>
      (await https("GET", "/api/v1/fields")).status === 401 ? true : undefined,
    );
    log(`stack healthy ${((Date.now() - started) / 1000).toFixed(1)} s after compose up`);
    for (const image of ["api", "ml", "sync", "cli", "web", "proxy"]) {
      const size = execFileSync(
        "podman",
        ["image", "inspect", `localhost/unicorn-${image}:${version}`, "--format", "{{.Size}}"],
        {
          encoding: "utf8",
        },
      );
      log(
        `image unicorn-${image}: ${(Number(size) / 1e6).toFixed(1)} MB (test base: Debian minbase; default: distroless)`,
      );
    }
  });

  after(() => {
    // Replicas beyond the first are not in the files `down` reads.
    spawnSync(
      "podman",
      ["rm", "-f", container("api").replace(/_1$/, "_2"), container("api").replace(/_1$/, "_3")],
      {
        stdio: "ignore",
      },
    );
    try {
      compose("down");
    } catch {
      // best effort
    }
    removeComposeNetworks(project);
    rmSync(dir, { recursive: true, force: true });
  });

  test("images hold executables, native libraries, models and static files only", () => {
    for (const image of ["api", "ml", "sync", "cli", "web", "proxy"]) {
      const created = execFileSync("podman", ["create", `localhost/unicorn-${image}:${version}`], {
        encoding: "utf8",
      }).trim();
      try {
        const listing = execFileSync("sh", ["-c", `podman export ${created} | tar -t`], {
          encoding: "utf8",
          maxBuffer: 64e6,
        });
        const ours = listing
          .split("\n")
          .filter((f) => f.startsWith("app/") || f.startsWith("usr/share/unicorn/"));
        const offending = ours.filter(
          (f) =>
            /(\.ts|\.map)$|node_modules\/|package\.json$/.test(f) ||
            (/\.(c|m)?js$/.test(f) &&
              !f.includes("swagger-ui/") &&
              !f.startsWith("usr/share/unicorn/web/assets/") &&
              // The dashboard's service worker is served from the site root, the scope it controls.
              f !== "usr/share/unicorn/web/sw.js"),
        );
        assert.deepEqual(offending, [], `unicorn-${image}`);
        if (image === "api") assert.ok(ours.includes("app/unicorn-api"));
        if (image === "sync") assert.ok(ours.includes("app/unicorn-sync"));
        if (image === "ml")
          assert.ok(ours.some((f) => f.endsWith("model.onnx")) && ours.includes("app/libonnxruntime.so.1"));
      } finally {
        execFileSync("podman", ["rm", created], { stdio: "ignore" });
      }
    }
  });

  test("log in through the TLS proxy and ingest readings that Prometheus then sees", async () => {
    execFileSync(
      "podman",
      [
        "run",
        "--rm",
        "--network",
        `${project}_backend`,
        "-e",
        `DATABASE_URL=postgres://unicorn:${env.POSTGRES_PASSWORD}@postgres:5432/unicorn`,
        "-e",
        "UNICORN_DATA_DIR=/tmp",
        "-e",
        `UNICORN_ADMIN_EMAIL=${admin.email}`,
        "-e",
        `UNICORN_ADMIN_PASSWORD=${admin.password}`,
        `localhost/unicorn-cli:${version}`,
        "seed",
      ],
      { stdio: "ignore", timeout: 180_000 },
    );
    const login = await https("POST", "/api/v1/auth/login", admin);
    assert.equal(login.status, 200);
    token = login.json.accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const sensors = await https("GET", "/api/v1/sensors?kind=soil_moisture&limit=1", undefined, auth);
    sensorId = sensors.json.items[0].id;
    const key = await https("POST", "/api/v1/api-keys", { name: "container test gateway" }, auth);
    deviceKey = key.json.key;
    const before = (await promQuery("sum(unicorn_readings_ingested_total)")) ?? 0;
    const batch = Array.from({ length: 500 }, (_, i) => ({
      sensorId,
      time: new Date(Date.UTC(2025, 1, 1, 0, i)).toISOString(),
      value: 30,
    }));
    const ingest = await https("POST", "/api/v1/readings", batch, { "x-api-key": deviceKey });
    assert.equal(ingest.status, 200);
    acknowledged += 500;
    await until("Prometheus to scrape the ingested readings", async () => {
      const now = await promQuery("sum(unicorn_readings_ingested_total)");
      return now !== undefined && now >= before + 500 ? now : undefined;
    });
  });

  test("the stack's Prometheus answers every Grafana panel query and every alert rule", async () => {
    // Grafana is provisioned with this Prometheus, by its compose service name and port.
    const datasources = parseYaml(
      readFileSync(join(composeDir, "grafana/provisioning/datasources/prometheus.yml"), "utf8"),
    ) as { datasources: { url: string; isDefault?: boolean }[] };
    assert.equal(datasources.datasources.find((d) => d.isDefault)?.url, "http://prometheus:9090");
    // Polled: under load the stand-in may still be starting, and podman answers 125 while it is.
    await until(
      "grafana (stand-in) healthy",
      async () => {
        const check = spawnSync("podman", ["healthcheck", "run", container("grafana")], { encoding: "utf8" });
        if (check.status !== 0)
          throw new Error(`exit ${check.status}: ${check.stdout}${check.stderr}`.trim());
        return true;
      },
      120_000,
    );
    // Traffic the ML panels show: predictions straight to ml on the internal network, one of them refused.
    const registry = new ModelRegistry(SHIPPED_REGISTRY, createLogger({ service: "ml", level: "silent" }));
    await registry.scan();
    const model = registry.list()[0]!;
    const row = Object.fromEntries(model.active.manifest.features.map((f) => [f.name, (f.min + f.max) / 2]));
    const predictions = [[row], [{ ...row, [Object.keys(row)[0]!]: 1e12 }]].map((rows) =>
      spawnSync(
        "podman",
        [
          "run",
          "--rm",
          "--network",
          `${project}_backend`,
          "--entrypoint",
          "wget",
          LOCAL_IMAGE_ENV.PROMETHEUS_IMAGE,
          "-q",
          "-O",
          "/dev/null",
          "--content-on-error",
          `--header=authorization: Bearer ${env.UNICORN_ML_TOKEN}`,
          "--header=content-type: application/json",
          `--post-data=${JSON.stringify({ rows })}`,
          `http://ml:8001/v1/models/${model.name}/predict`,
        ],
        { stdio: "ignore", timeout: 60_000 },
      ),
    );
    assert.equal(predictions[0]!.status, 0, "a valid prediction request to ml succeeds");
    // A live stream client for the stream panel, and requests for the RED panels.
    const ticket = await https("POST", "/api/v1/stream/tickets", {}, { authorization: `Bearer ${token}` });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.json));
    const stream = https("GET", `/api/v1/stream?ticket=${ticket.json.ticket}`).catch(() => undefined);
    void stream;
    await https("GET", "/api/v1/fields", undefined, { authorization: `Bearer ${token}` });
    const ask = async (expr: string) => {
      const response = await fetch(
        `http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(expr)}`,
      );
      const body = (await response.json()) as { status: string; error?: string; data: { result: unknown[] } };
      assert.equal(body.status, "success", `${expr}: ${body.error}`);
      return body.data.result;
    };
    // Every target up and scraped a few times (the compose file scrapes every 15 s).
    await until(
      "every scrape target up for a minute",
      async () => {
        const down = await ask(
          'up{job=~"api|ml|postgres|node|prometheus"} == 0 or absent(up{job="node"}) or absent(up{job="postgres"})',
        );
        const scrapes = await ask("min(count_over_time(up[2m]))");
        return down.length === 0 && Number((scrapes[0] as { value: [number, string] })?.value[1]) >= 3
          ? true
          : undefined;
      },
      180_000,
    );
    // A rate needs two samples: the ML series appear only with the first prediction, so wait for ml to be
    // scraped twice since then (a fast machine got here after one scrape).
    await until(
      "ml scraped twice since the predictions",
      async () => {
        const samples = await ask(
          "min(count_over_time(ml_inference_duration_seconds_count[5m])) and min(count_over_time(ml_prediction_errors_total[5m]))",
        );
        return Number((samples[0] as { value: [number, string] } | undefined)?.value[1]) >= 2
          ? true
          : undefined;
      },
      120_000,
    );
    const known = new Set(
      (
        (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/label/__name__/values`)).json()) as {
          data: string[];
        }
      ).data,
    );
    // Hybrid mode's sync and the mqtt profile's ingest service are not in a default install: test:monitoring
    // scrapes them.
    const { failures, summary } = await checkEveryQuery(ask, known, /^unicorn_(sync|mqtt)_/);
    log(`stack Prometheus: ${summary}`);
    assert.deepEqual(failures, []);
  });

  test("the api process killed mid-ingestion comes back and every acknowledged batch is there", async () => {
    const pid = execFileSync("podman", ["inspect", container("api"), "--format", "{{.State.Pid}}"], {
      encoding: "utf8",
    }).trim();
    let minute = 1000;
    const sending = (async () => {
      for (let n = 0; n < 400; n++) {
        const batch = Array.from({ length: 50 }, () => ({
          sensorId,
          time: new Date(Date.UTC(2025, 1, 1, 0, minute++)).toISOString(),
          value: 31,
        }));
        try {
          const response = await https("POST", "/api/v1/readings", batch, { "x-api-key": deviceKey });
          if (response.status === 200) acknowledged += 50;
        } catch {
          // the api is down: an unacknowledged batch, a real gateway would retry it
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 700));
    execFileSync("kill", ["-9", pid]);
    await sending;
    assert.ok(acknowledged > 500, "no batch was acknowledged around the kill");
    await until("the api to be restarted", async () =>
      (await https("GET", "/api/v1/fields")).status === 401 ? true : undefined,
    );
    const restarts = execFileSync("podman", ["inspect", container("api"), "--format", "{{.RestartCount}}"], {
      encoding: "utf8",
    }).trim();
    assert.ok(Number(restarts) >= 1, `restart count ${restarts}`);
    // Daily buckets carry the count of stored readings (a raw series is capped at 10,000 points).
    const series = await https(
      "GET",
      `/api/v1/readings?sensorId=${sensorId}&from=2025-02-01T00:00:00Z&to=2025-02-20T00:00:00Z&bucket=day`,
      undefined,
      { authorization: `Bearer ${token}` },
    );
    assert.equal(series.status, 200);
    const stored = (series.json.series[0].points as { count: number }[]).reduce((sum, p) => sum + p.count, 0);
    assert.ok(stored >= acknowledged, `${stored} stored, ${acknowledged} acknowledged`);
  });

  test("backup and restore drill: a farm added after the backup is gone after the restore", async () => {
    const cli = join(root, "apps/cli/src/main.ts");
    const dump = join(dir, "drill.dump");
    const auth = { authorization: `Bearer ${token}` };
    const farmsBefore = (await https("GET", "/api/v1/farms", undefined, auth)).json.total;
    execFileSync(process.execPath, ["--import", "tsx", cli, "backup", "--compose", dir, "--out", dump], {
      stdio: "inherit",
      timeout: 300_000,
    });
    assert.match(readFileSync(`${dump}.sha256`, "utf8"), /^[0-9a-f]{64} {2}drill\.dump\n$/);
    const added = await https("POST", "/api/v1/farms", { name: "Added after the backup" }, auth);
    assert.equal(added.status, 201);
    execFileSync(process.execPath, ["--import", "tsx", cli, "restore", dump, "--compose", dir, "--yes"], {
      stdio: "inherit",
      timeout: 300_000,
    });
    // The restore swaps databases under the api, which reconnects by itself.
    const farmsAfter = await until("the api on the restored database", async () => {
      const response = await https("GET", "/api/v1/farms", undefined, auth);
      return response.status === 200 ? response : undefined;
    });
    assert.equal(farmsAfter.json.total, farmsBefore);
    assert.ok(!JSON.stringify(farmsAfter.json).includes("Added after the backup"));
  });

  test("a PostgreSQL restart is survived: the api serves again by itself", async () => {
    execFileSync("podman", ["restart", container("postgres")], { stdio: "ignore", timeout: 120_000 });
    await until("the api to query the database again", async () => {
      const response = await https("GET", "/api/v1/fields", undefined, { authorization: `Bearer ${token}` });
      return response.status === 200 ? true : undefined;
    });
  });

  test("three api replicas behind the proxy share the requests, and losing one loses no request", async () => {
    // `docker compose up --scale api=3` does this; podman-compose 1.0.3 ignores --scale and reads
    // deploy.replicas instead. Every replica joins the network under the alias "api", and the proxy
    // re-resolves that name every 10 s.
    writeFileSync(
      join(dir, "docker-compose.scale.yml"),
      "services:\n  api:\n    deploy:\n      replicas: 3\n",
    );
    execFileSync(
      "podman-compose",
      [
        "-p",
        project,
        "-f",
        "docker-compose.yml",
        "-f",
        "docker-compose.test.yml",
        "-f",
        "docker-compose.scale.yml",
        "up",
        "-d",
        "api",
      ],
      { cwd: dir, stdio: "ignore", timeout: 300_000 },
    );
    const replicas = [1, 2, 3].map((n) => container("api").replace(/_1$/, `_${n}`));
    await until("three healthy api replicas", async () =>
      replicas.every((name) => spawnSync("podman", ["healthcheck", "run", name]).status === 0)
        ? true
        : undefined,
    );
    // The proxy finds replicas through the network's DNS (podman: aardvark-dns on the network gateway), which
    // can lag a container start by seconds; nginx then re-resolves within 10 s. Ask that DNS directly, so a
    // failure says whether the name was missing or the proxy did not spread the requests.
    const gateway = execFileSync(
      "podman",
      ["network", "inspect", `${project}_backend`, "--format", "{{(index .Subnets 0).Gateway}}"],
      { encoding: "utf8" },
    ).trim();
    const dns = new Resolver({ timeout: 2_000, tries: 1 });
    dns.setServers([gateway]);
    await until(
      `three addresses for "api" from the network's DNS at ${gateway}`,
      async () => {
        const addresses = await dns.resolve4("api");
        assert.equal(addresses.length, 3, `it answered ${addresses.join(", ")}`);
        return true;
      },
      60_000,
    );
    const auth = { authorization: `Bearer ${token}` };
    // Distinct request ids: each request is logged on arrival and on completion.
    const served = (name: string) =>
      new Set(
        execFileSync("podman", ["logs", name], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
          maxBuffer: 64e6,
        }).match(/scale-probe-\d+/g),
      ).size;
    let probe = 0;
    // Each request's status and time; on a failure they are printed with the proxy's log, which names DNS or
    // upstream errors.
    const outcomes: string[] = [];
    const get = async (requestId: string) => {
      const started = Date.now();
      const response = await https("GET", "/api/v1/farms?limit=1", undefined, {
        ...auth,
        "x-request-id": requestId,
      }).catch((error: Error) => ({ status: 0, json: error.message }));
      outcomes.push(`${requestId}: ${response.status} in ${Date.now() - started} ms`);
      assert.equal(response.status, 200, `${requestId}: ${JSON.stringify(response.json)}`);
    };
    try {
      await until(
        "requests answered by every replica",
        async () => {
          for (let i = 0; i < 12; i++) await get(`scale-probe-${probe++}`);
          return replicas.every((name) => served(name) > 0) ? true : undefined;
        },
        60_000,
      );
      log(`replicas served ${replicas.map(served).join(" / ")} of ${probe} probe requests`);

      execFileSync("podman", ["stop", "-t", "2", replicas[1]!], { stdio: "ignore" });
      for (let i = 0; i < 30; i++) await get(`one-replica-stopped-${i}`);
    } catch (error) {
      log(`requests: ${outcomes.join(", ")}`);
      log(spawnSync("podman", ["logs", "--tail", "30", container("proxy")], { encoding: "utf8" }).stderr);
      throw error;
    }
  });
});
