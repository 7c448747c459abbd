import type { SyncConflictRule } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { type ChangeLogTrimOptions, DEFAULT_TRIM, reportAndTrim, type TrimState } from "./change-log-trimmer";
import { type FarmRekey, noteFarmBehindCloud, rekeyIfMovedServer } from "./farm-restore";
import {
  pushReadings,
  type ReadingsPushResult,
  type ReadingsPushState,
  type ReadingsRewind,
} from "./readings-pusher";
import { type PullResult, pullReference } from "./reference-puller";
import { completeLastPush, type PushResult, pushReference } from "./reference-pusher";
import { enableCapture, siteOrganization } from "./site.repository";

const NOTHING_PULLED: PullResult = {
  rows: 0,
  conflicts: [],
  byTable: new Map(),
  more: false,
  rebaselined: false,
};
const NOTHING_PUSHED: PushResult = { rows: 0, byTable: new Map(), deferred: 0, conflicts: [], more: false };

/** Reference rows can carry photos (up to 512 KiB each): their batches stay small. */
const REFERENCE_BATCH_ROWS = 200;

export interface SyncCycleOptions {
  siteId: string;
  batchRows: number;
  /** Conflict rule per table (cloud-wins when absent). */
  policies: Record<string, SyncConflictRule>;
  /** Trimming of the cloud's change log (DEFAULT_TRIM when absent). */
  changeLog?: Partial<ChangeLogTrimOptions>;
  /** The farm's readings log was behind the cloud's cursor (a restored farm database): readings are sent again. */
  onReadingsRewind?: (rewind: ReadingsRewind) => void;
  /** The farm database was restored onto a new server: its log was re-keyed onto this server's transaction ids. */
  onFarmRekey?: (rekey: FarmRekey) => void;
}

export interface SyncCycleResult {
  pulled: Map<string, number>;
  pushed: Map<string, number>;
  readings: number;
  conflicts: { table: string; rule: SyncConflictRule }[];
  /**
   * The organization's rows were compared whole: the cloud's log had been trimmed past this site's cursor, or the
   * farm was restored from a backup (`rebaselineReason` says which).
   */
  rebaselined: boolean;
  rebaselineReason?: string;
  /** Entries of the organization trimmed from the cloud's change log, and the rows left (when it trimmed). */
  changeLog: { trimmed: number; rows: number | undefined };
  /** Some stream filled its batch: run again soon to catch up. */
  more: boolean;
}

/**
 * Kept between cycles: the partitions the cloud is known to have, the readings batch read ahead, the pull
 * cursor last reported to the cloud and the last trim.
 */
export type SyncCycleState = ReadingsPushState & { trim: TrimState };

export function newCycleState(): SyncCycleState {
  return { knownPartitions: new Set(), trim: {} };
}

/**
 * One pass: re-key the farm's log if its database was restored onto a new server, complete the last push if a
 * crash cut its farm half short, pull the cloud's changes (conflicts are
 * found and resolved there, on the farm), then push the farm's reference rows; beside both, one batch of
 * readings. Readings and reference rows share no table, so the readings batch does not wait for the reference
 * steps, except a batch naming a sensor the cloud does not have yet (its daily rollups need the sensor's farm
 * time zone): it waits for the reference push, and goes after it once that has sent everything it had (a sensor
 * the cloud cannot take, kept as a conflict, must not hold the readings back for good). Every step commits on its
 * own, and each runs even when another failed: a farm behind the cloud's schema cannot pull, but the newer cloud
 * still takes its readings and edits. The first failure is thrown after all steps ran. Last, the pull cursor is
 * reported to the cloud and the cloud's log trimmed.
 */
export async function runSyncCycle(
  databases: { local: Pool; cloud: Pool },
  options: SyncCycleOptions,
  state: SyncCycleState = newCycleState(),
): Promise<SyncCycleResult> {
  const rekey = await rekeyIfMovedServer(databases.local, options.siteId);
  if (rekey) options.onFarmRekey?.(rekey);
  const organizationId = await siteOrganization(databases.cloud, options.siteId);
  await enableCapture(databases.cloud, "cloud");
  await enableCapture(databases.local, "farm");
  const rule = (table: string): SyncConflictRule => options.policies[table] ?? "cloud-wins";
  const referenceBatch = Math.min(options.batchRows, REFERENCE_BATCH_ROWS);
  const failures: unknown[] = [];
  const attempt = <T>(step: () => Promise<T>, nothing: T): Promise<T> =>
    step().catch((error: unknown) => {
      failures.push(error);
      return nothing;
    });
  const readingsBatch = (waitForSensors: boolean) =>
    attempt(
      () =>
        pushReadings(databases, options.siteId, options.batchRows, state, {
          waitForSensors,
          onRewind: options.onReadingsRewind,
        }),
      { rows: 0, more: false } as ReadingsPushResult,
    );
  const readingsBeside = readingsBatch(true);
  // A push whose farm half was lost must be completed before the pull compares versions (see completeLastPush).
  // A restored farm must compare its rows whole before it pushes: while that re-baseline is owed and has not
  // committed, nothing is pushed.
  const prepared = await attempt(async () => {
    await completeLastPush(databases, options.siteId);
    return { owedRebaseline: await noteFarmBehindCloud(databases, options.siteId) };
  }, undefined);
  const reference = { siteId: options.siteId, organizationId, batchRows: referenceBatch, rule };
  const pull = prepared
    ? await attempt(() => pullReference(databases, { ...reference, ...prepared }), NOTHING_PULLED)
    : NOTHING_PULLED;
  const mayPush = prepared !== undefined && (prepared.owedRebaseline === undefined || pull.rebaselined);
  const push = mayPush
    ? await attempt(() => pushReference(databases, reference), NOTHING_PUSHED)
    : NOTHING_PUSHED;
  let readings = await readingsBeside;
  if (readings.waitingForSensors && !push.more) readings = await readingsBatch(false);
  const trim = await attempt(
    () =>
      reportAndTrim(
        databases,
        { siteId: options.siteId, organizationId },
        { ...DEFAULT_TRIM, ...options.changeLog },
        state.trim,
      ),
    { trimmed: 0, logRows: undefined },
  );
  if (failures.length > 0) throw failures[0];
  return {
    pulled: pull.byTable,
    pushed: push.byTable,
    readings: readings.rows,
    conflicts: [...pull.conflicts, ...push.conflicts].map((c) => ({ table: c.table, rule: c.rule })),
    rebaselined: pull.rebaselined,
    rebaselineReason: pull.rebaselineReason,
    changeLog: { trimmed: trim.trimmed, rows: trim.logRows },
    more: pull.more || push.more || readings.more,
  };
}
