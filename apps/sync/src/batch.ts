import type pg from "pg";
import type { ChangeEntry } from "./change-log.repository";
import { type RowVersion, readVersions } from "./rows.repository";
import { syncedTable, TABLE_ORDER } from "./tables";

/**
 * One batch of change entries reduced to the rows they touch: a row edited ten times since the last sync
 * travels once, in its newest state. Tables come parents first so references resolve on the receiving side.
 */
export function rowsByTable(entries: readonly ChangeEntry[]): Map<string, string[]> {
  const byTable = new Map<string, Set<string>>();
  for (const entry of entries) {
    const rows = byTable.get(entry.table) ?? new Set<string>();
    rows.add(entry.rowId);
    byTable.set(entry.table, rows);
  }
  const ordered = [...byTable.keys()].sort((a, b) => (TABLE_ORDER.get(a) ?? 0) - (TABLE_ORDER.get(b) ?? 0));
  return new Map(ordered.map((table) => [table, [...(byTable.get(table) ?? [])]]));
}

/** The sender's current version of every row a batch touches, by table (read outside any transaction). */
export async function senderVersions(
  db: pg.Pool,
  tables: Map<string, string[]>,
): Promise<Map<string, Map<string, RowVersion>>> {
  return new Map(
    await Promise.all(
      [...tables].map(
        async ([table, ids]) => [table, await readVersions(db, syncedTable(table), ids)] as const,
      ),
    ),
  );
}
