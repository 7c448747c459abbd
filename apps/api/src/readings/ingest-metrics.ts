import { Counter, Histogram, type Registry } from "@unicorn/observability";
import type { IngestMetrics } from "./readings.service";

/** The ingest series, the same in every service that stores readings (told apart by the service label). */
export function createIngestMetrics(registry: Registry): IngestMetrics {
  return {
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
  };
}
