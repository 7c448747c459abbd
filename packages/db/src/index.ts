export {
  type EmbeddedPostgresOptions,
  PortInUseError,
  type RunningPostgres,
  startEmbeddedPostgres,
} from "./embedded-postgres";
export { loadMigrationFiles, type MigrationFile, migrationsDirectory } from "./migration-files";
export { type MigrationStatus, migrate, migrationStatus } from "./migrator";
export { createPool, type Pool, type PoolClient, type PoolConfig, withTransaction } from "./pool";
export { isPortFree } from "./port-check";
export {
  ensureReadingPartitions,
  type PartitionRange,
  PartitionRangeError,
  sanePartitionRange,
} from "./readings-partitions";
export {
  dropExpiredReadingPartitions,
  type RetentionResult,
  rebuildReadingRollups,
} from "./readings-retention";
export {
  ensureSyncLogin,
  SYNC_LOGIN_PUSHED_TABLES,
  SYNC_LOGIN_RECEIVED_TABLES,
  SYNC_LOGIN_ROLE,
  type SyncLoginOptions,
  type SyncLoginOutcome,
  scramSha256Verifier,
  syncLoginPasswordProblem,
} from "./sync-login";
export { createTestDatabase, type TestDatabase } from "./test-database";
