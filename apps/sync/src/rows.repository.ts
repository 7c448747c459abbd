import type pg from "pg";
import { UnknownColumnError } from "./schema.repository";
import { type SyncedTable, syncedTable } from "./tables";

type Db = pg.Pool | pg.ClientBase;
export type RowJson = Record<string, unknown>;

/** A row as one side has it: its current version's clock and state (null: deleted or never there). */
export interface RowVersion {
  rowId: string;
  hlc: bigint | null;
  baseHlc: bigint | null;
  origin: string | null;
  row: RowJson | null;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The rows and their version records, in one statement so the clock and the state belong together.
 * `lock` takes the rows' locks first (FOR UPDATE): a local edit in flight then finishes before the version is
 * read, and none starts until this transaction ends, so no edit slips between the comparison and the write.
 */
export async function readVersions(
  db: Db,
  table: SyncedTable,
  rowIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<Map<string, RowVersion>> {
  const t = ident(table.name);
  const key = ident(table.key);
  if (options.lock) {
    await db.query(`SELECT 1 FROM ${t} WHERE ${key} = ANY($1::uuid[]) ORDER BY ${key} FOR UPDATE`, [rowIds]);
    await db.query(
      `SELECT 1 FROM sync_row_versions WHERE table_name = $1 AND row_id = ANY($2::text[]) ORDER BY row_id FOR UPDATE`,
      [table.name, rowIds],
    );
  }
  const result = await db.query<{
    rowId: string;
    hlc: string | null;
    baseHlc: string | null;
    origin: string | null;
    row: RowJson | null;
  }>(
    `SELECT ids.id AS "rowId", v.hlc::text AS hlc, v.base_hlc::text AS "baseHlc", v.origin, to_jsonb(t) AS row
     FROM unnest($2::text[]) AS ids(id)
     LEFT JOIN sync_row_versions v ON v.table_name = $1 AND v.row_id = ids.id
     LEFT JOIN ${t} t ON t.${key} = ids.id::uuid`,
    [table.name, rowIds],
  );
  return new Map(
    result.rows.map((r) => [
      r.rowId,
      {
        rowId: r.rowId,
        hlc: r.hlc === null ? null : BigInt(r.hlc),
        baseHlc: r.baseHlc === null ? null : BigInt(r.baseHlc),
        origin: r.origin,
        row: r.row,
      },
    ]),
  );
}

export interface IncomingRow {
  rowId: string;
  hlc: bigint;
  row: RowJson | null;
}

/** A row the receiving side could not take: another row holds one of its unique keys, or its parent is gone. */
export interface RejectedRow {
  rowId: string;
  row: RowJson | null;
  reason: string;
}

// unique_violation, foreign_key_violation: a fact about this one row, not about the batch or the link.
const ROW_LEVEL_ERRORS = new Set(["23505", "23503"]);

/**
 * A key or parent the row itself lacks, on the applied table or a child of it. The same codes raised by the
 * sync's own bookkeeping (the capture trigger's change log, the version records) say nothing about the row:
 * a change log whose sequence a crash rewound (a template copy that never reached a checkpoint hands out keys
 * it already used) must fail the batch, which is retried, never turn every row into a conflict the cursor then
 * moves past.
 */
function isRowLevel(error: unknown): boolean {
  const { code, table } = error as { code?: string; table?: string };
  return ROW_LEVEL_ERRORS.has(code ?? "") && !(table ?? "").startsWith("sync_");
}

/**
 * Writes the winning versions: the version records first (the cloud's capture trigger reads the clock from
 * there), then upserts and deletes. Only the columns the sender has are written, so a newer receiver keeps its
 * own defaults for columns an older sender does not know; a column the receiver lacks is refused. If a row
 * collides with a unique key or misses its parent, the table's rows are retried one by one and only the ones that
 * fail are returned (the caller keeps them as conflicts): one such row must not stop the sync of everything else.
 */
export async function applyRows(
  db: pg.ClientBase,
  tableName: string,
  rows: readonly IncomingRow[],
  options: {
    origin: string | null;
    markBase: boolean;
    columns: Set<string>;
    receiver: "local" | "cloud";
    /** Cloud: the organization whose change log gets the entry of a tombstone no row write captured. */
    organizationId?: string;
  },
): Promise<RejectedRow[]> {
  if (rows.length === 0) return [];
  for (const { row } of rows)
    for (const column of Object.keys(row ?? {}))
      if (!options.columns.has(column)) throw new UnknownColumnError(options.receiver, tableName, column);
  await db.query("SAVEPOINT sync_apply_table");
  try {
    await writeRows(db, tableName, rows, options);
    await db.query("RELEASE SAVEPOINT sync_apply_table");
    return [];
  } catch (error) {
    if (!isRowLevel(error)) throw error;
    await db.query("ROLLBACK TO SAVEPOINT sync_apply_table");
  }
  const rejected: RejectedRow[] = [];
  for (const one of rows) {
    await db.query("SAVEPOINT sync_apply_row");
    try {
      await writeRows(db, tableName, [one], options);
      await db.query("RELEASE SAVEPOINT sync_apply_row");
    } catch (error) {
      if (!isRowLevel(error)) throw error;
      await db.query("ROLLBACK TO SAVEPOINT sync_apply_row");
      rejected.push({ rowId: one.rowId, row: one.row, reason: (error as Error).message });
    }
  }
  await db.query("RELEASE SAVEPOINT sync_apply_table");
  return rejected;
}

async function writeRows(
  db: pg.ClientBase,
  tableName: string,
  rows: readonly IncomingRow[],
  options: { origin: string | null; markBase: boolean; organizationId?: string },
): Promise<void> {
  const table = syncedTable(tableName);
  await writeVersions(db, tableName, rows, options);
  const upserts = rows.filter((r) => r.row !== null);
  const deletes = rows.filter((r) => r.row === null).map((r) => r.rowId);
  const byShape = new Map<string, RowJson[]>();
  for (const { row } of upserts) {
    const shape = Object.keys(row as RowJson)
      .sort()
      .join(",");
    byShape.set(shape, [...(byShape.get(shape) ?? []), row as RowJson]);
  }
  for (const [shape, shaped] of byShape) {
    const columns = shape.split(",").map(ident);
    const updates = columns.filter((c) => c !== ident(table.key)).map((c) => `${c} = EXCLUDED.${c}`);
    await db.query(
      `INSERT INTO ${ident(table.name)} (${columns.join(", ")})
       SELECT ${columns.join(", ")} FROM jsonb_populate_recordset(NULL::${ident(table.name)}, $1::jsonb)
       ON CONFLICT (${ident(table.key)}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"}`,
      [JSON.stringify(shaped)],
    );
  }
  if (deletes.length === 0) return;
  const deleted = await db.query<{ id: string }>(
    `DELETE FROM ${ident(table.name)} WHERE ${ident(table.key)} = ANY($1::uuid[]) RETURNING ${ident(table.key)}::text AS id`,
    [deletes],
  );
  if (options.organizationId === undefined) return;
  // A tombstone for a row already gone (deleted in the cloud, or with its parent) fires no capture trigger, yet it
  // is a new version: the organization's other sites must hear of it, since a push it deferred waits for that.
  const gone = new Set(deleted.rows.map((r) => r.id));
  const uncaptured = rows.filter((r) => r.row === null && !gone.has(r.rowId));
  if (uncaptured.length > 0)
    await db.query(
      `INSERT INTO sync_changes (table_name, row_id, organization_id, hlc, deleted, origin)
       SELECT $1, id, $3, hlc, true, $4 FROM unnest($2::text[], $5::bigint[]) AS r(id, hlc)`,
      [
        tableName,
        uncaptured.map((r) => r.rowId),
        options.organizationId,
        options.origin,
        uncaptured.map((r) => r.hlc.toString()),
      ],
    );
}

async function writeVersions(
  db: pg.ClientBase,
  tableName: string,
  rows: readonly IncomingRow[],
  options: { origin: string | null; markBase: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO sync_row_versions AS v (table_name, row_id, hlc, origin, base_hlc, deleted)
     SELECT $1, id, hlc, $4, CASE WHEN $5 THEN hlc END, deleted
     FROM unnest($2::text[], $3::bigint[], $6::boolean[]) AS r(id, hlc, deleted)
     ON CONFLICT (table_name, row_id) DO UPDATE
       SET hlc = EXCLUDED.hlc, origin = EXCLUDED.origin, deleted = EXCLUDED.deleted,
           base_hlc = CASE WHEN $5 THEN EXCLUDED.hlc ELSE v.base_hlc END`,
    [
      tableName,
      rows.map((r) => r.rowId),
      rows.map((r) => r.hlc.toString()),
      options.origin,
      options.markBase,
      rows.map((r) => r.row === null),
    ],
  );
}

/** Records that both sides now have these versions (farm side, after the cloud committed them). */
export async function markBase(db: Db, tableName: string, rows: readonly { rowId: string; hlc: bigint }[]) {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE sync_row_versions v SET base_hlc = r.hlc
     FROM unnest($2::text[], $3::bigint[]) AS r(id, hlc)
     WHERE v.table_name = $1 AND v.row_id = r.id AND v.hlc = r.hlc`,
    [tableName, rows.map((r) => r.rowId), rows.map((r) => r.hlc.toString())],
  );
}

/**
 * Farm side, completing a push whose farm half was lost (ADR 0018): both sides have these versions. Where the
 * farm has written the row again since, its version descends from the one the cloud took, which the farm's own
 * change log still holds (the lost transaction would have trimmed it): that one is the base. A farm restored from a
 * backup older than the push has no such entry, and its edit meets the cloud's version as a conflict.
 */
export async function markBaseOfLostPush(
  db: Db,
  tableName: string,
  rows: readonly { rowId: string; hlc: bigint }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE sync_row_versions v SET base_hlc = r.hlc
     FROM unnest($2::text[], $3::bigint[]) AS r(id, hlc)
     WHERE v.table_name = $1 AND v.row_id = r.id
       AND (v.hlc = r.hlc
            OR (v.hlc > r.hlc AND (v.base_hlc IS NULL OR v.base_hlc < r.hlc)
                AND EXISTS (SELECT 1 FROM sync_changes c
                            WHERE c.table_name = $1 AND c.row_id = r.id AND c.hlc = r.hlc AND c.origin IS NULL)))`,
    [tableName, rows.map((r) => r.rowId), rows.map((r) => r.hlc.toString())],
  );
}

/** A local version that won a conflict: a new version after both, based on the cloud's. */
export async function setWinningLocalVersion(
  db: Db,
  tableName: string,
  entry: { rowId: string; hlc: bigint; baseHlc: bigint; origin?: string | null },
): Promise<void> {
  await db.query(
    "UPDATE sync_row_versions SET hlc = $3, base_hlc = $4, origin = $5 WHERE table_name = $1 AND row_id = $2",
    [tableName, entry.rowId, entry.hlc.toString(), entry.baseHlc.toString(), entry.origin ?? null],
  );
}

/**
 * Origin of a farm version that only carries columns an older cloud lacks on top of the cloud's version: nobody
 * edited it, so a later cloud change replaces it without a conflict.
 */
export const NEWER_COLUMNS_ORIGIN = "newer-columns";

/** The clock's receive rule: later local versions order after everything applied here. */
export async function observeClock(db: Db, highest: bigint): Promise<void> {
  await db.query("UPDATE sync_settings SET seen_hlc = greatest(seen_hlc, $1::bigint)", [highest.toString()]);
}

/** Applying here: the farm must not capture it again (no echo); the cloud captures it for the other sites. */
export async function markApplying(
  db: pg.ClientBase,
  side: "local" | "cloud",
  siteId: string,
): Promise<void> {
  if (side === "local") await db.query("SELECT set_config('unicorn.sync_apply', 'on', true)");
  else await db.query("SELECT set_config('unicorn.sync_origin', $1, true)", [siteId]);
}
