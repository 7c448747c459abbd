import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase } from "../backup/database";
import { detectEngine, type Target } from "../backup/postgres-tools";
import type { CliConfig } from "../config";

const HELP = `usage: unicorn backup --out <file> [--compose <stack dir>]

Writes a consistent pg_dump (custom format; one snapshot of the whole database) and <file>.sha256.
--compose runs pg_dump inside the stack's postgres container; otherwise DATABASE_URL and the pg_dump on PATH
(at least the server's major version) are used.`;

export function targetFrom(values: { compose?: string | undefined }, config: CliConfig): Target | string {
  if (values.compose) {
    const dir = resolve(values.compose);
    if (!existsSync(`${dir}/docker-compose.yml`)) return `no docker-compose.yml in ${dir}`;
    return { kind: "compose", dir, engine: detectEngine() };
  }
  if (!config.databaseUrl) return "give --compose <stack dir>, or set DATABASE_URL";
  return { kind: "local", databaseUrl: config.databaseUrl, environment: config.environment };
}

export default async function backup(argv: string[], config: CliConfig): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: "string" }, compose: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.out) {
    console.error(`✗ --out <file> is required\n\n${HELP}`);
    return 2;
  }
  const target = targetFrom(values, config);
  if (typeof target === "string") {
    console.error(`✗ ${target}`);
    return 2;
  }
  const out = resolve(values.out);
  const started = Date.now();
  try {
    console.log(
      `• dumping the database (${target.kind === "compose" ? "inside the postgres container" : "DATABASE_URL"})…`,
    );
    const digest = await backupDatabase(target, out);
    console.log(
      `✓ ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB, sha256 ${digest.slice(0, 12)}…) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    console.error(`✗ backup failed: ${(error as Error).message}`);
    return 1;
  }
}
