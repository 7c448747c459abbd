/**
 * `unicorn bundle install --hybrid`: the settings it writes (validated, the cloud login only in the 0600 .env),
 * the compose overlay a bundle carries, and hybrid mode kept over upgrades. The podman run of a whole hybrid stack
 * is in test/containers.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { variablesIn } from "../src/bundle/compose-file";
import { resolveImages } from "../src/bundle/create";
import { parseEnv } from "../src/bundle/env-file";
import { CLOUD_CA_FILE, composeFiles, hybridSettings, installCloudCa } from "../src/bundle/hybrid";
import { stackLayout } from "../src/bundle/install";
import { writeEnvFile } from "../src/bundle/stack-files";
import { unicorn } from "./run-cli";

const compose = resolve(import.meta.dirname, "../../../deploy/compose");
const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("hybrid install settings", () => {
  const work = mkdtempSync(join(tmpdir(), "unicorn-hybrid-"));
  after(() => rmSync(work, { recursive: true, force: true }));
  const caFile = join(work, "global-bundle.pem");
  writeFileSync(caFile, CA);
  const base = {
    siteId: "hawkeye-ridge",
    appName: "app.hawkeyeridge.example",
    farmAddress: "192.168.50.10",
    cloudCaFile: caFile,
  };

  test("a URL without its password and the password apart make a verified-TLS URL, the password percent-encoded", () => {
    const settings = hybridSettings({
      ...base,
      cloudDbUrl: "postgres://unicorn_sync@unicorn-prod.c9akciq32.us-east-2.rds.amazonaws.com:5432/unicorn",
      cloudPassword: "p@ss:w/rd$1",
    });
    // RFC 3986 percent-encoding by hand: @ %40, : %3A, / %2F, $ %24 (a $ would also be read by compose).
    assert.equal(
      settings.UNICORN_CLOUD_DB_URL,
      "postgres://unicorn_sync:p%40ss%3Aw%2Frd%241@unicorn-prod.c9akciq32.us-east-2.rds.amazonaws.com:5432/unicorn?sslmode=verify-full",
    );
    assert.equal(settings.UNICORN_SYNC_SITE_ID, "hawkeye-ridge");
    assert.equal(settings.UNICORN_DNS_BIND, "192.168.50.10");
    assert.equal(settings.UNICORN_DNS_UPSTREAM, "");
  });

  test("the sync login's secret JSON (as Secrets Manager holds it) makes the same URL", () => {
    const settings = hybridSettings({
      ...base,
      cloudCredentials: JSON.stringify({
        username: "unicorn_sync",
        password: "p@ss:w/rd$1",
        host: "db.example",
        port: 5432,
        dbname: "unicorn",
      }),
      dnsUpstream: "192.168.50.1,1.1.1.1",
    });
    assert.equal(
      settings.UNICORN_CLOUD_DB_URL,
      "postgres://unicorn_sync:p%40ss%3Aw%2Frd%241@db.example:5432/unicorn?sslmode=verify-full",
    );
    assert.equal(settings.UNICORN_DNS_UPSTREAM, "192.168.50.1,1.1.1.1");
    // Ports only when given: an upgrade keeps what .env has, a first install takes .env.example's 53 and 8002.
    assert.equal("UNICORN_DNS_PORT" in settings, false);
    const ports = hybridSettings({
      ...base,
      cloudDbUrl: "postgres://u@h/db",
      cloudPassword: "x",
      dnsPort: "5353",
      syncPort: "18002",
    });
    assert.deepEqual([ports.UNICORN_DNS_PORT, ports.UNICORN_SYNC_PORT], ["5353", "18002"]);
  });

  test("bad input is refused naming the flag", () => {
    const url = "postgres://unicorn_sync@db.example/unicorn";
    const cases: [Parameters<typeof hybridSettings>[0], RegExp][] = [
      [
        { ...base, cloudDbUrl: "postgres://u:secret@db.example/unicorn", cloudPassword: "x" },
        /leave the password out/,
      ],
      [{ ...base, cloudDbUrl: `${url}?sslmode=disable`, cloudPassword: "x" }, /verified TLS/],
      [{ ...base, cloudDbUrl: "https://db.example", cloudPassword: "x" }, /--cloud-db-url/],
      [{ ...base }, /--cloud-credentials-file/],
      [{ ...base, siteId: "Hawkeye Ridge", cloudDbUrl: url, cloudPassword: "x" }, /--site-id/],
      [{ ...base, appName: "app", cloudDbUrl: url, cloudPassword: "x" }, /--app-name/],
      [{ ...base, farmAddress: "farm.local", cloudDbUrl: url, cloudPassword: "x" }, /--farm-address/],
      [{ ...base, dnsUpstream: "8.8.8.8,dns.google", cloudDbUrl: url, cloudPassword: "x" }, /--dns-upstream/],
      [
        { ...base, cloudCaFile: join(work, "none.pem"), cloudDbUrl: url, cloudPassword: "x" },
        /--cloud-ca-file/,
      ],
      [{ ...base, cloudCredentials: '{"username":"u","host":"h"}' }, /"password" is missing/],
      [{ ...base, dnsPort: "dns", cloudDbUrl: url, cloudPassword: "x" }, /--dns-port: a port number/],
      [{ ...base, syncPort: "70000", cloudDbUrl: url, cloudPassword: "x" }, /--sync-port: a port number/],
    ];
    for (const [input, message] of cases) assert.throws(() => hybridSettings(input), message);
  });

  test("the settings land in .env (0600) only; the CA beside it is public", () => {
    const dir = join(work, "install");
    const settings = hybridSettings({
      ...base,
      cloudDbUrl: "postgres://s@db.example/unicorn",
      cloudPassword: "hunter2-long",
    });
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(compose, ".env.example"), join(dir, ".env.example"));
    const env = writeEnvFile(dir, { ...settings, COMPOSE_FILE: composeFiles(["hybrid"]).join(":") });
    installCloudCa(dir, caFile);
    assert.equal(statSync(join(dir, ".env")).mode & 0o777, 0o600);
    assert.equal(env.get("UNICORN_CLOUD_DB_URL"), settings.UNICORN_CLOUD_DB_URL);
    assert.equal(env.get("COMPOSE_FILE"), "docker-compose.yml:hybrid.yml");
    // Each setting once: the example's empty lines were filled, not duplicated.
    const text = readFileSync(join(dir, ".env"), "utf8");
    assert.equal(text.match(/^UNICORN_CLOUD_DB_URL=/gm)?.length, 1);
    assert.equal(statSync(join(dir, CLOUD_CA_FILE)).mode & 0o777, 0o644);
    // An upgrade's rewrite keeps them (secrets and settings are never regenerated).
    const again = writeEnvFile(dir, { UNICORN_VERSION: "9.9.9" });
    assert.equal(again.get("UNICORN_CLOUD_DB_URL"), settings.UNICORN_CLOUD_DB_URL);
    assert.equal(
      parseEnv(readFileSync(join(dir, ".env"), "utf8")).get("UNICORN_SYNC_SITE_ID"),
      "hawkeye-ridge",
    );
  });
});

describe("the hybrid overlay in bundles and installs", () => {
  test("hybrid.yml takes every secret and setting from .env, each named in .env.example, and waits for the database", () => {
    const text = readFileSync(join(compose, "hybrid.yml"), "utf8");
    const overlay = parseYaml(text) as {
      services: Record<string, { environment: Record<string, string>; depends_on?: Record<string, unknown> }>;
    };
    const sync = overlay.services.sync!;
    assert.match(sync.environment.CLOUD_DB_URL!, /^\$\{UNICORN_CLOUD_DB_URL:\?/);
    assert.equal(sync.environment.UNICORN_SYNC_CLOUD_TLS, "require");
    assert.match(
      sync.environment.LOCAL_DB_URL!,
      /^postgres:\/\/unicorn:\$\{POSTGRES_PASSWORD\}@postgres:5432\/unicorn$/,
    );
    assert.deepEqual(sync.depends_on?.postgres, { condition: "service_healthy" });
    assert.doesNotMatch(text, /postgres:\/\/[^$\s]*:[^$\s{]+@/, "a literal password in hybrid.yml");
    const example = parseEnv(readFileSync(join(compose, ".env.example"), "utf8"));
    const read = new Set(variablesIn(text));
    const unset = [...read].filter(
      (name) => !example.has(name) && !["UNICORN_REGISTRY", "UNICORN_VERSION", "LOG_LEVEL"].includes(name),
    );
    assert.deepEqual(unset, []);
    // Every setting the install writes is one the overlay reads.
    const ca = join(tmpdir(), `unicorn-ca-${process.pid}.pem`);
    writeFileSync(ca, CA);
    try {
      const written = hybridSettings({
        siteId: "s",
        appName: "app.example.com",
        farmAddress: "10.0.0.2",
        cloudCaFile: ca,
        cloudDbUrl: "postgres://s@h/u",
        cloudPassword: "x",
      });
      assert.deepEqual(
        Object.keys(written).filter((name) => !read.has(name)),
        [],
      );
    } finally {
      rmSync(ca, { force: true });
    }
  });

  test("a bundle made with the overlay carries sync's and the resolver's images and names their services", () => {
    const { services, images, overlays } = resolveImages({
      version: "1.2.3",
      composeDir: compose,
      profiles: [],
      environment: {},
      overlays: ["hybrid"],
    });
    assert.deepEqual(overlays, { hybrid: ["sync", "dns"] });
    assert.ok(!services.includes("sync"), "sync only runs with the overlay");
    const refs = images.map((image) => image.ref);
    assert.ok(refs.includes("localhost/unicorn-sync:1.2.3"));
    assert.ok(refs.includes("localhost/unicorn-dns:1.2.3"));
  });

  test("hybrid when asked, kept over an upgrade, refused when the new bundle lacks it", () => {
    const manifest = {
      version: "1.3.0",
      services: ["postgres", "api"],
      overlays: { hybrid: ["sync", "dns"] },
    };
    assert.deepEqual(stackLayout(manifest, true, undefined), {
      overlays: ["hybrid"],
      services: ["postgres", "api", "sync", "dns"],
    });
    assert.deepEqual(stackLayout(manifest, false, ["hybrid"]).overlays, ["hybrid"]);
    assert.deepEqual(stackLayout(manifest, false, undefined), {
      overlays: [],
      services: ["postgres", "api"],
    });
    assert.throws(
      () => stackLayout({ version: "1.3.0", services: ["api"] }, false, ["hybrid"]),
      /made without it \(unicorn bundle create --hybrid\)/,
    );
  });

  test("the command refuses a password on the command line without echoing it", async () => {
    const archive = join(tmpdir(), `unicorn-hybrid-${process.pid}.tar.gpg`);
    writeFileSync(archive, "x");
    try {
      const run = await unicorn(
        [
          "bundle",
          "install",
          archive,
          "--dir",
          join(tmpdir(), `unicorn-hybrid-dir-${process.pid}`),
          "--signer-key",
          archive,
          "--hybrid",
          "--site-id",
          "hawkeye-ridge",
          "--app-name",
          "app.hawkeyeridge.example",
          "--farm-address",
          "192.168.50.10",
          "--cloud-ca-file",
          archive,
          "--cloud-db-url",
          "postgres://sync:TopSecretPassword@db.example/unicorn",
        ],
        {},
        60_000,
      );
      assert.equal(run.code, 2);
      assert.ok(!`${run.stdout}${run.stderr}`.includes("TopSecretPassword"));
      const stray = await unicorn(["bundle", "install", archive, "--site-id", "x"], {}, 60_000);
      assert.equal(stray.code, 2);
      assert.match(stray.stderr, /--site-id goes with --hybrid/);
      // The organization comes from the cloud, and demo readings must not go there.
      for (const [flags, message] of [
        [
          ["--organization", "Hawkeye Ridge Farms", "--admin-email", "it@hawkeye.test"],
          /--organization: .*from the cloud/,
        ],
        [["--demo"], /--demo: a hybrid farm sends its readings to the cloud/],
      ] as const) {
        const refused = await unicorn(["bundle", "install", archive, "--hybrid", ...flags], {}, 60_000);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, message);
      }
    } finally {
      rmSync(archive, { force: true });
    }
  });
});
