// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation (${VAR}) is what is tested
/**
 * The release archive without containers: real gpg (a throwaway keyring with a publisher key and a customer key),
 * a small staged release, and every way a delivered archive can go wrong. The container suite does the same with
 * real images and installs the result.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { packArchive } from "../src/bundle/archive";
import { interpolate, readComposeServices, selectServices } from "../src/bundle/compose-file";
import { resolveImages, sealBundle } from "../src/bundle/create";
import { parseEnv, renderEnv, SECRETS } from "../src/bundle/env-file";
import { compareVersions } from "../src/bundle/install";
import { MANIFEST } from "../src/bundle/manifest";
import { openBundle } from "../src/bundle/open";
import { encryptionKind } from "../src/bundle/passphrase";
import type { Progress } from "../src/bundle/progress";
import { unicorn } from "./run-cli";

const root = resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(join(tmpdir(), "ucb-"));
const home = join(work, "g");
const passphrase = "correct horse battery staple";
const quiet: Progress = {
  step: () => undefined,
  bytes: () => ({ update: () => undefined, finish: () => undefined }),
};
const gpg = (args: string[], input?: string) =>
  execFileSync("gpg", ["--batch", "--yes", "--no-tty", ...args], {
    env: { ...process.env, GNUPGHOME: home },
    input,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
/** An unprotected key in the test keyring: a publisher's (sign) or a customer's (default: sign + encrypt). */
const quickGenKey = (userId: string, algorithm: string, usage: string) =>
  gpg(["--passphrase", "", "--quick-gen-key", userId, algorithm, usage, "never"]);

let publisherKey: string;
let strangerKey: string;
let customerKey: string;
let staged: string;

async function seal(
  out: string,
  options: { passphrase?: string; recipientFiles?: string[]; signingKey?: string } = {},
) {
  const copy = mkdtempSync(join(work, "stage-"));
  cpSync(staged, join(copy, "unicorn-9.9.9"), { recursive: true });
  const encryption = options.passphrase || options.recipientFiles ? { ...options } : { passphrase };
  await sealBundle(
    join(copy, "unicorn-9.9.9"),
    {
      version: "9.9.9",
      commit: "abc123",
      createdAt: "2026-11-25T00:00:00Z",
      services: ["api"],
      env: {},
      images: [],
    },
    { out, encryption, signingKey: options.signingKey ?? "release@unicorn.test" },
    quiet,
  );
  rmSync(copy, { recursive: true, force: true });
  return out;
}

const open = (archive: string, options: { key?: string; passphrase?: string | undefined } = {}) =>
  openBundle(
    archive,
    {
      workDir: join(work, "open"),
      passphrase: "passphrase" in options ? options.passphrase : passphrase,
      publisherKey: options.key ?? publisherKey,
    },
    quiet,
  );

describe("release archive: sign, encrypt, verify", () => {
  before(() => {
    mkdirSync(home, { mode: 0o700 });
    process.env.GNUPGHOME = home;
    quickGenKey("Uni-Corn Release <release@unicorn.test>", "ed25519", "sign");
    quickGenKey("Somebody Else <stranger@unicorn.test>", "ed25519", "sign");
    quickGenKey("Prairie Creek Farms <it@farm.test>", "default", "default");
    publisherKey = join(work, "publisher.asc");
    writeFileSync(publisherKey, gpg(["--armor", "--export", "release@unicorn.test"]));
    strangerKey = join(work, "stranger.asc");
    writeFileSync(strangerKey, gpg(["--armor", "--export", "stranger@unicorn.test"]));
    customerKey = join(work, "customer.asc");
    writeFileSync(customerKey, gpg(["--armor", "--export", "it@farm.test"]));

    staged = join(work, "staged");
    mkdirSync(join(staged, "images"), { recursive: true });
    mkdirSync(join(staged, "compose"));
    writeFileSync(join(staged, "images/api.tar"), Buffer.alloc(300_000, 7));
    writeFileSync(join(staged, "compose/docker-compose.yml"), "services: {}\n");
  });

  after(() => {
    spawnSync("gpgconf", ["--kill", "gpg-agent"], { env: { ...process.env, GNUPGHOME: home } });
    delete process.env.GNUPGHOME;
    rmSync(work, { recursive: true, force: true });
  });

  test("a sealed archive verifies, and plain gpg --decrypt opens it", async () => {
    const archive = await seal(join(work, "good.tar.gpg"));
    assert.equal(encryptionKind(archive), "passphrase");
    const opened = await open(archive);
    assert.equal(opened.manifest.version, "9.9.9");
    assert.deepEqual(
      opened.manifest.files.map((file) => file.path),
      ["compose/docker-compose.yml", "images/api.tar"],
    );
    const expected = execFileSync("sha256sum", [join(staged, "images/api.tar")], { encoding: "utf8" }).split(
      " ",
    )[0];
    assert.equal(opened.manifest.files[1]!.sha256, expected);
    opened.discard();
    // What an operator without the unicorn CLI does.
    const passphraseFile = join(work, "passphrase.txt");
    writeFileSync(passphraseFile, passphrase);
    const listing = execFileSync(
      "sh",
      [
        "-c",
        `gpg --batch --pinentry-mode loopback --passphrase-file "${passphraseFile}" --decrypt "${archive}" | tar -t`,
      ],
      { encoding: "utf8", env: { ...process.env, GNUPGHOME: home }, stdio: ["ignore", "pipe", "ignore"] },
    );
    assert.match(listing, /^unicorn-9\.9\.9\/manifest\.json\.asc$/m);
    assert.match(listing, /^unicorn-9\.9\.9\/images\/api\.tar$/m);
  });

  test("a truncated archive is refused", async () => {
    const archive = await seal(join(work, "truncated.tar.gpg"));
    truncateSync(archive, Math.floor(statSync(archive).size * 0.6));
    await assert.rejects(open(archive), /cannot decrypt truncated\.tar\.gpg/);
  });

  test("one altered byte in the ciphertext is refused (OpenPGP integrity protection)", async () => {
    const archive = await seal(join(work, "flipped.tar.gpg"));
    const bytes = readFileSync(archive);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(archive, bytes);
    await assert.rejects(open(archive), /cannot decrypt flipped\.tar\.gpg/);
  });

  test("the wrong passphrase is refused", async () => {
    const archive = await seal(join(work, "wrong-pass.tar.gpg"));
    await assert.rejects(open(archive, { passphrase: "not the passphrase" }), /cannot decrypt/);
  });

  test("a file swapped after signing, re-encrypted by someone with the passphrase, fails its checksum", async () => {
    const archive = await seal(join(work, "swapped.tar.gpg"));
    const opened = await open(archive);
    writeFileSync(join(opened.folder, "images/api.tar"), Buffer.alloc(300_000, 8));
    const forged = join(work, "forged.tar.gpg");
    await packArchive(opened.folder, 0, forged, { passphrase }, quiet);
    opened.discard();
    await assert.rejects(open(forged), /checksum mismatch for images\/api\.tar/);
  });

  test("an edited manifest has a BAD signature; an added file is refused", async () => {
    const archive = await seal(join(work, "edited.tar.gpg"));
    const opened = await open(archive);
    const manifest = JSON.parse(readFileSync(join(opened.folder, MANIFEST), "utf8"));
    manifest.version = "9.9.10";
    writeFileSync(join(opened.folder, MANIFEST), JSON.stringify(manifest));
    const edited = join(work, "edited2.tar.gpg");
    await packArchive(opened.folder, 0, edited, { passphrase }, quiet);
    opened.discard();
    await assert.rejects(open(edited), /signature is BAD/);

    const again = await open(archive);
    writeFileSync(join(again.folder, "compose/extra.sh"), "echo surprise\n");
    const added = join(work, "added.tar.gpg");
    await packArchive(again.folder, 0, added, { passphrase }, quiet);
    again.discard();
    await assert.rejects(open(added), /files not in the manifest: compose\/extra\.sh/);
  });

  test("an archive signed by another key is refused, even one in the operator's keyring", async () => {
    const archive = await seal(join(work, "stranger.tar.gpg"), { signingKey: "stranger@unicorn.test" });
    await assert.rejects(open(archive), /not signed by the publisher key/);
    // With the stranger's key as the trusted one, the same archive verifies: the check is the key, not the keyring.
    (await open(archive, { key: strangerKey })).discard();
  });

  test("an archive encrypted to the customer's public key opens with their keyring, no passphrase", async () => {
    const archive = await seal(join(work, "customer.tar.gpg"), { recipientFiles: [customerKey] });
    assert.equal(encryptionKind(archive), "public-key");
    const opened = await open(archive, { passphrase: undefined });
    assert.equal(opened.manifest.version, "9.9.9");
    opened.discard();
  });
});

describe("release contents from the compose file", () => {
  test("compose interpolation: defaults, required values and empty values", () => {
    const vars: Record<string, string> = { SET: "x", EMPTY: "" };
    const lookup = (name: string) => vars[name];
    assert.equal(interpolate("${SET:-d}/${UNSET:-d}/${EMPTY:-d}/${EMPTY-d}/${UNSET-d}", lookup), "x/d/d//d");
    assert.equal(interpolate("a${SET}b${UNSET}c", lookup), "axbc");
    assert.throws(
      () => interpolate("${UNSET:?set it in .env}", lookup),
      /UNSET is required: set it in \.env/,
    );
    assert.throws(() => interpolate("${EMPTY:?no}", lookup), /EMPTY is required/);
    assert.equal(interpolate("${EMPTY?no}", lookup), "");
  });

  test("the shipped compose file: core services and monitoring by default, logging on request, the CLI always shipped", () => {
    const compose = join(root, "deploy/compose");
    const services = readComposeServices(join(compose, "docker-compose.yml"));
    const byDefault = [
      "postgres",
      "api",
      "ml",
      "web",
      "proxy",
      "prometheus",
      "postgres-exporter",
      "node-exporter",
      "grafana",
    ];
    assert.deepEqual(
      selectServices(services, []).map((service) => service.name),
      byDefault,
    );
    const core = resolveImages({ version: "1.2.3", composeDir: compose, profiles: [], environment: {} });
    assert.deepEqual(core.services, byDefault);
    assert.deepEqual(
      core.images.map((image) => image.ref),
      [
        "docker.io/library/postgres:16.4",
        "localhost/unicorn-api:1.2.3",
        "localhost/unicorn-ml:1.2.3",
        "localhost/unicorn-web:1.2.3",
        "localhost/unicorn-proxy:1.2.3",
        "localhost/unicorn-cli:1.2.3",
        "docker.io/prom/prometheus:v2.53.2",
        "quay.io/prometheuscommunity/postgres-exporter:v0.15.0",
        "quay.io/prometheus/node-exporter:v1.8.2",
        "docker.io/grafana/grafana:11.2.0",
      ],
    );
    assert.deepEqual(core.env, {});
    const logged = resolveImages({
      version: "1.2.3",
      composeDir: compose,
      profiles: ["logging"],
      environment: {
        UNICORN_REGISTRY: "registry.farm.test",
        POSTGRES_IMAGE: "registry.farm.test/postgres:16.4",
      },
    });
    assert.ok(logged.services.includes("kibana") && logged.services.includes("grafana"));
    assert.ok(!logged.services.includes("cli"));
    assert.ok(logged.images.some((image) => image.ref === "registry.farm.test/unicorn-api:1.2.3"));
    assert.deepEqual(logged.env, {
      POSTGRES_IMAGE: "registry.farm.test/postgres:16.4",
      UNICORN_REGISTRY: "registry.farm.test",
    });
  });

  test("no compose file gives a variable an empty default (podman-compose 1.0 passes `${NAME:-}` on literally)", () => {
    const compose = join(root, "deploy/compose");
    const offenders = readdirSync(compose)
      .filter((name) => name.endsWith(".yml"))
      .flatMap((name) =>
        readFileSync(join(compose, name), "utf8")
          .split("\n")
          .map((line, index) => ({ where: `${name}:${index + 1}`, line }))
          .filter(({ line }) => /\$\{[A-Za-z_][A-Za-z0-9_]*:?-\}/.test(line)),
      )
      .map(({ where }) => where);
    assert.deepEqual(offenders, []);
  });

  test("every long-running service of the compose file has a healthcheck", () => {
    const file = parseYaml(readFileSync(join(root, "deploy/compose/docker-compose.yml"), "utf8")) as {
      services: Record<string, { healthcheck?: { test?: string[] }; profiles?: string[] }>;
    };
    // Our api and ml images declare theirs in exec form (they have no shell, and podman-compose would wrap a
    // compose-level check in `/bin/sh -c`); every other service states its check in the compose file.
    const imageDeclares = (service: string) =>
      existsSync(join(root, `deploy/docker/${service}.Dockerfile`)) &&
      /^HEALTHCHECK .*CMD \[/m.test(readFileSync(join(root, `deploy/docker/${service}.Dockerfile`), "utf8"));
    const missing = Object.entries(file.services)
      .filter(([, service]) => !service.profiles?.includes("tools"))
      .filter(([, service]) => !(service.healthcheck?.test && service.healthcheck.test.length > 1))
      .map(([name]) => name)
      .filter((name) => !imageDeclares(name));
    assert.deepEqual(missing, []);
    for (const name of ["api", "ml"])
      assert.ok(imageDeclares(name), `${name}.Dockerfile declares a HEALTHCHECK`);
  });

  test("the release workflow pulls every image a bundle ships", () => {
    const workflow = readFileSync(join(root, ".github/workflows/release.yml"), "utf8");
    const compose = join(root, "deploy/compose");
    const { images } = resolveImages({
      version: "1.2.3",
      composeDir: compose,
      profiles: [],
      environment: {},
    });
    const thirdParty = images.map((image) => image.ref).filter((ref) => !ref.startsWith("localhost/"));
    for (const ref of thirdParty) assert.ok(workflow.includes(ref), `release.yml does not pull ${ref}`);
    assert.ok(
      ["prometheus", "grafana", "node-exporter", "postgres-exporter"].every((name) =>
        images.some((image) => image.ref.includes(`/${name}:`)),
      ),
      "every bundle ships monitoring",
    );
  });
});

describe(".env on install and upgrade", () => {
  const example = readFileSync(join(root, "deploy/compose/.env.example"), "utf8");

  test("a first install fills every secret with a distinct random value and sets the version", () => {
    const env = parseEnv(
      renderEnv(undefined, example, { UNICORN_VERSION: "1.0.0", UNICORN_HTTPS_PORT: "8443" }),
    );
    assert.equal(env.get("UNICORN_VERSION"), "1.0.0");
    assert.equal(env.get("UNICORN_HTTPS_PORT"), "8443");
    const secrets = SECRETS.map((name) => env.get(name) ?? "");
    for (const secret of secrets) assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(new Set(secrets).size, secrets.length);
  });

  test("the broker password is generated on a first install and on an upgrade of an install without one", () => {
    const first = parseEnv(renderEnv(undefined, example, { UNICORN_VERSION: "1.0.0" }));
    assert.match(first.get("UNICORN_MQTT_PASSWORD") ?? "", /^[A-Za-z0-9_-]{43}$/);
    const older = renderEnv(undefined, example, { UNICORN_VERSION: "1.0.0" }).replace(
      /^UNICORN_MQTT_PASSWORD=.*$/m,
      "UNICORN_MQTT_PASSWORD=",
    );
    const upgraded = parseEnv(renderEnv(older, example, { UNICORN_VERSION: "1.1.0" }));
    assert.match(upgraded.get("UNICORN_MQTT_PASSWORD") ?? "", /^[A-Za-z0-9_-]{43}$/);
  });

  test("an upgrade keeps secrets and the operator's edits, and adds settings new in the release", () => {
    const installed = renderEnv(undefined, example, { UNICORN_VERSION: "1.0.0" }).replace(
      "LOG_LEVEL=info",
      "LOG_LEVEL=debug",
    );
    const newer = `${example}NEW_SETTING=on\n`;
    const upgraded = renderEnv(installed, newer, { UNICORN_VERSION: "1.1.0", POSTGRES_IMAGE: "local/pg:16" });
    const before = parseEnv(installed);
    const after = parseEnv(upgraded);
    for (const name of SECRETS) assert.equal(after.get(name), before.get(name));
    assert.equal(after.get("UNICORN_VERSION"), "1.1.0");
    assert.equal(after.get("LOG_LEVEL"), "debug");
    assert.equal(after.get("NEW_SETTING"), "on");
    assert.equal(after.get("POSTGRES_IMAGE"), "local/pg:16");
    assert.equal(upgraded.match(/^UNICORN_VERSION=/gm)?.length, 1);
  });
});

describe("release versions", () => {
  test("ordered as semver.org item 11 lists them; an install refuses to go back without --allow-downgrade", () => {
    const spec = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "2.0.0",
      "2.1.0",
      "2.1.1",
    ];
    for (let i = 0; i < spec.length - 1; i++) {
      assert.equal(compareVersions(spec[i]!, spec[i + 1]!), -1, `${spec[i]} < ${spec[i + 1]}`);
      assert.equal(compareVersions(spec[i + 1]!, spec[i]!), 1, `${spec[i + 1]} > ${spec[i]}`);
    }
    assert.equal(compareVersions("0.10.0", "0.9.3"), 1);
    assert.equal(compareVersions("1.2.3+build.7", "1.2.3"), 0);
  });
});

describe("bundle install arguments", () => {
  test("the demo organization's name is refused for a farm's own organization, before anything is opened", async () => {
    const run = await unicorn(
      [
        "bundle",
        "install",
        join(tmpdir(), "no-such-archive.tar.gpg"),
        "--organization",
        "Prairie Creek Farms",
        "--admin-email",
        "owner@farm.test",
        "--demo",
      ],
      {},
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"Prairie Creek Farms" is the demo organization's name/);
  });
});
