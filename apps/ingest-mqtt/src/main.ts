import { createLogger, runHealthcheck } from "@unicorn/observability";
import { IngestMqttConfigError, loadIngestMqttConfig } from "./config";
import { startIngestMqtt } from "./server";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadIngestMqttConfig>;
  try {
    config = loadIngestMqttConfig();
  } catch (error) {
    if (error instanceof IngestMqttConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // The container's HEALTHCHECK runs this executable with the service's own environment.
  if (process.argv.includes("--healthcheck")) await runHealthcheck(config.port);
  const logger = createLogger({ service: "ingest-mqtt", level: config.logLevel });
  const service = await startIngestMqtt(config, logger);
  logger.info(
    { url: service.url, broker: config.brokerUrl, clientId: config.clientId },
    "ingest-mqtt running",
  );
  const shutdown = async () => {
    await service.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
}

// A start-up failure (database or broker unreachable, port taken): one line, no stack trace.
main().catch((error) => {
  console.error(`ingest-mqtt failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
