import {
  ReadingsRepository,
  ReadingsService,
  SensorDirectory,
  SensorDirectoryRepository,
} from "@unicorn/api/readings";
import { createPool, type Pool } from "@unicorn/db";
import { createMetricsRegistry, type Logger } from "@unicorn/observability";
import { buildHealthApp } from "./app";
import { BrokerAuthSync } from "./broker-auth";
import type { IngestMqttConfig } from "./config";
import { MqttConsumer } from "./consumer";
import { GatewayDirectory } from "./gateway-directory";
import { MessageHandler } from "./message-handler";
import { createIngestMqttMetrics } from "./metrics";

export interface RunningIngestMqtt {
  url: string;
  stop(): Promise<void>;
}

/** Connects database and broker, then serves health and metrics: the entry point and tests both use this. */
export async function startIngestMqtt(config: IngestMqttConfig, logger: Logger): Promise<RunningIngestMqtt> {
  const pool = createPool({
    connectionString: config.databaseUrl,
    max: 10,
    applicationName: "unicorn-ingest-mqtt",
  });
  await waitForSchema(pool, logger);
  const registry = createMetricsRegistry("ingest-mqtt");
  const metrics = createIngestMqttMetrics(registry);
  const sensors = new SensorDirectory(new SensorDirectoryRepository(pool));
  const readings = new ReadingsService(new ReadingsRepository(pool), sensors, metrics.ingest, undefined, {
    maxAgeDays: config.readingWindow.maxAgeDays,
    maxAheadDays: config.readingWindow.maxAheadDays,
  });
  const handler = new MessageHandler(readings, sensors, new GatewayDirectory(pool));
  const auth =
    config.passwordFile && config.aclFile
      ? new BrokerAuthSync(
          pool,
          {
            passwordFile: config.passwordFile,
            aclFile: config.aclFile,
            brokerPidFile: config.brokerPidFile,
            serviceUser: config.username,
            servicePassword: config.password,
          },
          logger,
        )
      : undefined;
  await auth?.start();
  const consumer = new MqttConsumer(config, handler, metrics, logger);
  await consumer.start();
  const app = buildHealthApp({ logger, registry, brokerConnected: () => consumer.connected });
  const url = await app.listen({ host: config.host, port: config.port });
  return {
    url,
    async stop() {
      await consumer.stop();
      await auth?.stop();
      await app.close();
      await pool.end();
    },
  };
}

const SCHEMA_WAIT_MS = 120_000;

/** The api migrates the database; this service waits until the provisioning tables exist. */
async function waitForSchema(pool: Pool, logger: Logger): Promise<void> {
  const deadline = Date.now() + SCHEMA_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query("SELECT 1 FROM gateways LIMIT 0");
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`database not ready after ${SCHEMA_WAIT_MS / 1000} s: ${(error as Error).message}`);
      logger.warn({ attempt }, "database or its gateway tables not there yet; retrying");
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * attempt)));
    }
  }
}
