import type { SyncColumnValue, SyncConflictEntry, SyncConflictState } from "@unicorn/contracts";
import type { RowJson, StoredConflict } from "./sync.repository";

/** Columns whose values never leave the server, whatever table they are in. */
const SECRET_COLUMN = /password|secret|(^|_)hash$/;
/** Longer strings are summarized: a photo is hundreds of kilobytes of hex. */
const LONGEST_SHOWN = 2_000;

function shown(column: string, value: SyncColumnValue): SyncColumnValue {
  if (value === null) return null;
  if (SECRET_COLUMN.test(column)) return "[hidden]";
  if (typeof value === "string" && value.startsWith("\\x") && value.length > 66)
    return `[binary data, ${(value.length - 2) / 2} bytes]`;
  if (typeof value === "string" && value.length > LONGEST_SHOWN)
    return `${value.slice(0, LONGEST_SHOWN)}… (${value.length} characters)`;
  return value;
}

function forReading(version: RowJson | null): RowJson | null {
  if (!version) return null;
  return Object.fromEntries(Object.entries(version).map(([column, value]) => [column, shown(column, value)]));
}

/** Equal as stored: both sides come from jsonb, whose objects keep their keys sorted, so text compares. */
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Columns whose values differ (a column only one side has counts as different). */
export function differingColumns(a: RowJson | null, b: RowJson | null): string[] {
  const columns = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
  return columns.filter((column) => !same(a?.[column], b?.[column]));
}

/**
 * Whether `current` still is the version that won: every column both have holds the same value. Anything else
 * means someone (or the sync service) changed the row after the conflict was resolved.
 */
export function stillTheWinner(current: RowJson | undefined, winner: RowJson | null): boolean {
  if (!current || !winner) return !current && !winner;
  return Object.keys(winner)
    .filter((column) => Object.hasOwn(current, column))
    .every((column) => same(current[column], winner[column]));
}

export function conflictState(conflict: StoredConflict): SyncConflictState {
  if (conflict.reappliedAt) return "reapplied";
  if (conflict.dismissedAt) return "dismissed";
  return "open";
}

export function presentConflict(conflict: StoredConflict): SyncConflictEntry {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: conflict.id,
    table: conflict.table,
    rowId: conflict.rowId,
    detectedAt: conflict.detectedAt.toISOString(),
    rule: conflict.rule,
    winner: conflict.winner,
    localVersion: forReading(conflict.localVersion),
    cloudVersion: forReading(conflict.cloudVersion),
    reappliedAt: iso(conflict.reappliedAt),
    state: conflictState(conflict),
    differences: differingColumns(conflict.localVersion, conflict.cloudVersion),
    reappliedBy: conflict.reappliedBy,
    dismissedAt: iso(conflict.dismissedAt),
    dismissedBy: conflict.dismissedBy,
  };
}
