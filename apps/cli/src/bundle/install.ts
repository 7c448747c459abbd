import { spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { userInfo } from "node:os";
import { basename, join } from "node:path";
import type { InstallationEvent } from "../audit/installation-audit";
import {
  appliedMigrations,
  backupDatabase,
  recordInstallationEvent,
  restoreDatabase,
} from "../backup/database";
import type { Target } from "../backup/postgres-tools";
import { type Engine, imageId, loadImage, projectContainers, run, runAsync } from "./engine";
import { composeFiles, HYBRID, installCloudCa } from "./hybrid";
import type { Manifest } from "./manifest";
import { openBundle } from "./open";
import type { Progress } from "./progress";
import { ensureCertificate, prepareDataDirs, writeComposeFiles, writeEnvFile } from "./stack-files";
import { waitUntilHealthy } from "./stack-health";
import { startRelease } from "./start-release";

/**
 * `unicorn bundle install`: from an encrypted archive to a healthy stack, and in place over an older install:
 * backup first, data kept, migrations applied by the new api, and a failed start rolled back to the previous
 * release (its compose files and .env, and the pre-upgrade backup when the schema had changed).
 */
export interface InstallOptions {
  archive: string;
  dir: string;
  project: string;
  passphrase: string | undefined;
  publisherKey: string;
  /** .env settings given on the command line (UNICORN_BIND, UNICORN_HTTPS_PORT, UNICORN_HTTP_PORT). */
  settings: Record<string, string>;
  /** Extra names and addresses for the certificate. */
  hostnames: string[];
  timeoutMs: number;
  demo: boolean;
  /** The demo admin's login, when chosen (UNICORN_ADMIN_EMAIL/PASSWORD, as with `unicorn start`). */
  demoAdmin: { email: string | undefined; password: string | undefined };
  /** Install an older release over a newer one (after restoring a backup taken with it). */
  allowDowngrade: boolean;
  /** A real farm's organization and first admin (`unicorn init` in the stack). */
  firstAdmin: { organization: string; email: string } | undefined;
  /**
   * Turn hybrid mode on (or change its settings): the .env settings from hybridSettings() and the cloud CA file.
   * Undefined keeps what the installed stack had (an upgrade of a hybrid install stays hybrid).
   */
  hybrid?: { settings: Record<string, string>; cloudCaFile: string };
}

interface InstallState {
  version: string;
  installedAt: string;
  /** Compose overlays the stack runs with (hybrid); absent before any was enabled. */
  overlays?: string[];
  history: { version: string; at: string; result: "installed" | "rolled back" | "failed" }[];
}

export interface InstallResult {
  version: string;
  previous: string | undefined;
  url: string;
  healthyAfterMs: number;
  /** Logins created by --admin-email or --demo, to print once. */
  logins: string[];
}

const STATE = "install.json";

function readState(dir: string): InstallState | undefined {
  const path = join(dir, STATE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as InstallState) : undefined;
}

function writeState(dir: string, state: InstallState): void {
  writeFileSync(join(dir, `${STATE}.new`), `${JSON.stringify(state, null, 2)}\n`);
  renameSync(join(dir, `${STATE}.new`), join(dir, STATE));
}

/**
 * The overlays and services an install runs: hybrid when asked for, else what the installed stack ran (an upgrade
 * or a re-install keeps hybrid mode), refused when the release's bundle lacks an overlay the stack needs.
 */
export function stackLayout(
  manifest: Pick<Manifest, "version" | "services" | "overlays">,
  hybrid: boolean,
  installed: string[] | undefined,
): { overlays: string[]; services: string[] } {
  const overlays = hybrid ? [HYBRID] : (installed ?? []);
  const missing = overlays.find((overlay) => !manifest.overlays?.[overlay]);
  if (missing)
    throw new Error(
      `this install runs the ${missing} overlay, but ${manifest.version}'s bundle was made without it (unicorn bundle create --${missing})`,
    );
  return {
    overlays,
    services: [...manifest.services, ...overlays.flatMap((overlay) => manifest.overlays?.[overlay] ?? [])],
  };
}

/** One install at a time per directory; a lock left by a dead process is taken over. */
function lock(dir: string): () => void {
  const path = join(dir, ".install.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(path, "utf8"));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        // gone
      }
      if (alive) throw new Error(`another install (process ${holder}) is running in ${dir}`);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock ${dir}`);
}

/** Semantic version order (https://semver.org/#spec-item-11): 1.2.0-rc.1 < 1.2.0 < 1.10.0. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = "", pre] = version.split("+")[0]!.split(/-(.*)/s);
    return { core: core.split(".").map(Number), pre: pre === undefined ? [] : pre.split(".") };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d) return Math.sign(d);
  }
  if (!x.pre.length || !y.pre.length) return Math.sign(y.pre.length - x.pre.length);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const numeric = /^\d+$/.test(p) && /^\d+$/.test(q);
    if (numeric) return Math.sign(Number(p) - Number(q));
    if (/^\d+$/.test(p)) return -1;
    if (/^\d+$/.test(q)) return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/** Keeps the three newest releases besides the current and previous ones. */
function pruneReleases(releases: string, keep: (string | undefined)[]): void {
  const old = readdirSync(releases)
    .filter((name) => !name.startsWith(".") && !keep.includes(name))
    .map((name) => ({ name, at: statSync(join(releases, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
    .slice(3);
  for (const release of old) rmSync(join(releases, release.name), { recursive: true, force: true });
}

async function loadImages(
  engine: Engine,
  release: string,
  manifest: Manifest,
  progress: Progress,
): Promise<void> {
  for (const [i, image] of manifest.images.entries()) {
    const label = `image ${i + 1}/${manifest.images.length} ${image.ref}`;
    if (imageId(engine, image.ref) === image.id.replace(/^sha256:/, "")) {
      progress.step(`${label}: already loaded`);
      continue;
    }
    progress.step(`loading ${label}`);
    await loadImage(engine, join(release, image.file), image.ref);
  }
}

function proxyUser(engine: Engine, manifest: Manifest): string | undefined {
  const ref = manifest.images.find((image) => /unicorn-proxy:/.test(image.ref))?.ref;
  if (!ref) return undefined;
  return run([engine.name, "image", "inspect", ref, "--format", "{{.Config.User}}"]).trim() || undefined;
}

function stackTarget(engine: Engine, dir: string): Target {
  return { kind: "compose", dir, engine: engine.name };
}

function postgresRunning(engine: Engine, project: string): boolean {
  const out = spawnSync(
    engine.name,
    [
      "ps",
      "--filter",
      `label=com.docker.compose.project=${project}`,
      "--filter",
      "label=com.docker.compose.service=postgres",
      "--format",
      "{{.ID}}",
    ],
    { encoding: "utf8" },
  );
  return out.status === 0 && out.stdout.trim() !== "";
}

/** Where the install checks the proxy: the bound address, or loopback when it listens on every address. */
function proxyAddress(env: Map<string, string>): { host: string; port: number } {
  const bind = env.get("UNICORN_BIND") || "0.0.0.0";
  return {
    host: bind === "0.0.0.0" || bind === "::" ? "127.0.0.1" : bind,
    port: Number(env.get("UNICORN_HTTPS_PORT") || 443),
  };
}

export async function installBundle(
  engine: Engine,
  options: InstallOptions,
  progress: Progress,
): Promise<InstallResult> {
  const { dir, project } = options;
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  const unlock = lock(dir);
  try {
    const state = readState(dir);
    const releases = join(dir, "releases");
    // Left by an install that was killed while unpacking (this one holds the lock).
    if (existsSync(releases))
      for (const name of readdirSync(releases))
        if (name.startsWith(".incoming-")) rmSync(join(releases, name), { recursive: true, force: true });
    const opened = await openBundle(
      options.archive,
      { workDir: releases, passphrase: options.passphrase, publisherKey: options.publisherKey },
      progress,
    );
    const { manifest } = opened;
    if (state && compareVersions(manifest.version, state.version) < 0 && !options.allowDowngrade) {
      opened.discard();
      throw new Error(
        `${manifest.version} is older than the installed ${state.version}: its api may not understand the newer schema. Go back with a backup (unicorn restore) and --allow-downgrade`,
      );
    }
    let overlays: string[];
    let services: string[];
    try {
      ({ overlays, services } = stackLayout(manifest, Boolean(options.hybrid), state?.overlays));
    } catch (error) {
      opened.discard();
      throw error;
    }
    const release = join(releases, manifest.version);
    rmSync(release, { recursive: true, force: true });
    renameSync(opened.folder, release);
    opened.discard();
    progress.step(
      state
        ? `upgrading ${state.version} → ${manifest.version} in ${dir}`
        : `installing ${manifest.version} into ${dir}`,
    );
    await loadImages(engine, release, manifest, progress);
    // The images now live in the engine; the release folder keeps what a rollback needs (compose files,
    // manifest, docs, CLI), not gigabytes of image archives.
    rmSync(join(release, "images"), { recursive: true, force: true });
    pruneReleases(releases, [manifest.version, state?.version]);

    // An upgrade: a backup of the running database, and the schema it had, before anything changes.
    const target = stackTarget(engine, dir);
    let backup: string | undefined;
    let migrationsBefore: string[] | undefined;
    if (state && postgresRunning(engine, project)) {
      mkdirSync(join(dir, "backups"), { recursive: true, mode: 0o700 });
      backup = join(
        dir,
        "backups",
        `before-${manifest.version}-${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}.dump`,
      );
      progress.step(`backing up the database to ${backup}`);
      await backupDatabase(target, backup);
      migrationsBefore = await appliedMigrations(target);
    } else if (state) {
      progress.step("the stack is not running: no pre-upgrade backup taken (the data folder is kept as is)");
    }
    if (existsSync(join(dir, ".env"))) copyFileSync(join(dir, ".env"), join(dir, ".env.previous"));

    writeComposeFiles(release, dir);
    const env = writeEnvFile(dir, {
      ...manifest.env,
      ...options.settings,
      ...options.hybrid?.settings,
      // So a plain `docker compose` in the install directory runs the same files as this install.
      ...(overlays.length ? { COMPOSE_FILE: composeFiles(overlays).join(":") } : {}),
      UNICORN_VERSION: manifest.version,
    });
    if (options.hybrid) installCloudCa(dir, options.hybrid.cloudCaFile);
    prepareDataDirs(dir, env, services);
    const { certificate, generated } = ensureCertificate(
      engine,
      dir,
      env,
      proxyUser(engine, manifest),
      options.hostnames,
    );
    if (generated) progress.step(`generated a self-signed certificate in ${join(dir, "tls")}`);
    if (!existsSync(join(dir, "publisher.asc")))
      copyFileSync(options.publisherKey, join(dir, "publisher.asc"));
    const address = proxyAddress(env);
    const health = {
      engine,
      project,
      services,
      ...address,
      certificate,
      timeoutMs: options.timeoutMs,
    };

    let healthyAfterMs: number;
    try {
      progress.step(`starting ${services.join(", ")}`);
      const started = Date.now();
      await startRelease(engine, dir, project, manifest, overlays);
      await waitUntilHealthy(health, progress);
      // From `compose up` on: creating the containers is part of the time to a working stack.
      healthyAfterMs = Date.now() - started;
      progress.step(`every service healthy after ${(healthyAfterMs / 1000).toFixed(1)} s`);
    } catch (failure) {
      if (!state) {
        throw new Error(
          `${manifest.version} did not start: ${(failure as Error).message}\nthe stack is left as it is for inspection (${engine.compose.join(" ")} -p ${project} logs)`,
        );
      }
      progress.step(`✗ ${manifest.version} did not start: ${(failure as Error).message.split("\n")[0]}`);
      progress.step(`rolling back to ${state.version}`);
      const reason = (failure as Error).message.split("\n")[0]!;
      try {
        const restored = await rollBack(
          engine,
          options,
          state,
          health,
          { backup, migrationsBefore },
          progress,
        );
        await audit(
          target,
          {
            action: "bundle.upgrade",
            outcome: "failure",
            details: { from: state.version, to: manifest.version, reason },
          },
          progress,
        );
        await audit(
          target,
          {
            action: "bundle.rollback",
            details: {
              from: manifest.version,
              to: state.version,
              restoredBackup: restored ? basename(backup!) : null,
            },
          },
          progress,
        );
      } catch (rollbackFailure) {
        throw new Error(
          `upgrade to ${manifest.version} failed (${(failure as Error).message.split("\n")[0]}), and rolling back to ${state.version} failed too: ${(rollbackFailure as Error).message}${backup ? `\nthe database as it was before the upgrade is in ${backup} (unicorn restore)` : ""}`,
        );
      }
      writeState(dir, {
        ...state,
        history: [
          ...state.history,
          { version: manifest.version, at: new Date().toISOString(), result: "rolled back" },
        ],
      });
      throw new Error(
        `upgrade to ${manifest.version} failed and was rolled back to ${state.version}, which is running again: ${(failure as Error).message}`,
      );
    }

    await audit(
      target,
      state
        ? {
            action: "bundle.upgrade",
            details: {
              from: state.version,
              to: manifest.version,
              backup: backup ? basename(backup) : null,
              healthyAfterMs,
            },
          }
        : { action: "bundle.install", details: { version: manifest.version, healthyAfterMs } },
      progress,
    );

    if (existsSync(join(release, "bin/unicorn"))) {
      mkdirSync(join(dir, "bin"), { recursive: true });
      copyFileSync(join(release, "bin/unicorn"), join(dir, "bin/unicorn.new"));
      chmodSync(join(dir, "bin/unicorn.new"), 0o755);
      renameSync(join(dir, "bin/unicorn.new"), join(dir, "bin/unicorn"));
    }
    writeState(dir, {
      version: manifest.version,
      installedAt: new Date().toISOString(),
      ...(overlays.length ? { overlays } : {}),
      history: [
        ...(state?.history ?? []),
        { version: manifest.version, at: new Date().toISOString(), result: "installed" },
      ],
    });
    // Accounts come after the stack is recorded as installed: a failure here is reported, never rolled back.
    const logins: string[] = [];
    const step = async (what: string, args: string[], keep: RegExp) => {
      try {
        const out = await runCliInStack(engine, dir, project, manifest, args, options.demoAdmin);
        logins.push(...out.split("\n").filter((line) => keep.test(line)));
      } catch (error) {
        throw new Error(
          `${manifest.version} is installed and healthy, but ${what} failed: ${(error as Error).message}`,
        );
      }
    };
    if (options.firstAdmin) {
      progress.step(`creating the organization "${options.firstAdmin.organization}" and its admin`);
      await step(
        "creating the admin",
        ["init", "--organization", options.firstAdmin.organization, "--email", options.firstAdmin.email],
        /✓|password/,
      );
    }
    if (options.demo) {
      progress.step("seeding the demo farm (a season of hourly weather: a minute or two)");
      await step("seeding the demo farm", ["seed"], /admin|viewer|✓/);
    }
    const shown =
      address.host === "127.0.0.1" && (env.get("UNICORN_BIND") || "0.0.0.0") !== "127.0.0.1"
        ? "<this host>"
        : address.host;
    return {
      version: manifest.version,
      previous: state?.version,
      url: `https://${shown}${address.port === 443 ? "" : `:${address.port}`}/`,
      healthyAfterMs,
      logins: logins.map((line) => line.trim()),
    };
  } finally {
    unlock();
  }
}

async function rollBack(
  engine: Engine,
  options: InstallOptions,
  state: InstallState,
  health: Parameters<typeof waitUntilHealthy>[0],
  saved: { backup: string | undefined; migrationsBefore: string[] | undefined },
  progress: Progress,
): Promise<boolean> {
  const { dir, project } = options;
  let restored = false;
  const previousRelease = join(dir, "releases", state.version);
  const previousManifest = JSON.parse(
    readFileSync(join(previousRelease, "manifest.json"), "utf8"),
  ) as Manifest;
  writeComposeFiles(previousRelease, dir);
  if (existsSync(join(dir, ".env.previous"))) {
    copyFileSync(join(dir, ".env.previous"), join(dir, ".env"));
    chmodSync(join(dir, ".env"), 0o600);
  }
  // The overlays the previous release ran with; its .env (restored above) holds their settings.
  const overlays = (state.overlays ?? []).filter((overlay) => previousManifest.overlays?.[overlay]);
  await startRelease(engine, dir, project, previousManifest, overlays);
  const target = stackTarget(engine, dir);
  if (saved.backup && saved.migrationsBefore) {
    // The new api may have migrated the schema before failing: the old api needs the old schema back.
    const now = await waitForDatabase(() => appliedMigrations(target), health.timeoutMs);
    if (now.join(",") !== saved.migrationsBefore.join(",")) {
      progress.step(
        `the schema changed (${saved.migrationsBefore.length} → ${now.length} migrations): restoring ${saved.backup}`,
      );
      await restoreDatabase(target, saved.backup);
      restored = true;
    } else {
      progress.step("the schema is unchanged: the data is kept as it is");
    }
  }
  const services = [
    ...previousManifest.services,
    ...overlays.flatMap((overlay) => previousManifest.overlays?.[overlay] ?? []),
  ];
  // Services only the failed attempt ran (hybrid turned on by it): the previous release does not run them.
  const extra = projectContainers(engine, project).filter(
    (container) => !services.includes(container.service),
  );
  const leftover = extra.filter((container) => health.services.includes(container.service));
  if (leftover.length > 0) {
    progress.step(
      `removing ${[...new Set(leftover.map((c) => c.service))].join(", ")}, which ${state.version} does not run`,
    );
    run([engine.name, "rm", "-f", ...leftover.map((container) => container.id)]);
  }
  const healthyAfterMs = await waitUntilHealthy({ ...health, services }, progress);
  progress.step(`${state.version} healthy again after ${(healthyAfterMs / 1000).toFixed(1)} s`);
  return restored;
}

/** Who ran the install: the operator behind sudo, else the account the CLI runs as. */
function operator(): string {
  try {
    return process.env.SUDO_USER || userInfo().username;
  } catch {
    return "unknown";
  }
}

/**
 * Records an install, upgrade or rollback in the audit log (the stack is healthy, so the api has created the
 * table). The stack already runs: a failure to record is reported, never a reason to undo the install.
 */
async function audit(
  target: Target,
  event: Pick<InstallationEvent, "action" | "outcome" | "details">,
  progress: Progress,
): Promise<void> {
  try {
    await recordInstallationEvent(target, {
      ...event,
      actorLabel: `unicorn bundle install (cli, ${operator()})`,
      targetType: "installation",
    });
  } catch (error) {
    progress.step(`⚠ the audit log did not take the ${event.action} record: ${(error as Error).message}`);
  }
}

async function waitForDatabase<T>(query: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await query();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

/**
 * A `unicorn` command in the release's CLI image on the stack's internal network (the database is not published
 * to the host). The connection settings go through a private env file, not the command line.
 */
async function runCliInStack(
  engine: Engine,
  dir: string,
  project: string,
  manifest: Manifest,
  args: string[],
  demoAdmin: InstallOptions["demoAdmin"],
): Promise<string> {
  const cli = manifest.images.find((image) => /unicorn-cli:/.test(image.ref))?.ref;
  if (!cli) throw new Error("this release has no unicorn-cli image");
  const secrets = mkdtempSync(join(dir, ".cli-"));
  const envFile = join(secrets, "env");
  const password =
    readFileSync(join(dir, ".env"), "utf8")
      .match(/^POSTGRES_PASSWORD=(.*)$/m)?.[1]
      ?.trim() ?? "";
  // The demo admin's login can be chosen, as with `unicorn start` (scripts then know it).
  const admin = [
    ["UNICORN_ADMIN_EMAIL", demoAdmin.email],
    ["UNICORN_ADMIN_PASSWORD", demoAdmin.password],
  ]
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}=${value}\n`)
    .join("");
  writeFileSync(
    envFile,
    `DATABASE_URL=postgres://unicorn:${password}@postgres:5432/unicorn\nUNICORN_DATA_DIR=/tmp\n${admin}`,
    { mode: 0o600 },
  );
  try {
    return await runAsync([
      engine.name,
      "run",
      "--rm",
      "--network",
      `${project}_backend`,
      "--env-file",
      envFile,
      cli,
      ...args,
    ]);
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
}
