import type { Pool } from "@unicorn/db";
import { Counter, Gauge, Histogram, type Registry } from "@unicorn/observability";
import type { IngestMetrics } from "./readings/readings.service";

export interface ApiMetrics {
  ingest: IngestMetrics;
  streamClients: Gauge;
}

export function createApiMetrics(registry: Registry, pool: Pool): ApiMetrics {
  new Gauge({
    name: "unicorn_db_pool_connections",
    help: "Database pool connections by state",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  return {
    ingest: {
      ingested: new Counter({
        name: "unicorn_readings_ingested_total",
        help: "Readings newly stored by ingestion (duplicates excluded)",
        registers: [registry],
      }),
      batchSize: new Histogram({
        name: "unicorn_ingest_batch_size",
        help: "Readings per ingest request",
        buckets: [1, 10, 100, 500, 1_000, 5_000, 10_000, 50_000],
        registers: [registry],
      }),
      rejected: new Counter({
        name: "unicorn_ingest_errors_total",
        help: "Readings rejected by validation",
        registers: [registry],
      }),
    },
    streamClients: new Gauge({
      name: "unicorn_stream_clients",
      help: "Open live-stream (SSE) connections on this replica",
      registers: [registry],
    }),
  };
}
