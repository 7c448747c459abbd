import { createLogger, runHealthcheck } from "@unicorn/observability";
import { loadSyncConfig, SyncConfigError } from "./config";
import { startSync } from "./server";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadSyncConfig>;
  try {
    config = loadSyncConfig();
  } catch (error) {
    if (error instanceof SyncConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // The container's HEALTHCHECK runs this executable with the service's own environment.
  if (process.argv.includes("--healthcheck")) await runHealthcheck(config.port);
  const logger = createLogger({ service: "sync", level: config.logLevel });
  const running = await startSync(config, logger);
  logger.info({ url: running.url, siteId: config.siteId, cloudTls: config.cloudTls }, "sync running");
  // SIGTERM lets the batch in flight commit or roll back. SIGKILL is safe too: every cursor commits with its rows.
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
}

main().catch((error) => {
  console.error(`sync failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
