import type { SyncConflictRule } from "@unicorn/contracts";
import { type Pool, type PoolClient, withTransaction } from "@unicorn/db";
import { rowsByTable, senderVersions } from "./batch";
import { readChanges, requeueChange } from "./change-log.repository";
import { decidePull } from "./conflict-resolver";
import { type ConflictRecord, recordConflicts } from "./conflicts.repository";
import { readCursor, writeCursor } from "./cursor.repository";
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
export async function pullReference(
  databases: { local: Pool; cloud: Pool },
  options: {
    siteId: string;
    organizationId: string;
    batchRows: number;
    rule: (table: string) => SyncConflictRule;
  },
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
  const last = entries.at(-1);
  if (!last) return { rows: 0, conflicts: [], byTable: new Map(), more: false };
  const senderVersion = await schemaVersion(databases.cloud);
  const tables = rowsByTable(entries);
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
          mine,
          { hlc: cloud.hlc, origin: cloud.origin },
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
    await writeCursor(client, siteId, "pull", { xid: last.xid, seq: last.seq });
    const rows = [...byTable.values()].reduce((a, b) => a + b, 0);
    return { rows, conflicts, byTable, more: entries.length >= options.batchRows };
  });
}
