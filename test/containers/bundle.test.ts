/**
 * The air-gapped release end to end, with the real `unicorn` executable, real gpg and podman: create an encrypted
 * archive of this checkout's images, verify it, refuse a truncated copy, open it with plain gpg, install
 * it into an empty directory (demo data on request), upgrade it in place with data and secrets kept, and watch a
 * broken release roll back. Part of `npm run test:containers`; builds the release and its images first.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { httpsClient } from "./https-client";
import { buildTestImages, LOCAL_IMAGE_ENV, removeComposeNetworks } from "./local-bases";
import { releaseWorkspace, unicorn } from "./release-bundle";

const root = resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
// The next two patch releases: an upgrade, then one whose api does not start.
const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
const next = `${major}.${minor}.${patch + 1}`;
const broken = `${major}.${minor}.${patch + 2}`;
const services = ["api", "ml", "web", "proxy", "cli"];
const httpsPort = 20_443 + Math.floor(Math.random() * 100);
const project = `unicornbundle${process.pid}`;
const admin = { email: "owner@farm.test", password: "owner-password-123" };
const log = (line: string) => console.log(line);

const work = mkdtempSync(join(tmpdir(), "unicorn-release-"));
const release = releaseWorkspace(work, {
  env: {
    ...process.env,
    // Every install runs monitoring: the compose file's images point at the local stand-ins, and Grafana gets a
    // port of its own (3000 may be taken on a shared test host).
    ...LOCAL_IMAGE_ENV,
    GRAFANA_PORT: String(httpsPort + 2000),
    UNICORN_ADMIN_EMAIL: admin.email,
    UNICORN_ADMIN_PASSWORD: admin.password,
  },
  timeoutMs: 600_000,
  log,
});
const { env, stack, passphraseFile, publisherKey, archive, create, newSigningKey } = release;
const cli = (args: string[], timeoutMs?: number) => release.run(unicorn, args, timeoutMs);

/** `unicorn bundle verify` of an archive against a signer key (the publisher's unless told). */
function verify(file: string, signerKey = publisherKey) {
  return cli(["bundle", "verify", file, "--passphrase-file", passphraseFile, "--signer-key", signerKey]);
}

/** An upgrade (or downgrade) of the installed stack: the ports and signer key stay as the first install set them. */
const install = (v: string) => release.install(v, { project, timeoutSeconds: 180 });

const https = httpsClient(httpsPort, () => readFileSync(join(stack, "tls/tls.crt")));

const installed = () =>
  (JSON.parse(readFileSync(join(stack, "install.json"), "utf8")) as { version: string }).version;
const runningApiImage = () =>
  execFileSync("podman", ["inspect", `${project}_api_1`, "--format", "{{.ImageName}}"], {
    encoding: "utf8",
  }).trim();

/** An action's audit events, newest first, as an admin sees them in GET /audit-events. */
async function auditEvents(action: string, bearer: string) {
  const response = await https("GET", `/api/v1/audit-events?action=${action}&limit=20`, undefined, {
    authorization: `Bearer ${bearer}`,
  });
  assert.equal(response.status, 200, JSON.stringify(response.json));
  return response.json.items as { outcome: string; details: Record<string, unknown> }[];
}

describe("encrypted release archive: create, verify, install, upgrade, roll back", () => {
  let token: string;

  before(() => {
    buildTestImages(version, log);
    // The next release: the same images under a new version. The broken one: an api that exits at start.
    for (const name of services) {
      execFileSync("podman", [
        "tag",
        `localhost/unicorn-${name}:${version}`,
        `localhost/unicorn-${name}:${next}`,
      ]);
      if (name !== "api")
        execFileSync("podman", [
          "tag",
          `localhost/unicorn-${name}:${version}`,
          `localhost/unicorn-${name}:${broken}`,
        ]);
    }
    writeFileSync(
      join(work, "broken.Dockerfile"),
      `FROM localhost/unicorn-api:${version}\nENTRYPOINT ["/bin/sh", "-c", "echo simulated startup failure >&2; exit 3"]\n`,
    );
    execFileSync("podman", [
      "build",
      "-q",
      "--format",
      "docker",
      "-f",
      join(work, "broken.Dockerfile"),
      "-t",
      `localhost/unicorn-api:${broken}`,
      work,
    ]);
    release.prepareKeys();
  });

  after(() => {
    spawnSync("podman-compose", ["-p", project, "down"], { cwd: stack, stdio: "ignore", timeout: 300_000 });
    removeComposeNetworks(project);
    for (const name of services)
      for (const tag of [next, broken])
        spawnSync("podman", ["rmi", `localhost/unicorn-${name}:${tag}`], { stdio: "ignore" });
    release.remove();
  });

  test("create: one encrypted archive that verifies, opens with plain gpg, and refuses a truncated copy", () => {
    create(version);
    const verified = verify(archive(version));
    assert.equal(verified.status, 0, verified.output);
    assert.match(
      verified.stdout,
      new RegExp(`intact: unicorn ${version.replaceAll(".", "\\.")} .*10 images`),
    );
    log(`verify: ${verified.seconds.toFixed(0)} s`);

    // What an operator can do without the unicorn CLI: gpg and tar alone.
    const listing = execFileSync(
      "sh",
      [
        "-c",
        `gpg --batch --pinentry-mode loopback --passphrase-file "${passphraseFile}" --decrypt "${archive(version)}" | tar -t`,
      ],
      { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64e6 },
    );
    for (const entry of [
      "manifest.json",
      "manifest.json.asc",
      "bin/unicorn",
      "compose/docker-compose.yml",
      "compose/.env.example",
      "docs/install-on-prem.md",
    ])
      assert.ok(listing.includes(`unicorn-${version}/${entry}\n`), `${entry} in the archive`);
    assert.ok(listing.includes(`unicorn-${version}/images/localhost_unicorn-api_${version}.tar\n`));

    const truncated = join(work, "truncated.tar.gpg");
    execFileSync("sh", ["-c", `head -c 50000000 "${archive(version)}" > "${truncated}"`]);
    const refused = verify(truncated);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /truncated\.tar\.gpg refused: cannot decrypt truncated\.tar\.gpg/);
    rmSync(truncated);

    const wrongKey = join(work, "not-the-publisher.asc");
    writeFileSync(wrongKey, newSigningKey("Impostor", "x@impostor.test"));
    const foreign = verify(archive(version), wrongKey);
    assert.equal(foreign.status, 1);
    assert.match(foreign.stderr, /not signed by the publisher key/);
  });

  test("install into an empty directory: healthy stack, generated secrets, first admin and demo data on request", async () => {
    const run = release.install(
      version,
      { project, timeoutSeconds: 180, signed: true, ports: { https: httpsPort, http: httpsPort + 1000 } },
      ["--organization", "Hawkeye Ridge Farms", "--admin-email", "it@prairie.test", "--demo"],
      900_000,
    );
    assert.equal(run.status, 0, run.output);
    log(`install: ${run.seconds.toFixed(0)} s in all; ${/healthy after \d+ s/.exec(run.stdout)?.[0]}`);
    assert.match(run.stdout, new RegExp(`dashboard  https://127\\.0\\.0\\.1:${httpsPort}/`));
    const dotenv = readFileSync(join(stack, ".env"), "utf8");
    assert.equal(statSync(join(stack, ".env")).mode & 0o777, 0o600);
    for (const secret of [
      "POSTGRES_PASSWORD",
      "UNICORN_JWT_SECRET",
      "UNICORN_ML_TOKEN",
      "GRAFANA_ADMIN_PASSWORD",
    ])
      assert.match(dotenv, new RegExp(`^${secret}=[A-Za-z0-9_-]{43}$`, "m"));
    assert.match(dotenv, new RegExp(`^UNICORN_VERSION=${version.replaceAll(".", "\\.")}$`, "m"));
    assert.ok(
      existsSync(join(stack, "bin/unicorn")) && !existsSync(join(stack, `releases/${version}/images`)),
    );
    assert.equal(installed(), version);

    // The real farm's first admin, with the password printed once.
    const firstPassword = /password {2}(\S+)/.exec(run.stdout)?.[1];
    assert.ok(firstPassword, run.stdout);
    const first = await https("POST", "/api/v1/auth/login", {
      email: "it@prairie.test",
      password: firstPassword,
    });
    assert.equal(first.status, 200, JSON.stringify(first.json));

    const login = await https("POST", "/api/v1/auth/login", admin);
    assert.equal(login.status, 200, JSON.stringify(login.json));
    token = login.json.accessToken;
    const farms = await https("GET", "/api/v1/farms", undefined, { authorization: `Bearer ${token}` });
    assert.ok(farms.json.total >= 1, "the demo farm is there");
    // The install is in the audit log, for the demo admin and the farm's own admin alike.
    for (const bearer of [token, first.json.accessToken])
      assert.deepEqual(
        (await auditEvents("bundle.install", bearer)).map((e) => e.details.version),
        [version],
      );
    const web = await https("GET", "/");
    assert.equal(web.status, 200);
  });

  test("upgrade in place: images loaded, data and secrets kept, the new version running", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const added = await https("POST", "/api/v1/farms", { name: "Kept across upgrades" }, auth);
    assert.equal(added.status, 201);
    const secretsBefore = readFileSync(join(stack, ".env"), "utf8").match(
      /^(POSTGRES_PASSWORD|UNICORN_JWT_SECRET)=.*$/gm,
    );
    create(next);
    // This host lacks one of the new images: the install loads it from the archive.
    execFileSync("podman", ["rmi", `localhost/unicorn-web:${next}`], { stdio: "ignore" });
    const run = install(next);
    assert.equal(run.status, 0, run.output);
    log(`upgrade: ${run.seconds.toFixed(0)} s in all; ${/healthy after \d+ s/.exec(run.stdout)?.[0]}`);
    assert.match(
      run.stderr,
      new RegExp(`loading image \\d+/\\d+ localhost/unicorn-web:${next.replaceAll(".", "\\.")}`),
    );
    assert.match(run.stderr, /backing up the database to .*before-/);
    assert.equal(installed(), next);
    assert.equal(runningApiImage(), `localhost/unicorn-api:${next}`);
    assert.deepEqual(
      readFileSync(join(stack, ".env"), "utf8").match(/^(POSTGRES_PASSWORD|UNICORN_JWT_SECRET)=.*$/gm),
      secretsBefore,
    );
    // The login from before the upgrade still works: the JWT secret was kept.
    const farms = await https("GET", "/api/v1/farms?limit=100", undefined, auth);
    assert.equal(farms.status, 200);
    assert.ok(JSON.stringify(farms.json).includes("Kept across upgrades"));
    const [upgrade] = await auditEvents("bundle.upgrade", token);
    assert.equal(upgrade?.outcome, "success");
    assert.deepEqual([upgrade?.details.from, upgrade?.details.to], [version, next]);
    assert.match(String(upgrade?.details.backup), /^before-/);
    rmSync(archive(next));
  });

  test("a release that does not start is rolled back, and the previous one serves the same data", async () => {
    create(broken);
    const run = install(broken);
    assert.equal(run.status, 1, run.output);
    assert.match(
      run.stderr,
      new RegExp(
        `upgrade to ${broken.replaceAll(".", "\\.")} failed and was rolled back to ${next.replaceAll(".", "\\.")}`,
      ),
    );
    assert.match(run.stderr, /api keeps restarting/);
    assert.match(run.stderr, /simulated startup failure/);
    log(`failed upgrade rolled back in ${run.seconds.toFixed(0)} s`);
    assert.equal(installed(), next);
    assert.equal(runningApiImage(), `localhost/unicorn-api:${next}`);
    assert.match(
      readFileSync(join(stack, ".env"), "utf8"),
      new RegExp(`^UNICORN_VERSION=${next.replaceAll(".", "\\.")}$`, "m"),
    );
    const farms = await https("GET", "/api/v1/farms?limit=100", undefined, {
      authorization: `Bearer ${token}`,
    });
    assert.equal(farms.status, 200);
    assert.ok(JSON.stringify(farms.json).includes("Kept across upgrades"));
    const [failed] = await auditEvents("bundle.upgrade", token);
    assert.deepEqual([failed?.outcome, failed?.details.to], ["failure", broken]);
    const [rollback] = await auditEvents("bundle.rollback", token);
    assert.deepEqual([rollback?.details.from, rollback?.details.to], [broken, next]);

    // Going back to the first release is refused: its api predates the running schema.
    const older = install(version);
    assert.equal(older.status, 1, older.output);
    assert.match(older.stderr, /older than the installed/);
    assert.equal(installed(), next);
  });
});
