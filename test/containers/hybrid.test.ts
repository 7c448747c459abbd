/**
 * Hybrid mode in containers (podman + podman-compose): the on-prem stack with the hybrid.yml overlay, the cloud out
 * of reach (a farm installed before its link works, or during an outage). The sync service must be healthy and
 * report itself offline with the reason, and the farm resolver must answer the app's name with the farm address.
 * `npm run test:containers` (needs podman, podman-compose, mmdebstrap, openssl).
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import type { SyncStatus } from "@unicorn/contracts";
import { type CloudDatabase, startCloudDatabase } from "./cloud-database";
import { httpsClient } from "./https-client";
import { buildTestImages, LOCAL, LOCAL_IMAGE_ENV, removeComposeNetworks } from "./local-bases";
import { releaseWorkspace } from "./release-bundle";
import { until } from "./until";

const root = resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
// Ports 19400-19499, ten apart, a random one of each ten (two runs on the host seldom meet).
const portBase = 19_400 + Math.floor(Math.random() * 10);
const dnsPort = portBase;
const project = `unicornhybrid${process.pid}`;
const APP = "app.hawkeyeridge.test";
const FARM_ADDRESS = "10.1.2.3";
const log = (line: string) => console.log(line);

let dir: string;

const compose = (...args: string[]) =>
  execFileSync("podman-compose", ["-p", project, "-f", "docker-compose.yml", "-f", "hybrid.yml", ...args], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
  });
const container = (service: string) => `${project}_${service}_1`;

before(() => buildTestImages(version, log));

describe("hybrid overlay in containers, cloud out of reach", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "unicorn-hybrid-"));
    cpSync(join(root, "deploy/compose"), dir, { recursive: true });
    mkdirSync(join(dir, "data/postgres"), { recursive: true });
    execFileSync("chmod", ["777", join(dir, "data/postgres")]);
    // The cloud database's CA (any PEM certificate: the cloud is not reachable in this test).
    mkdirSync(join(dir, "sync"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=cloud-ca",
        "-keyout",
        join(dir, "sync/ca.key"),
        "-out",
        join(dir, "sync/cloud-ca.pem"),
      ],
      { stdio: "ignore" },
    );
    execFileSync("chmod", ["644", join(dir, "sync/cloud-ca.pem")]);
    const secret = () => execFileSync("openssl", ["rand", "-hex", "24"], { encoding: "utf8" }).trim();
    const env = {
      UNICORN_VERSION: version,
      UNICORN_REGISTRY: "localhost",
      POSTGRES_PASSWORD: secret(),
      UNICORN_JWT_SECRET: secret() + secret(),
      UNICORN_ML_TOKEN: secret(),
      GRAFANA_ADMIN_PASSWORD: secret(),
      POSTGRES_IMAGE: LOCAL.postgres,
      // Nothing listens there: connection refused at once, as with the link down.
      UNICORN_CLOUD_DB_URL: `postgres://unicorn_sync:${secret()}@127.0.0.1:1/unicorn?sslmode=verify-full`,
      UNICORN_SYNC_SITE_ID: "hawkeye-ridge",
      UNICORN_SYNC_POLICIES: "",
      UNICORN_APP_NAME: APP,
      UNICORN_FARM_ADDRESS: FARM_ADDRESS,
      UNICORN_DNS_BIND: "127.0.0.1",
      UNICORN_DNS_PORT: String(dnsPort),
      UNICORN_SYNC_PORT: String(portBase + 10),
      // An upstream that does not answer: the app's name must not depend on it.
      UNICORN_DNS_UPSTREAM: "127.0.0.9",
    };
    writeFileSync(
      join(dir, ".env"),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n"),
      { mode: 0o600 },
    );
    compose("up", "-d", "postgres", "api", "sync", "dns");
  });

  after(() => {
    try {
      compose("down");
    } catch {
      // best effort
    }
    removeComposeNetworks(project);
    rmSync(dir, { recursive: true, force: true });
  });

  test("the sync service is healthy offline and reports the cloud unreachable with its reason", async () => {
    await until("sync healthy", async () =>
      spawnSync("podman", ["healthcheck", "run", container("sync")]).status === 0 ? true : undefined,
    );
    // Its port is on the stack's networks only; the test reaches it at its address on the uplink network.
    const address = execFileSync(
      "podman",
      [
        "inspect",
        container("sync"),
        "--format",
        `{{(index .NetworkSettings.Networks "${project}_uplink").IPAddress}}`,
      ],
      { encoding: "utf8" },
    ).trim();
    const status = await until("a sync attempt", async () => {
      const body = (await (await fetch(`http://${address}:8002/status`)).json()) as {
        siteId: string;
        online: boolean;
        lastAttemptAt: string | null;
        lastError: string | null;
      };
      return body.lastAttemptAt ? body : undefined;
    });
    assert.equal(status.siteId, "hawkeye-ridge");
    assert.equal(status.online, false);
    assert.ok(status.lastError, "the reason the cloud was not reached");
    const metrics = await (await fetch(`http://${address}:8002/metrics`)).text();
    assert.match(metrics, /^unicorn_sync_up(\{[^}]*\})? 0$/m);
  });

  test("the farm resolver answers the app's name with the farm address, upstream or not", async () => {
    await until("dns healthy", async () =>
      spawnSync("podman", ["healthcheck", "run", container("dns")]).status === 0 ? true : undefined,
    );
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers([`127.0.0.1:${dnsPort}`]);
    assert.deepEqual(await resolver.resolve4(APP), [FARM_ADDRESS]);
  });
});

/**
 * The hybrid release as an operator installs it: `bundle create --hybrid`, then `bundle install --hybrid` with the
 * sync login's secret file and the cloud's CA, against a cloud database that is up. Then what the operator checks:
 * `unicorn sync status`, a reading from the farm in the cloud, a cloud edit on the farm, an outage the farm works
 * through, the backlog draining, and an upgrade that stays hybrid.
 */
describe("hybrid release: bundle create --hybrid, install --hybrid against a TLS cloud database", () => {
  // Versions of this run only: a concurrent build elsewhere on the host retags <version>, never these.
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  const first = `${version}-hybrid.${process.pid}`;
  const next = `${major}.${minor}.${patch + 1}-hybrid.${process.pid}`;
  const services = ["api", "ml", "web", "proxy", "cli", "sync", "dns"];
  const stackProject = `unicornhybridbundle${process.pid}`;
  const ports = {
    https: portBase + 20,
    http: portBase + 30,
    grafana: portBase + 40,
    sync: portBase + 50,
    dns: portBase + 70,
  };
  const cloudPort = portBase + 60;
  const siteId = "hawkeye-ridge";
  const work = mkdtempSync(join(tmpdir(), "unicorn-hybrid-release-"));
  const release = releaseWorkspace(work, {
    env: { ...process.env, ...LOCAL_IMAGE_ENV, GRAFANA_PORT: String(ports.grafana) },
    timeoutMs: 900_000,
    log,
  });
  const { stack, run: cli } = release;
  const statusUrl = `http://127.0.0.1:${ports.sync}/status`;
  const https = httpsClient(ports.https, () => readFileSync(join(stack, "tls/tls.crt")));
  let cloud: CloudDatabase;
  const syncLoginPassword = randomBytes(24).toString("hex");
  let admin: { email: string; password: string };
  let auth: Record<string, string>;
  let sensorId: string;
  let fieldId: string;

  const create = (v: string) => release.create(v, ["--hybrid"]);
  const install = (v: string, extra: string[] = []) => {
    const run = release.install(
      v,
      {
        project: stackProject,
        timeoutSeconds: 240,
        signed: true,
        ports: { https: ports.https, http: ports.http },
      },
      extra,
    );
    log(`install ${v}: ${run.seconds.toFixed(0)} s in all; ${/healthy after \d+ s/.exec(run.stdout)?.[0]}`);
    return run;
  };
  /** `unicorn sync status --json` with the installed CLI, as the operator runs it on the farm server. */
  const syncStatus = () => {
    const run = cli(join(stack, "bin/unicorn"), ["sync", "status", "--json", "--url", statusUrl], 30_000);
    const report = JSON.parse(run.stdout) as {
      healthy: boolean;
      problems: string[];
      status: SyncStatus | null;
    };
    return { exitCode: run.status, ...report };
  };
  const synced = (what: string, timeoutMs = 120_000) =>
    until(
      what,
      async () => {
        const report = syncStatus();
        if (report.exitCode === 0 && report.status?.queued.every((q) => q.rows === 0)) return report;
        // Not yet: the reason shows in the timeout's message.
        throw new Error(`${report.problems.join("; ")} ${JSON.stringify(report.status?.queued)}`);
      },
      timeoutMs,
    );
  const cloudRows = async (sql: string, params: unknown[] = []) =>
    (await cloud.pool().query(sql, params)).rows;
  const postReadings = async (times: string[]) => {
    const response = await https(
      "POST",
      "/api/v1/readings",
      times.map((time, i) => ({ sensorId, time, value: 30 + i })),
      auth,
    );
    assert.equal(response.status, 200, JSON.stringify(response.json));
  };
  const cloudReadings = async () =>
    (
      await cloudRows(
        "SELECT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS time FROM readings WHERE sensor_id = $1 ORDER BY time",
        [sensorId],
      )
    ).map((row) => row.time as string);

  before(async () => {
    for (const name of services)
      for (const tag of [first, next])
        execFileSync("podman", [
          "tag",
          `localhost/unicorn-${name}:${version}`,
          `localhost/unicorn-${name}:${tag}`,
        ]);
    release.prepareKeys();

    // The cloud, prepared as its operator does: migrated, the farm's organization and admin, the site registered.
    cloud = await startCloudDatabase(`unicorncloud${process.pid}`, work, cloudPort);
    // The cloud's logins reach the cli image through the environment, not the command line.
    const ownerUrl = `postgres://${cloud.user}:${cloud.password}@${cloud.host}:5432/${cloud.database}`;
    const cloudCli = (args: string[], env: Record<string, string>) =>
      cli(
        "podman",
        [
          ...["run", "--rm", "--network", cloud.network],
          ...Object.keys(env).flatMap((name) => ["-e", name]),
          `localhost/unicorn-cli:${first}`,
          ...args,
        ],
        300_000,
        env,
      );
    const init = cloudCli(
      ["init", "--organization", "Hawkeye Ridge Farms", "--email", "owner@hawkeyeridge.test"],
      { DATABASE_URL: ownerUrl },
    );
    assert.equal(init.status, 0, init.output);
    admin = { email: "owner@hawkeyeridge.test", password: /password {2}(\S+)/.exec(init.stdout)?.[1] ?? "" };
    assert.ok(admin.password, init.output);
    // The cloud's migrate task with the sync credentials secret: it creates the farms' sync login (ADR 0021).
    const grant = cloudCli(["migrate"], {
      DATABASE_URL: ownerUrl,
      UNICORN_SYNC_DB_PASSWORD: syncLoginPassword,
    });
    assert.equal(grant.status, 0, grant.output);
    assert.match(grant.stdout, /sync login unicorn_sync created/);
    await cloud
      .pool()
      .query(
        "INSERT INTO sync_sites (site_id, organization_id, name) SELECT $1, id, 'Hawkeye Ridge' FROM organizations",
        [siteId],
      );
  });

  after(async () => {
    spawnSync(
      "podman-compose",
      ["-p", stackProject, "-f", "docker-compose.yml", "-f", "hybrid.yml", "down"],
      {
        cwd: stack,
        stdio: "ignore",
        timeout: 300_000,
      },
    );
    removeComposeNetworks(stackProject);
    await cloud?.remove();
    for (const name of services)
      for (const tag of [first, next])
        spawnSync("podman", ["rmi", `localhost/unicorn-${name}:${tag}`], { stdio: "ignore" });
    release.remove();
  });

  test("install --hybrid: sync online over verified TLS, the cloud's admin signs in on the farm", async () => {
    create(first);
    const credentials = join(work, "sync-login.json");
    writeFileSync(
      credentials,
      JSON.stringify({
        username: "unicorn_sync",
        password: syncLoginPassword,
        host: cloud.host,
        port: 5432,
        dbname: cloud.database,
      }),
      { mode: 0o600 },
    );
    const run = install(first, [
      "--hybrid",
      "--site-id",
      siteId,
      "--app-name",
      "app.hawkeyeridge.test",
      "--farm-address",
      "127.0.0.1",
      "--cloud-credentials-file",
      credentials,
      "--cloud-ca-file",
      cloud.caFile,
      "--dns-port",
      String(ports.dns),
      "--sync-port",
      String(ports.sync),
    ]);
    assert.equal(run.status, 0, run.output);
    assert.ok(!run.output.includes(syncLoginPassword), "the cloud password is never printed");
    assert.ok(
      run.stdout.includes(
        `bin/unicorn sync status --url ${statusUrl}); the farm resolver answers on 127.0.0.1:${ports.dns}`,
      ),
      run.stdout,
    );
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers([`127.0.0.1:${ports.dns}`]);
    assert.deepEqual(await resolver.resolve4("app.hawkeyeridge.test"), ["127.0.0.1"]);
    const state = JSON.parse(readFileSync(join(stack, "install.json"), "utf8")) as { overlays?: string[] };
    assert.deepEqual(state.overlays, ["hybrid"]);
    assert.equal(statSync(join(stack, ".env")).mode & 0o777, 0o600);

    const online = await synced("sync online with nothing queued");
    assert.equal(online.status?.online, true);
    assert.equal(online.status?.siteId, siteId);
    const report = cli(join(stack, "bin/unicorn"), ["sync", "status", "--url", statusUrl], 30_000);
    assert.equal(report.status, 0, report.output);
    assert.match(report.stdout, new RegExp(`Sync of site ${siteId}: online`));
    log(report.stdout);
    // Every session of the sync login in the cloud is TLS (the certificate verified against --cloud-ca-file).
    const sessions = await cloudRows(
      "SELECT s.ssl, a.usename FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = $1",
      [`unicorn-sync-${siteId}`],
    );
    assert.ok(
      sessions.length > 0 && sessions.every((row) => row.ssl && row.usename === "unicorn_sync"),
      JSON.stringify(sessions),
    );

    // The organization and its admin (with the password hash) came from the cloud: the admin signs in offline-ready.
    const login = await until("the cloud's admin on the farm", async () => {
      const response = await https("POST", "/api/v1/auth/login", admin);
      return response.status === 200 ? response : undefined;
    });
    auth = { authorization: `Bearer ${login.json.accessToken}` };
  });

  test("a farm created on the farm reaches the cloud, a reading follows, a cloud edit comes back", async () => {
    const farm = await https(
      "POST",
      "/api/v1/farms",
      { name: "Home place", latitudeDeg: 42.03, longitudeDeg: -93.63 },
      auth,
    );
    assert.equal(farm.status, 201, JSON.stringify(farm.json));
    const ring = [
      [-93.631, 42.031],
      [-93.627, 42.031],
      [-93.627, 42.034],
      [-93.631, 42.034],
      [-93.631, 42.031],
    ];
    const field = await https(
      "POST",
      "/api/v1/fields",
      { farmId: farm.json.id, name: "North 80", boundary: { type: "Polygon", coordinates: [ring] } },
      auth,
    );
    assert.equal(field.status, 201, JSON.stringify(field.json));
    fieldId = field.json.id;
    const sensor = await https(
      "POST",
      "/api/v1/sensors",
      { fieldId, name: "probe 1", kind: "soil_moisture", depthCm: 30 },
      auth,
    );
    assert.equal(sensor.status, 201, JSON.stringify(sensor.json));
    sensorId = sensor.json.id;
    await until("the sensor in the cloud", async () =>
      (await cloudRows("SELECT 1 FROM sensors WHERE id = $1", [sensorId])).length ? true : undefined,
    );

    const time = "2026-12-03T06:00:00.000Z";
    await postReadings([time]);
    await until("the reading in the cloud", async () =>
      (await cloudReadings()).includes(time) ? true : undefined,
    );

    await cloud.pool().query("UPDATE fields SET name = 'North 80 (tiled)' WHERE id = $1", [fieldId]);
    await until("the cloud's edit on the farm", async () => {
      const response = await https("GET", `/api/v1/fields/${fieldId}`, undefined, auth);
      return response.json?.name === "North 80 (tiled)" ? true : undefined;
    });
  });

  test("cloud gone: the farm keeps taking readings, sync says offline and why; back: the backlog drains", async () => {
    cloud.stop();
    const outage = ["2026-12-03T07:00:00.000Z", "2026-12-03T07:15:00.000Z", "2026-12-03T07:30:00.000Z"];
    await postReadings(outage);
    const offline = await until(
      "sync reporting the cloud unreachable",
      async () => {
        const report = syncStatus();
        const queued = report.status?.queued.find((q) => q.table === "readings")?.rows ?? 0;
        return report.exitCode === 1 && report.status?.online === false && queued >= outage.length
          ? report
          : undefined;
      },
      120_000,
    );
    assert.ok(offline.status?.lastError, "the reason");
    assert.ok(offline.problems.includes("the cloud database cannot be reached"), offline.problems.join("; "));
    log(`offline: ${offline.status?.lastError}`);
    const report = cli(join(stack, "bin/unicorn"), ["sync", "status", "--url", statusUrl], 30_000);
    assert.equal(report.status, 1);
    assert.match(report.stdout, new RegExp(`Sync of site ${siteId}: offline`));
    assert.match(report.stdout, /last error {5}\S/);
    // The farm serves its own data meanwhile.
    const field = await https("GET", `/api/v1/fields/${fieldId}`, undefined, auth);
    assert.equal(field.status, 200);

    const restored = Date.now();
    await cloud.start();
    await synced("the backlog drained", 330_000);
    log(`backlog drained ${((Date.now() - restored) / 1000).toFixed(0)} s after the cloud came back`);
    assert.deepEqual(await cloudReadings(), ["2026-12-03T06:00:00.000Z", ...outage]);
  });

  test("an upgrade without --hybrid stays hybrid: same cloud login, the new sync running and online", async () => {
    const before = readFileSync(join(stack, ".env"), "utf8").match(
      /^UNICORN_(CLOUD_DB_URL|SYNC_SITE_ID)=.*$/gm,
    );
    create(next);
    const run = install(next);
    assert.equal(run.status, 0, run.output);
    const state = JSON.parse(readFileSync(join(stack, "install.json"), "utf8")) as {
      version: string;
      overlays?: string[];
    };
    assert.deepEqual([state.version, state.overlays], [next, ["hybrid"]]);
    assert.deepEqual(
      readFileSync(join(stack, ".env"), "utf8").match(/^UNICORN_(CLOUD_DB_URL|SYNC_SITE_ID)=.*$/gm),
      before,
    );
    const image = execFileSync(
      "podman",
      ["inspect", `${stackProject}_sync_1`, "--format", "{{.ImageName}}"],
      {
        encoding: "utf8",
      },
    ).trim();
    assert.equal(image, `localhost/unicorn-sync:${next}`);
    const time = "2026-12-03T08:00:00.000Z";
    await postReadings([time]);
    // The status is the last attempt's: wait for the reading itself, then for a clean status.
    await until("the reading in the cloud after the upgrade", async () =>
      (await cloudReadings()).includes(time) ? true : undefined,
    );
    await synced("sync online after the upgrade");
  });
});
