import type { SyncConflictRule } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { pushReadings } from "./readings-pusher";
import { pullReference } from "./reference-puller";
import { pushReference } from "./reference-pusher";
import { SchemaBehindError, UnknownColumnError } from "./schema.repository";
import { enableCapture, siteOrganization } from "./site.repository";

/** Reference rows can carry photos (up to 512 KiB each): their batches stay small. */
const REFERENCE_BATCH_ROWS = 200;

export interface SyncCycleOptions {
  siteId: string;
  batchRows: number;
  /** Conflict rule per table (cloud-wins when absent). */
  policies: Record<string, SyncConflictRule>;
}

export interface SyncCycleResult {
  pulled: Map<string, number>;
  pushed: Map<string, number>;
  readings: number;
  conflicts: { table: string; rule: SyncConflictRule }[];
  /** Some stream filled its batch: run again soon to catch up. */
  more: boolean;
}

/** Keeps the partitions the cloud is known to have between cycles. */
export interface SyncCycleState {
  knownPartitions: Set<string>;
}

export function newCycleState(): SyncCycleState {
  return { knownPartitions: new Set() };
}

/**
 * One pass: pull the cloud's changes first (conflicts are found and resolved there, on the farm), then push the
 * farm's reference rows (a sensor reaches the cloud before its readings, so their rollups use its farm's time
 * zone), then one batch of readings. Every step commits on its own; a failure leaves the committed ones done.
 */
export async function runSyncCycle(
  databases: { local: Pool; cloud: Pool },
  options: SyncCycleOptions,
  state: SyncCycleState = newCycleState(),
): Promise<SyncCycleResult> {
  const organizationId = await siteOrganization(databases.cloud, options.siteId);
  await enableCapture(databases.cloud, "cloud");
  await enableCapture(databases.local, "farm");
  const rule = (table: string): SyncConflictRule => options.policies[table] ?? "cloud-wins";
  // A side that is behind refuses only the direction it receives: the cloud migrated first must not hold the
  // farm's readings back until the farm is migrated too. The refusal is reported once the other steps ran.
  let refused: Error | undefined;
  const unlessRefused = <T>(step: Promise<T>, nothing: T): Promise<T> =>
    step.catch((error: unknown) => {
      if (!(error instanceof SchemaBehindError || error instanceof UnknownColumnError)) throw error;
      refused ??= error;
      return nothing;
    });
  const none = { rows: 0, conflicts: [], byTable: new Map<string, number>(), more: false };
  const pull = await unlessRefused(
    pullReference(databases, {
      siteId: options.siteId,
      organizationId,
      batchRows: Math.min(options.batchRows, REFERENCE_BATCH_ROWS),
      rule,
    }),
    none,
  );
  const push = await unlessRefused(
    pushReference(databases, {
      siteId: options.siteId,
      organizationId,
      batchRows: Math.min(options.batchRows, REFERENCE_BATCH_ROWS),
      rule,
    }),
    { ...none, deferred: 0 },
  );
  const readings = await pushReadings(databases, options.siteId, options.batchRows, state.knownPartitions);
  if (refused) throw refused;
  return {
    pulled: pull.byTable,
    pushed: push.byTable,
    readings: readings.rows,
    conflicts: [...pull.conflicts, ...push.conflicts].map((c) => ({ table: c.table, rule: c.rule })),
    more: pull.more || push.more || readings.more,
  };
}
