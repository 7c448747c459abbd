import { createLogger, runHealthcheck } from "@unicorn/observability";
import { ConfigError, loadApiConfig } from "./config";
import { startApiServer } from "./server";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadApiConfig>;
  try {
    config = loadApiConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // The container's HEALTHCHECK runs this executable with the service's own environment.
  if (process.argv.includes("--healthcheck")) await runHealthcheck(config.port);
  const logger = createLogger({ service: "api", level: config.logLevel });
  const server = await startApiServer(config, logger);
  logger.info({ url: server.url, mode: config.mode }, "api listening");

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await server.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

// A start-up failure (database unreachable, port taken): one line, no stack trace.
main().catch((error) => {
  console.error(`api failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
