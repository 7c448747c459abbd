import type { SyncConflictRule } from "@unicorn/contracts";
import { type Pool, withTransaction } from "@unicorn/db";
import { rowsByTable, senderVersions } from "./batch";
import { cursorBefore, readChanges, trimChanges } from "./change-log.repository";
import { decidePush } from "./conflict-resolver";
import { type ConflictRecord, recordConflicts } from "./conflicts.repository";
import { readCursor, writeCursor } from "./cursor.repository";
import { type LandedVersion, readPushReceipt, writePushReceipt } from "./push-receipt.repository";
import {
  applyRows,
  type IncomingRow,
  markApplying,
  markBase,
  markBaseOfLostPush,
  observeClock,
  readVersions,
} from "./rows.repository";
import {
  assertCloudTakesPushes,
  assertReceiverCurrent,
  schemaVersion,
  tableColumns,
} from "./schema.repository";
import { SYNCED_TABLES, syncedTable } from "./tables";

export interface PushResult {
  rows: number;
  byTable: Map<string, number>;
  /** Rows the cloud changed meanwhile: left for the next pull to resolve. */
  deferred: number;
  /** Rows the cloud could not take (a unique key held by another row, a missing parent), kept on the farm. */
  conflicts: ConflictRecord[];
  more: boolean;
}

const PUSHED_TABLES = SYNCED_TABLES.filter((t) => t.flow === "both").map((t) => t.name);

/**
 * Farm -> cloud reference rows, one batch: the farm's own changes after its push cursor, each row in its newest
 * state, applied in one cloud transaction that also commits the site's cursor and a receipt of the versions it
 * left there; then the farm records that both sides have those versions. A crash between the two commits only
 * repeats work: `completeLastPush` records them from the receipt before the next pull, and the batch is sent
 * again (a version the cloud already has is recognised by its clock and not applied twice).
 */
export async function pushReference(
  databases: { local: Pool; cloud: Pool },
  options: {
    siteId: string;
    organizationId: string;
    batchRows: number;
    rule: (table: string) => SyncConflictRule;
  },
): Promise<PushResult> {
  const { siteId, organizationId } = options;
  const after = await readCursor(databases.local, siteId, "push");
  const entries = await readChanges(databases.local, {
    after,
    limit: options.batchRows,
    organizationId,
    tables: PUSHED_TABLES,
    onlyLocal: true,
  });
  const last = entries.at(-1);
  if (!last) return { rows: 0, byTable: new Map(), deferred: 0, conflicts: [], more: false };
  const cursor = { xid: last.xid, seq: last.seq };
  const senderVersion = await schemaVersion(databases.local);
  const tables = rowsByTable(entries);
  const localVersions = await senderVersions(databases.local, tables);

  const outcome = await withTransaction(databases.cloud, async (client) => {
    // The push writes a receipt: a cloud without its table is behind even a farm on an older schema.
    const cloudVersion = await schemaVersion(client);
    assertCloudTakesPushes(cloudVersion);
    assertReceiverCurrent("cloud", senderVersion, cloudVersion);
    const columns = await tableColumns(client, [...tables.keys()]);
    await markApplying(client, "cloud", siteId);
    const landed = new Map<string, { rowId: string; hlc: bigint }[]>();
    const byTable = new Map<string, number>();
    const conflicts: ConflictRecord[] = [];
    let deferred = 0;
    let highest = 0n;
    for (const [table, ids] of tables) {
      const cloud = await readVersions(client, syncedTable(table), ids, { lock: true });
      const incoming: IncomingRow[] = [];
      const both: { rowId: string; hlc: bigint }[] = [];
      for (const id of ids) {
        const mine = localVersions.get(table)?.get(id);
        // Not changed here since both sides agreed (a pulled version or a conflict the cloud won): nothing to send.
        if (!mine || mine.hlc === null || mine.hlc === mine.baseHlc) continue;
        const theirs = cloud.get(id) ?? { hlc: null, origin: null };
        const decision = decidePush({ hlc: mine.hlc, baseHlc: mine.baseHlc }, theirs, siteId);
        if (decision.action === "defer") {
          deferred++;
          continue;
        }
        both.push({ rowId: id, hlc: mine.hlc });
        if (decision.action === "apply") {
          incoming.push({ rowId: id, hlc: mine.hlc, row: mine.row });
          if (mine.hlc > highest) highest = mine.hlc;
        }
      }
      const rejected = await applyRows(client, table, incoming, {
        origin: siteId,
        markBase: false,
        columns: columns.get(table) ?? new Set(),
        receiver: "cloud",
        organizationId,
      });
      const refused = new Set(rejected.map((r) => r.rowId));
      for (const { rowId, row } of rejected)
        conflicts.push({
          organizationId,
          table,
          rowId,
          rule: options.rule(table),
          winner: "cloud",
          localVersion: row,
          cloudVersion: cloud.get(rowId)?.row ?? null,
          localHlc: localVersions.get(table)?.get(rowId)?.hlc ?? null,
          cloudHlc: cloud.get(rowId)?.hlc ?? null,
        });
      landed.set(
        table,
        both.filter((r) => !refused.has(r.rowId)),
      );
      byTable.set(table, incoming.length - rejected.length);
    }
    await observeClock(client, highest);
    await writeCursor(client, siteId, "push", cursor);
    const receipt: LandedVersion[] = [...landed].flatMap(([table, rows]) =>
      rows.map((row) => ({ table, rowId: row.rowId, hlc: row.hlc })),
    );
    await writePushReceipt(client, siteId, { cursor, landed: receipt });
    return { landed, byTable, deferred, conflicts };
  });

  await withTransaction(databases.local, async (client) => {
    for (const [table, rows] of outcome.landed) await markBase(client, table, rows);
    await recordConflicts(client, outcome.conflicts);
    await writeCursor(client, siteId, "push", cursor);
    await trimChanges(client, cursor);
  });
  const rows = [...outcome.byTable.values()].reduce((a, b) => a + b, 0);
  return {
    rows,
    byTable: outcome.byTable,
    deferred: outcome.deferred,
    conflicts: outcome.conflicts,
    more: entries.length >= options.batchRows,
  };
}

/**
 * Before the farm pulls: when the cloud committed a push whose farm half never did (the farm's database or the
 * sync process died between the two commits), record from the cloud's receipt that both sides have the versions
 * it left there. Otherwise a cloud edit made on top of one of them would look concurrent with it: a false
 * conflict, which cloud-wins would "resolve" by keeping a version the cloud had already taken. The farm's cursor
 * stays: the next push sends the batch again, skips these rows and records again any row the cloud refused.
 * Returns how many versions it recorded.
 */
export async function completeLastPush(
  databases: { local: Pool; cloud: Pool },
  siteId: string,
): Promise<number> {
  const receipt = await readPushReceipt(databases.cloud, siteId);
  if (!receipt) return 0;
  const cursor = await readCursor(databases.local, siteId, "push");
  if (!cursorBefore(cursor, receipt.cursor)) return 0;
  const byTable = new Map<string, { rowId: string; hlc: bigint }[]>();
  for (const version of receipt.landed) {
    const rows = byTable.get(version.table) ?? [];
    rows.push(version);
    byTable.set(version.table, rows);
  }
  await withTransaction(databases.local, async (client) => {
    for (const [table, rows] of byTable) await markBaseOfLostPush(client, table, rows);
  });
  return receipt.landed.length;
}
