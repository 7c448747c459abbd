import { setTimeout as delay } from "node:timers/promises";
import { createPool, migrate, type Pool } from "@unicorn/db";
import type { Logger } from "@unicorn/observability";
import { type Api, buildApi } from "./app";
import type { ApiConfig } from "./config";

const DATABASE_WAIT_MS = 60_000;

/** Waits for the database (containers start in any order), then applies pending migrations. */
export async function waitAndMigrate(pool: Pool, logger: Logger, waitMs = DATABASE_WAIT_MS): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query("SELECT 1");
      break;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`database unreachable after ${waitMs / 1000} s: ${(error as Error).message}`);
      logger.warn({ attempt }, "database not reachable yet; retrying");
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * attempt)));
    }
  }
  await migrate(pool, undefined, (file) =>
    logger.info({ migration: file.version, name: file.name }, "migration applied"),
  );
}

export interface RunningApi {
  api: Api;
  pool: Pool;
  url: string;
  stop(): Promise<void>;
}

export async function startApiServer(config: ApiConfig, logger: Logger): Promise<RunningApi> {
  const pool = createPool({ connectionString: config.databaseUrl, max: 20, applicationName: "unicorn-api" });
  await waitAndMigrate(pool, logger);
  const api = await buildApi({ config, pool, logger });
  await api.start();
  const url = await api.app.listen({ host: config.host, port: config.port });
  return {
    api,
    pool,
    url,
    async stop() {
      await api.close();
      // Clients stuck on a database that is already gone must not keep the process alive.
      await Promise.race([pool.end(), delay(3_000)]);
    },
  };
}
