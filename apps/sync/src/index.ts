/** The hybrid sync engine: for the entry point, the launcher, the fault suite and the benchmark. */

export { loadSyncConfig, parsePolicies, type SyncConfig, SyncConfigError } from "./config";
export { conflictWinner, decidePull, decidePush } from "./conflict-resolver";
export { connectDatabases, type SyncDatabases } from "./connections";
export { createSyncMetrics, type SyncMetrics } from "./metrics";
export { type RunningSync, startSync } from "./server";
export { createSyncService, type SyncService, type SyncServiceOptions } from "./service";
export { enableCapture } from "./site.repository";
export { readStatus } from "./status.repository";
export {
  newCycleState,
  runSyncCycle,
  type SyncCycleOptions,
  type SyncCycleResult,
  type SyncCycleState,
} from "./sync-cycle";
export { SYNCED_TABLES, type SyncedTable } from "./tables";
