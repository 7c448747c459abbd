import { SYNC_DIRECTIONS } from "@unicorn/contracts";
import { Counter, Gauge, Histogram, type Registry } from "@unicorn/observability";

export const SYNC_ERROR_KINDS = ["connection", "schema", "apply", "other"] as const;
export type SyncErrorKind = (typeof SYNC_ERROR_KINDS)[number];

/** The series operators alert on (names are part of the sync contract). */
export interface SyncMetrics {
  lagSeconds: Gauge<"direction">;
  queuedRows: Gauge<"table">;
  rows: Counter<"direction" | "table">;
  conflicts: Counter<"table" | "rule">;
  errors: Counter<"kind">;
  batchSeconds: Histogram<"direction">;
  lastSuccess: Gauge<"direction">;
  up: Gauge;
  changeLogRows: Gauge;
  trimmedRows: Counter;
  rebaselines: Counter;
  readingsRewinds: Counter;
  farmRekeys: Counter;
}

export function createSyncMetrics(registry: Registry): SyncMetrics {
  const metrics: SyncMetrics = {
    lagSeconds: new Gauge({
      name: "unicorn_sync_lag_seconds",
      help: "Age of the oldest change not yet applied on the other side, by direction",
      labelNames: ["direction"] as const,
      registers: [registry],
    }),
    queuedRows: new Gauge({
      name: "unicorn_sync_queued_rows",
      help: "Changes captured on the farm and not yet committed in the cloud, by table",
      labelNames: ["table"] as const,
      registers: [registry],
    }),
    rows: new Counter({
      name: "unicorn_sync_rows_total",
      help: "Rows applied on the receiving side, by direction and table",
      labelNames: ["direction", "table"] as const,
      registers: [registry],
    }),
    conflicts: new Counter({
      name: "unicorn_sync_conflicts_total",
      help: "Rows changed on both sides since the version both had, by table and the rule that decided",
      labelNames: ["table", "rule"] as const,
      registers: [registry],
    }),
    errors: new Counter({
      name: "unicorn_sync_errors_total",
      help: "Failed sync attempts, by kind (connection, schema, apply, other)",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: "unicorn_sync_batch_duration_seconds",
      help: "Time to read, send and commit one batch, by direction",
      labelNames: ["direction"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    lastSuccess: new Gauge({
      name: "unicorn_sync_last_success_timestamp_seconds",
      help: "When a sync in this direction last completed (Unix seconds)",
      labelNames: ["direction"] as const,
      registers: [registry],
    }),
    changeLogRows: new Gauge({
      name: "unicorn_sync_change_log_rows",
      help: "Entries of this site's organization in the cloud's change log (after the last trim)",
      registers: [registry],
    }),
    trimmedRows: new Counter({
      name: "unicorn_sync_change_log_trimmed_rows_total",
      help: "Entries this site trimmed from the cloud's change log (every site of the organization had pulled them)",
      registers: [registry],
    }),
    rebaselines: new Counter({
      name: "unicorn_sync_rebaselines_total",
      help: "Pulls that compared the organization's rows whole: the cloud had trimmed entries this site had not pulled, or the farm was restored from a backup",
      registers: [registry],
    }),
    readingsRewinds: new Counter({
      name: "unicorn_sync_readings_rewinds_total",
      help: "Readings pushes that started from the farm's record of the cloud's cursor, which was behind it (a farm database restored from a backup, or a lost record): readings sent again",
      registers: [registry],
    }),
    farmRekeys: new Counter({
      name: "unicorn_sync_farm_rekeys_total",
      help: "Farm sync logs re-keyed onto a new database server (the farm database was restored from a dump onto another server)",
      registers: [registry],
    }),
    up: new Gauge({
      name: "unicorn_sync_up",
      help: "1 when the last attempt reached the cloud database",
      registers: [registry],
    }),
  };
  for (const kind of SYNC_ERROR_KINDS) metrics.errors.inc({ kind }, 0);
  for (const direction of SYNC_DIRECTIONS) metrics.batchSeconds.zero({ direction });
  metrics.up.set(0);
  metrics.trimmedRows.inc(0);
  metrics.rebaselines.inc(0);
  metrics.readingsRewinds.inc(0);
  metrics.farmRekeys.inc(0);
  return metrics;
}
