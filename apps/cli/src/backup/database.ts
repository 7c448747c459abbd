import { execFileSync } from "node:child_process";
import { basename } from "node:path";
import { type InstallationEvent, installationAuditSql } from "../audit/installation-audit";
import { writeChecksum } from "./checksum";
import {
  databaseName,
  dumpCommand,
  passwordEnv,
  runFromFile,
  runToFile,
  type Target,
  toolCommand,
} from "./postgres-tools";

/**
 * Backup and restore of the whole database, shared by `unicorn backup|restore` and the upgrade in
 * `unicorn bundle install` (which takes a backup first and restores it if a failed upgrade changed the schema).
 */
function withTools<T>(
  target: Target,
  work: (options: string[], env: NodeJS.ProcessEnv | undefined) => Promise<T>,
): Promise<T> {
  const secret = target.kind === "compose" ? passwordEnv(target) : undefined;
  // Locally the password goes in the tools' environment, not on a command line others could read; the
  // container tools get theirs from the env file (the engine's client inherits the CLI's environment).
  const env =
    target.kind === "local"
      ? { ...target.environment, PGPASSWORD: decodeURIComponent(new URL(target.databaseUrl).password) }
      : undefined;
  return work(secret?.options ?? [], env).finally(() => secret?.cleanup());
}

function runTool(
  target: Target,
  options: string[],
  env: NodeJS.ProcessEnv | undefined,
  tool: string,
  args: string[],
): string {
  const command = toolCommand(target, options, tool, args);
  try {
    return execFileSync(command[0]!, command.slice(1), {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || (error as Error).message);
  }
}

/** A consistent pg_dump (custom format, one snapshot) into `out`, plus `out.sha256`. Returns the digest. */
export function backupDatabase(target: Target, out: string): Promise<string> {
  return withTools(target, async (options, env) => {
    await runToFile(dumpCommand(target, options), out, env);
    return writeChecksum(out);
  });
}

/**
 * Restores `file` into a new database, then swaps it in for the live one (a failure before the swap leaves the
 * live database untouched). Returns the name under which the replaced database is kept.
 */
/** The audit record of a restore, run in the restored database (installation-audit.ts). */
export function restoreAuditSql(file: string, previousDatabase: string): string {
  return installationAuditSql({
    action: "backup.restore",
    actorLabel: "unicorn restore (cli)",
    targetType: "database",
    details: { file: basename(file), previousDatabase },
  });
}

/** Writes an installation-wide audit record into the live database. */
export function recordInstallationEvent(target: Target, event: InstallationEvent): Promise<void> {
  return withTools(target, async (options, env) => {
    runTool(target, options, env, "psql", [
      "-d",
      databaseName(target),
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      installationAuditSql(event),
    ]);
  });
}

/** Ends every session of `databases` and waits (bounded, 15 s) until they are gone; fails if one stays. */
function waitForNoSessionsSql(databases: string[]): string {
  const names = databases.map((name) => `'${name}'`).join(", ");
  const others = `FROM pg_stat_activity WHERE datname IN (${names}) AND pid <> pg_backend_pid()`;
  return `DO $$ BEGIN
  PERFORM pg_terminate_backend(pid) ${others};
  FOR attempt IN 1..150 LOOP
    PERFORM pg_stat_clear_snapshot();
    IF NOT EXISTS (SELECT 1 ${others}) THEN RETURN; END IF;
    PERFORM pg_sleep(0.1);
  END LOOP;
  RAISE EXCEPTION 'sessions of ${databases.join(", ")} did not end within 15 s';
END $$`;
}

/**
 * Puts the restored `staged` database in place of `live`, which is kept as `previous`. The services reconnect by
 * themselves (they retry a lost database). New connections are refused while the old ones end
 * (pg_terminate_backend only signals, and services reconnect within milliseconds), so the rename never meets
 * "database is being accessed by other users".
 */
function swapInRestoredDatabase(
  target: Target,
  options: string[],
  env: NodeJS.ProcessEnv | undefined,
  names: { live: string; staged: string; previous: string },
): void {
  const { live, staged, previous } = names;
  const psql = (statement: string) =>
    runTool(target, options, env, "psql", ["-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", statement]);
  const allowConnections = (name: string, allow: boolean) =>
    psql(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${allow}`);
  allowConnections(staged, false);
  allowConnections(live, false);
  try {
    psql(waitForNoSessionsSql([live, staged]));
    psql(`ALTER DATABASE "${live}" RENAME TO "${previous}"`);
  } catch (error) {
    allowConnections(live, true);
    throw error;
  }
  psql(`ALTER DATABASE "${staged}" RENAME TO "${live}"`);
  allowConnections(live, true);
  allowConnections(previous, true);
}

/** Swaps in an already restored copy: exported for the test that races it against reconnecting clients. */
export function swapDatabases(target: Target, names: { live: string; staged: string; previous: string }) {
  return withTools(target, async (options, env) => swapInRestoredDatabase(target, options, env, names));
}

export function restoreDatabase(target: Target, file: string): Promise<string> {
  return withTools(target, async (options, env) => {
    const live = databaseName(target);
    const staged = `${live}_restoring`;
    const previous = `${live}_before_restore_${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "")}`;
    runTool(target, options, env, "dropdb", ["--if-exists", staged]);
    runTool(target, options, env, "createdb", [staged]);
    await runFromFile(
      toolCommand(target, options, "pg_restore", ["--no-owner", "--exit-on-error", "-d", staged]),
      file,
      env,
    );
    swapInRestoredDatabase(target, options, env, { live, staged, previous });
    runTool(target, options, env, "psql", [
      "-d",
      live,
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      restoreAuditSql(file, previous),
    ]);
    return previous;
  });
}

/** Applied migration versions, in order: an upgrade compares them before and after. */
export function appliedMigrations(target: Target): Promise<string[]> {
  return withTools(target, async (options, env) => {
    const out = runTool(target, options, env, "psql", [
      "-d",
      databaseName(target),
      "-At",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      "SELECT version FROM schema_migrations ORDER BY version",
    ]);
    return out.split("\n").filter(Boolean);
  });
}
