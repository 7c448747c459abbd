import type { SyncConflictRule, SyncSide } from "@unicorn/contracts";
import type pg from "pg";
import type { RowJson } from "./rows.repository";
import { syncedTable } from "./tables";

type Db = pg.Pool | pg.ClientBase;

export interface ConflictRecord {
  organizationId: string;
  table: string;
  rowId: string;
  rule: SyncConflictRule;
  winner: SyncSide;
  localVersion: RowJson | null;
  cloudVersion: RowJson | null;
  localHlc: bigint | null;
  cloudHlc: bigint | null;
}

/** A version as an admin may see it: secret columns (password hashes) are not copied into the conflicts. */
function shown(table: string, version: RowJson | null): string | null {
  if (version === null) return null;
  const copy = { ...version };
  for (const column of syncedTable(table).secret ?? []) delete copy[column];
  return JSON.stringify(copy);
}

/** In the transaction that applied the winner: a conflict counted is a conflict kept. */
export async function recordConflicts(db: Db, conflicts: readonly ConflictRecord[]): Promise<void> {
  if (conflicts.length === 0) return;
  await db.query(
    `INSERT INTO sync_conflicts (organization_id, table_name, row_id, rule, winner, local_version, cloud_version,
                                 local_hlc, cloud_hlc)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[],
                          $8::bigint[], $9::bigint[])`,
    [
      conflicts.map((c) => c.organizationId),
      conflicts.map((c) => c.table),
      conflicts.map((c) => c.rowId),
      conflicts.map((c) => c.rule),
      conflicts.map((c) => c.winner),
      conflicts.map((c) => shown(c.table, c.localVersion)),
      conflicts.map((c) => shown(c.table, c.cloudVersion)),
      conflicts.map((c) => c.localHlc?.toString() ?? null),
      conflicts.map((c) => c.cloudHlc?.toString() ?? null),
    ],
  );
}

export async function conflictCounts(db: Db): Promise<{ open: number; total: number }> {
  const result = await db.query<{ open: number; total: number }>(
    `SELECT count(*) FILTER (WHERE reapplied_at IS NULL AND dismissed_at IS NULL)::int AS open, count(*)::int AS total
     FROM sync_conflicts`,
  );
  return result.rows[0] ?? { open: 0, total: 0 };
}
