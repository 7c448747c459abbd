import { createMetricsRegistry, type Logger } from "@unicorn/observability";
import { systemClock } from "./clock";
import type { SyncConfig } from "./config";
import { connectDatabases } from "./connections";
import { buildSyncHttp } from "./http";
import { createSyncMetrics } from "./metrics";
import { createSyncService, type SyncService } from "./service";

export interface RunningSync {
  url: string;
  service: SyncService;
  stop(): Promise<void>;
}

/** Connects both databases, starts the schedule and serves health, metrics and status. */
export async function startSync(config: SyncConfig, logger: Logger): Promise<RunningSync> {
  const databases = connectDatabases(config);
  const registry = createMetricsRegistry("sync");
  const metrics = createSyncMetrics(registry);
  const service = createSyncService(
    databases,
    {
      siteId: config.siteId,
      batchRows: config.batchRows,
      policies: config.policies,
      ...(config.changeLog ? { changeLog: config.changeLog } : {}),
      intervalMs: config.intervalMs,
      maxBackoffMs: config.maxBackoffMs,
      clock: systemClock(config.clockOffsetMs),
    },
    metrics,
    logger,
  );
  const app = buildSyncHttp({
    logger,
    registry,
    status: () => service.status(),
    localDatabaseUp: () =>
      databases.local.query("SELECT 1").then(
        () => true,
        () => false,
      ),
  });
  const url = await app.listen({ host: config.host, port: config.port });
  service.start();
  return {
    url,
    service,
    async stop() {
      await service.stop();
      await app.close();
      await Promise.all([databases.local.end(), databases.cloud.end()]);
    },
  };
}
