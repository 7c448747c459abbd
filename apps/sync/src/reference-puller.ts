import type { SyncConflictRule } from "@unicorn/contracts";
import { type Pool, type PoolClient, withTransaction } from "@unicorn/db";
import { rowsByTable, senderVersions } from "./batch";
import {
  changeLogEnd,
  cursorBefore,
  readChanges,
  requeueChange,
  trimmedHorizon,
} from "./change-log.repository";
import { decidePull } from "./conflict-resolver";
import { type ConflictRecord, recordConflicts } from "./conflicts.repository";
import type { Cursor } from "./cursor";
import { readCursor, writeCursor } from "./cursor.repository";
import { clearRebaseline } from "./farm-server.repository";
import {
  applyRows,
  type IncomingRow,
  markApplying,
  markBase,
  NEWER_COLUMNS_ORIGIN,
  observeClock,
  type RowVersion,
  readVersions,
  setWinningLocalVersion,
} from "./rows.repository";
import { assertReceiverCurrent, schemaVersion, tableColumns } from "./schema.repository";
import { SYNCED_TABLES, syncedTable } from "./tables";

export interface PullResult {
  rows: number;
  conflicts: ConflictRecord[];
  byTable: Map<string, number>;
  more: boolean;
  /**
   * The organization's rows were compared whole: the cloud had trimmed entries this site had not pulled, or the
   * farm owed itself a re-baseline (restored from a backup).
   */
  rebaselined: boolean;
  /** Why, when it re-baselined. */
  rebaselineReason?: string;
}

const ALL_TABLES = SYNCED_TABLES.map((t) => t.name);

/**
 * A cloud still on an older schema sends rows without the farm's newer columns; applying one keeps the farm's
 * values there (only the sent columns are written). So that both sides end alike, such a row becomes a new farm
 * version based on the cloud's and is pushed once the cloud has migrated (until then the push is refused).
 */
async function keepNewerColumns(
  client: PoolClient,
  table: string,
  applied: readonly IncomingRow[],
  local: Map<string, RowVersion>,
  rejected: readonly { rowId: string }[],
  organizationId: string,
): Promise<void> {
  const refused = new Set(rejected.map((r) => r.rowId));
  for (const { rowId, hlc, row } of applied) {
    const mine = local.get(rowId)?.row;
    if (!row || !mine || refused.has(rowId)) continue;
    const kept = Object.keys(mine).some((column) => !(column in row) && mine[column] !== null);
    if (!kept) continue;
    await setWinningLocalVersion(client, table, {
      rowId,
      hlc: hlc + 1n,
      baseHlc: hlc,
      origin: NEWER_COLUMNS_ORIGIN,
    });
    await requeueChange(client, { table, rowId, organizationId, hlc: hlc + 1n, deleted: false });
  }
}

/**
 * Cloud -> farm, one batch: the organization's changes the cloud committed after the farm's pull cursor (not the
 * ones this site sent), compared with the farm's own versions and applied, conflicts resolved by each table's
 * rule with the loser kept, and the cursor written, all in one farm transaction.
 */
interface PullOptions {
  siteId: string;
  organizationId: string;
  batchRows: number;
  rule: (table: string) => SyncConflictRule;
  /** The reason of a re-baseline the farm owes itself (a restore): this pull compares the rows whole. */
  owedRebaseline?: string;
}

const TRIMMED_PAST_CURSOR = "the cloud had trimmed changes this site had not pulled";

export async function pullReference(
  databases: { local: Pool; cloud: Pool },
  options: PullOptions,
): Promise<PullResult> {
  const { siteId, organizationId } = options;
  const after = await readCursor(databases.local, siteId, "pull");
  const entries = await readChanges(databases.cloud, {
    after,
    limit: options.batchRows,
    organizationId,
    tables: ALL_TABLES,
    skipOrigin: siteId,
  });
  // Read after the entries: a trim that deleted an entry this read could have returned committed the horizon
  // in the same transaction, before this read began, so it is seen here.
  const horizon = await trimmedHorizon(databases.cloud, organizationId);
  if (options.owedRebaseline !== undefined) {
    const floor = horizon && cursorBefore(after, horizon) ? horizon : after;
    return rebaseline(databases, options, floor, options.owedRebaseline);
  }
  if (horizon && cursorBefore(after, horizon))
    return rebaseline(databases, options, horizon, TRIMMED_PAST_CURSOR);
  const last = entries.at(-1);
  if (!last) return { rows: 0, conflicts: [], byTable: new Map(), more: false, rebaselined: false };
  return applyPulled(
    databases,
    options,
    rowsByTable(entries),
    { xid: last.xid, seq: last.seq },
    {
      more: entries.length >= options.batchRows,
      rebaselined: false,
    },
  );
}

/**
 * The cloud trimmed entries after this site's cursor (the farm was restored from an older backup, or is new),
 * so some changes can no longer be read one by one; or the farm owes itself a re-baseline (it was restored, and
 * its own edits pushed since the backup are only in the cloud: entries a site sent are never pulled back). Instead every row of the organization the cloud has, and
 * every row the farm has a version of (a row the cloud deleted), is compared as if pulled: the same decisions,
 * conflicts kept by the same rules, in one farm transaction that moves the cursor to where the cloud's log
 * ended before the rows were read, never before `floor` (changes after that are pulled as usual; one already
 * applied is recognised). The owed re-baseline is cleared in that transaction.
 */
async function rebaseline(
  databases: { local: Pool; cloud: Pool },
  options: PullOptions,
  floor: Cursor,
  reason: string,
): Promise<PullResult> {
  const end = await changeLogEnd(databases.cloud, options.organizationId);
  const resumeAt = end && cursorBefore(floor, end) ? end : floor;
  const tables = new Map<string, string[]>();
  for (const table of SYNCED_TABLES) {
    const [inCloud, onFarm] = await Promise.all([
      databases.cloud.query<{ id: string }>(
        `SELECT "${table.key}"::text AS id FROM "${table.name}" WHERE "${table.organization}" = $1`,
        [options.organizationId],
      ),
      databases.local.query<{ id: string }>(
        "SELECT row_id AS id FROM sync_row_versions WHERE table_name = $1",
        [table.name],
      ),
    ]);
    const ids = new Set([...inCloud.rows, ...onFarm.rows].map((row) => row.id));
    if (ids.size > 0) tables.set(table.name, [...ids]);
  }
  return applyPulled(databases, options, tables, resumeAt, {
    more: true,
    rebaselined: true,
    rebaselineReason: reason,
  });
}

/**
 * The cloud's current versions of `tables`' rows compared with the farm's and applied, conflicts resolved by
 * each table's rule with the loser kept, and the pull cursor moved to `cursor`, all in one farm transaction.
 */
async function applyPulled(
  databases: { local: Pool; cloud: Pool },
  options: PullOptions,
  tables: Map<string, string[]>,
  cursor: Cursor,
  outcome: { more: boolean; rebaselined: boolean; rebaselineReason?: string },
): Promise<PullResult> {
  const { siteId, organizationId } = options;
  const senderVersion = await schemaVersion(databases.cloud);
  const cloudVersions = await senderVersions(databases.cloud, tables);

  return withTransaction(databases.local, async (client) => {
    assertReceiverCurrent("local", senderVersion, await schemaVersion(client));
    const columns = await tableColumns(client, [...tables.keys()]);
    await markApplying(client, "local", siteId);
    const conflicts: ConflictRecord[] = [];
    const byTable = new Map<string, number>();
    let highest = 0n;
    for (const [table, ids] of tables) {
      const rule = syncedTable(table).flow === "both" ? options.rule(table) : "cloud-wins";
      const local = await readVersions(client, syncedTable(table), ids, { lock: true });
      const incoming: IncomingRow[] = [];
      const agreed: { rowId: string; hlc: bigint }[] = [];
      for (const id of ids) {
        const cloud = cloudVersions.get(table)?.get(id);
        if (!cloud || cloud.hlc === null) continue;
        if (cloud.hlc > highest) highest = cloud.hlc;
        const mine = local.get(id) ?? { rowId: id, hlc: null, baseHlc: null, origin: null, row: null };
        const decision = decidePull(
          { ...mine, deleted: mine.row === null },
          { hlc: cloud.hlc, origin: cloud.origin, deleted: cloud.row === null },
          rule,
          siteId,
          mine.origin === NEWER_COLUMNS_ORIGIN,
        );
        if (decision.action === "known") continue;
        if (decision.action === "already-there") {
          agreed.push({ rowId: id, hlc: cloud.hlc });
          continue;
        }
        if (decision.action === "conflict") {
          conflicts.push({
            organizationId,
            table,
            rowId: id,
            rule,
            winner: decision.winner,
            localVersion: mine.row,
            cloudVersion: cloud.row,
            localHlc: mine.hlc,
            cloudHlc: cloud.hlc,
          });
          if (decision.winner === "local") {
            // A new version after both, based on the cloud's: the next push overwrites the cloud with it.
            const merged = (mine.hlc as bigint) > cloud.hlc ? (mine.hlc as bigint) + 1n : cloud.hlc + 1n;
            await setWinningLocalVersion(client, table, { rowId: id, hlc: merged, baseHlc: cloud.hlc });
            await requeueChange(client, {
              table,
              rowId: id,
              organizationId,
              hlc: merged,
              deleted: mine.row === null,
            });
            continue;
          }
        }
        incoming.push({ rowId: id, hlc: cloud.hlc, row: cloud.row });
      }
      const rejected = await applyRows(client, table, incoming, {
        origin: "cloud",
        markBase: true,
        columns: columns.get(table) ?? new Set(),
        receiver: "local",
      });
      // The farm keeps its row holding the key (or lacking the parent); the cloud's version is kept for an admin.
      for (const { rowId, row } of rejected)
        conflicts.push({
          organizationId,
          table,
          rowId,
          rule,
          winner: "local",
          localVersion: local.get(rowId)?.row ?? null,
          cloudVersion: row,
          localHlc: local.get(rowId)?.hlc ?? null,
          cloudHlc: cloudVersions.get(table)?.get(rowId)?.hlc ?? null,
        });
      await keepNewerColumns(client, table, incoming, local, rejected, organizationId);
      await markBase(client, table, agreed);
      byTable.set(table, incoming.length - rejected.length);
    }
    await recordConflicts(client, conflicts);
    await observeClock(client, highest);
    await writeCursor(client, siteId, "pull", cursor);
    if (outcome.rebaselined) await clearRebaseline(client, siteId);
    const rows = [...byTable.values()].reduce((a, b) => a + b, 0);
    return { rows, conflicts, byTable, ...outcome };
  });
}
