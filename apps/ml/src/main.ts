import { createLogger, runHealthcheck } from "@unicorn/observability";
import { loadMlConfig, MlConfigError } from "./config";
import { startMlServer } from "./server";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadMlConfig>;
  try {
    config = loadMlConfig();
  } catch (error) {
    if (error instanceof MlConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // The container's HEALTHCHECK runs this executable with the service's own environment.
  if (process.argv.includes("--healthcheck")) await runHealthcheck(config.port);
  const logger = createLogger({ service: "ml", level: config.logLevel });
  const server = await startMlServer(config, logger);
  logger.info({ url: server.url, registry: config.registryDir }, "ml listening");
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
}

// A start-up failure (database unreachable, port taken): one line, no stack trace.
main().catch((error) => {
  console.error(`ml failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
