import { parseArgs } from "node:util";
import { createPool, ensureSyncLogin, migrate, migrationStatus, SYNC_LOGIN_ROLE } from "@unicorn/db";
import type { CliConfig } from "../config";
import { describeDatabase, requireDatabaseUrl } from "./database-url";

const HELP = `usage: unicorn migrate [--status]

Applies pending schema migrations to the database in DATABASE_URL (forward-only, each in its own
transaction, under an advisory lock so concurrent runs are safe). --status lists applied and pending
migrations without changing anything.

In the cloud of a hybrid deployment, with UNICORN_SYNC_DB_PASSWORD set (the sync credentials secret), it then
creates the farms' sync login (UNICORN_SYNC_DB_USER, default unicorn_sync) or sets its password, and grants it
the tables the sync service uses and nothing else.`;

export default async function migrateCommand(argv: string[], config: CliConfig): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { status: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const url = requireDatabaseUrl("migrate", config);
  if (!url) return 2;
  const pool = createPool({ connectionString: url, max: 2, applicationName: "unicorn-migrate" });
  try {
    if (values.status) {
      const status = await migrationStatus(pool);
      console.log(`applied: ${status.applied.join(", ") || "none"}`);
      console.log(`pending: ${status.pending.join(", ") || "none"}`);
      return 0;
    }
    const applied = await migrate(pool, undefined, (file) =>
      console.log(`• applied ${String(file.version).padStart(4, "0")} ${file.name}`),
    );
    console.log(
      applied.length > 0
        ? `✓ ${applied.length} migration(s) applied to ${describeDatabase(url)}`
        : `✓ ${describeDatabase(url)} is up to date`,
    );
    if (config.syncLogin) {
      const role = config.syncLogin.role ?? SYNC_LOGIN_ROLE;
      const outcome = await ensureSyncLogin(pool, config.syncLogin);
      console.log(
        `✓ sync login ${role} ${outcome === "created" ? "created" : "password set"}, its tables granted`,
      );
    }
    return 0;
  } catch (error) {
    console.error(`✗ migration failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await pool.end();
  }
}
