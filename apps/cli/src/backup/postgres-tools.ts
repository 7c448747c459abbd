import { execFileSync, spawn } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";

/**
 * Where pg_dump and pg_restore run. `compose`: inside the stack's postgres container (its tools always match
 * the server's version); `local`: the tools on PATH against DATABASE_URL (they must be at least the server's
 * major version — pg_dump refuses a newer server).
 */
export type Target =
  | { kind: "compose"; dir: string; engine: string }
  | {
      kind: "local";
      databaseUrl: string;
      /** The environment the tools run in (the CLI's own; the password is added to it). */
      environment: NodeJS.ProcessEnv;
    };

/** The stack's running postgres container, found by the labels docker compose and podman-compose both set. */
export function postgresContainer(target: { dir: string; engine: string }): string {
  const ids = execFileSync(
    target.engine,
    [
      "ps",
      "--filter",
      "label=com.docker.compose.service=postgres",
      "--filter",
      `label=com.docker.compose.project.working_dir=${target.dir}`,
      "--format",
      "{{.ID}}",
    ],
    { encoding: "utf8" },
  ).trim();
  const id = ids.split("\n")[0];
  if (!id) throw new Error(`no running postgres container for the stack in ${target.dir}`);
  return id;
}

export function detectEngine(): string {
  for (const engine of ["docker", "podman"]) {
    try {
      execFileSync(engine, ["info"], { stdio: "ignore" });
      return engine;
    } catch {
      // try the next
    }
  }
  throw new Error("neither docker nor podman is available");
}

/** Runs a command with stdout streamed into `file` (the dump); without `env` it inherits the CLI's. */
export async function runToFile(command: string[], file: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number>((done) => child.on("close", (code) => done(code ?? 1)));
  await pipeline(child.stdout, createWriteStream(file, { mode: 0o600 }));
  const code = await exited;
  if (code !== 0) throw new Error(stderr.trim().split("\n").slice(-3).join(" ") || `${command[0]} failed`);
}

/** Runs a command with `file` streamed into its stdin (the restore); without `env` it inherits the CLI's. */
export async function runFromFile(command: string[], file: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number>((done) => child.on("close", (code) => done(code ?? 1)));
  // If the tool stops reading early (an error), its own message matters more than the broken pipe.
  const fed = await pipeline(createReadStream(file), child.stdin).then(
    () => undefined,
    (error: Error) => error,
  );
  const code = await exited;
  if (code !== 0) throw new Error(stderr.trim().split("\n").slice(-3).join(" ") || `${command[0]} failed`);
  if (fed) throw fed;
}

/**
 * The database password from the stack's .env, handed to `exec` in a private env file (not on a command
 * line other users could read). Returns the exec options and a cleanup.
 */
export function passwordEnv(target: { dir: string }): { options: string[]; cleanup(): void } {
  const env = readFileSync(join(target.dir, ".env"), "utf8");
  const password = /^POSTGRES_PASSWORD=(.*)$/m.exec(env)?.[1]?.trim();
  if (!password) throw new Error(`POSTGRES_PASSWORD is not set in ${join(target.dir, ".env")}`);
  const folder = mkdtempSync(join(tmpdir(), "unicorn-pg-"));
  const file = join(folder, "env");
  writeFileSync(file, `PGPASSWORD=${password}\n`, { mode: 0o600 });
  return { options: ["--env-file", file], cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

/** How a tool inside the stack's postgres container logs in: over loopback as the schema owner. */
const containerLogin = ["-h", "127.0.0.1", "-U", "unicorn"];

/** argv run by `<engine> exec -i` in the stack's postgres container. */
function inContainer(
  target: Extract<Target, { kind: "compose" }>,
  execOptions: string[],
  argv: string[],
): string[] {
  return [target.engine, "exec", "-i", ...execOptions, postgresContainer(target), ...argv];
}

export function dumpCommand(target: Target, execOptions: string[] = []): string[] {
  if (target.kind === "local")
    return ["pg_dump", "--format=custom", "--no-owner", `--dbname=${target.databaseUrl}`];
  return inContainer(target, execOptions, [
    "pg_dump",
    "--format=custom",
    "--no-owner",
    ...containerLogin,
    "unicorn",
  ]);
}

/** A command in the stack's postgres container (or the local tool against the server of DATABASE_URL). */
export function toolCommand(target: Target, execOptions: string[], tool: string, args: string[]): string[] {
  if (target.kind === "local") {
    const url = new URL(target.databaseUrl);
    return [
      tool,
      "-h",
      url.hostname,
      "-p",
      url.port || "5432",
      "-U",
      decodeURIComponent(url.username),
      ...args,
    ];
  }
  return inContainer(target, execOptions, [tool, ...containerLogin, ...args]);
}

/** The database name restores replace. */
export function databaseName(target: Target): string {
  return target.kind === "local" ? new URL(target.databaseUrl).pathname.slice(1) : "unicorn";
}
