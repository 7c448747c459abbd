import { randomBytes } from "node:crypto";
import { type Api, buildApi, loadApiConfig } from "@unicorn/api";
import { createPool, migrate } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import type { CliConfig } from "../config";

/**
 * The API built in this process on the database at `databaseUrl` (migrated first), for commands that write
 * data (`init`, `seed`): they go through its services and routes, never their own SQL. It listens on no
 * port; its sessions are signed with a secret made for this run, so they are worthless outside it.
 */
export async function withInProcessApi<T>(
  databaseUrl: string,
  config: CliConfig,
  applicationName: string,
  work: (api: Api) => Promise<T>,
): Promise<T> {
  const pool = createPool({ connectionString: databaseUrl, max: 4, applicationName });
  try {
    await migrate(pool);
    const api = await buildApi({
      config: loadApiConfig({
        DATABASE_URL: databaseUrl,
        UNICORN_MODE: "production",
        UNICORN_JWT_SECRET: randomBytes(32).toString("base64url"),
        ...(config.siteId ? { UNICORN_SITE_ID: config.siteId } : {}),
      }),
      pool,
      logger: createLogger({ service: "api", level: config.launcher.logLevel }),
      // Only written through: no docs page (the CLI's release executable has no Swagger UI files).
      serveDocs: false,
    });
    try {
      await api.app.ready();
      return await work(api);
    } finally {
      await api.close();
    }
  } finally {
    await pool.end();
  }
}
