import { createLogger, runHealthcheck } from "@unicorn/observability";
import { loadMlConfig, MlConfigError } from "./config";
import { startMlServer } from "./server";

async function main(): Promise<void> {
  if (process.argv.includes("--healthcheck")) await runHealthcheck(Number(process.env.PORT ?? 8001));
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
