/**
 * Hybrid mode in containers (podman + podman-compose): the on-prem stack with the hybrid.yml overlay, the cloud out
 * of reach (a farm installed before its link works, or during an outage). The sync service must be healthy and
 * report itself offline with the reason, and the farm resolver must answer the app's name with the farm address.
 * `npm run test:containers` (needs podman, podman-compose, mmdebstrap, openssl).
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildTestImages, LOCAL, removeComposeNetworks } from "./local-bases";

const root = resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const dnsPort = 19_353 + Math.floor(Math.random() * 40);
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

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error; // not yet
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? ` (last: ${lastError.message})` : "";
      throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

describe("hybrid overlay in containers, cloud out of reach", () => {
  before(() => {
    buildTestImages(version, log);
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
