import type { Pool } from "@unicorn/db";
import { Counter, Gauge, type Registry } from "@unicorn/observability";
import { THROTTLE_REASONS } from "./auth/throttle.service";
import { createIngestMetrics } from "./readings/ingest-metrics";
import type { IngestMetrics, ReadCacheLookups } from "./readings/readings.service";

export interface ApiMetrics {
  ingest: IngestMetrics;
  /** Credential attempts refused before they were checked (throttled, or password hashing busy). */
  authThrottled: Counter<"reason">;
  streamClients: Gauge;
  /** Cacheable reads (series with an end, latest values) by cache and outcome. */
  readCache: ReadCacheLookups;
}

export function createApiMetrics(registry: Registry, pool: Pool): ApiMetrics {
  const authThrottled = new Counter({
    name: "unicorn_auth_throttled_total",
    help: "Login and API-key attempts refused unchecked: account_/address_/api_key_address_ backoff or locked, hashing_busy",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  for (const reason of THROTTLE_REASONS) authThrottled.inc({ reason }, 0);
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
  const readCache = new Counter({
    name: "unicorn_read_cache_requests_total",
    help: "Cacheable reads by cache (series, latest) and outcome: hit (a kept body), miss (rendered), uncached (change listener down)",
    labelNames: ["cache", "outcome"] as const,
    registers: [registry],
  });
  return {
    readCache: (cache, outcome) => readCache.inc({ cache, outcome }),
    authThrottled,
    ingest: createIngestMetrics(registry),
    streamClients: new Gauge({
      name: "unicorn_stream_clients",
      help: "Open live-stream (SSE) connections on this replica",
      registers: [registry],
    }),
  };
}
