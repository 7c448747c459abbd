import type {
  SyncColumnValue,
  SyncConflictQuery,
  SyncConflictRule,
  SyncConflictState,
  SyncSide,
  SyncStatus,
} from "@unicorn/contracts";
import { type Pool, type PoolClient, withTransaction } from "@unicorn/db";

/** The sync service's last record of its attempts (farm side), as stored. */
export interface StoredSyncStatus {
  status: Omit<SyncStatus, "conflicts">;
  reportedAt: Date;
}

/** A row as JSON (to_jsonb), by column. */
export type RowJson = Record<string, SyncColumnValue>;

/** One stored conflict; versions as the sync service kept them (not yet redacted for display). */
export interface StoredConflict {
  id: string;
  table: string;
  rowId: string;
  detectedAt: Date;
  rule: SyncConflictRule;
  winner: SyncSide;
  localVersion: RowJson | null;
  cloudVersion: RowJson | null;
  localHlc: string | null;
  cloudHlc: string | null;
  reappliedAt: Date | null;
  reappliedBy: string | null;
  dismissedAt: Date | null;
  dismissedBy: string | null;
}

/** A table the sync service captures changes of, with the columns its capture trigger names. */
export interface CapturedTable {
  name: string;
  keyColumn: string;
  organizationColumn: string;
  /** Columns a re-applied version may set: every stored (not generated) column. */
  columns: string[];
}

const CONFLICT_COLUMNS = `id::text AS id, table_name AS "table", row_id AS "rowId", detected_at AS "detectedAt",
  rule, winner, local_version AS "localVersion", cloud_version AS "cloudVersion",
  local_hlc::text AS "localHlc", cloud_hlc::text AS "cloudHlc", reapplied_at AS "reappliedAt",
  reapplied_by::text AS "reappliedBy", dismissed_at AS "dismissedAt", dismissed_by::text AS "dismissedBy"`;

const STATE_CONDITION: Record<SyncConflictState, string> = {
  open: "reapplied_at IS NULL AND dismissed_at IS NULL",
  reapplied: "reapplied_at IS NOT NULL",
  dismissed: "dismissed_at IS NOT NULL",
};

/** A SQL identifier from the catalog, quoted (names come from pg_catalog, never from a request). */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Reads of the sync tables of this database; writes only what an admin decides about a conflict. */
export class SyncRepository {
  constructor(private readonly pool: Pool) {}

  /** The newest status row (one per site; a farm database has one site), or undefined where sync never ran. */
  async status(): Promise<StoredSyncStatus | undefined> {
    const result = await this.pool.query<{
      siteId: string;
      online: boolean;
      lastAttemptAt: Date | null;
      lastSuccessAt: Date | null;
      lastError: string | null;
      lagSeconds: number | null;
      queued: { table: string; rows: number }[];
      pushLastSuccessAt: Date | null;
      pushRowsSynced: string;
      pullLastSuccessAt: Date | null;
      pullRowsSynced: string;
      updatedAt: Date;
    }>(
      `SELECT site_id AS "siteId", online, last_attempt_at AS "lastAttemptAt", last_success_at AS "lastSuccessAt",
         last_error AS "lastError", lag_seconds AS "lagSeconds", queued,
         push_last_success_at AS "pushLastSuccessAt", push_rows_synced::text AS "pushRowsSynced",
         pull_last_success_at AS "pullLastSuccessAt", pull_rows_synced::text AS "pullRowsSynced",
         updated_at AS "updatedAt"
       FROM sync_status ORDER BY updated_at DESC LIMIT 1`,
    );
    const row = result.rows[0];
    if (!row) return undefined;
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    return {
      reportedAt: row.updatedAt,
      status: {
        siteId: row.siteId,
        online: row.online,
        lastAttemptAt: iso(row.lastAttemptAt),
        lastSuccessAt: iso(row.lastSuccessAt),
        lastError: row.lastError,
        lagSeconds: row.lagSeconds,
        queued: Array.isArray(row.queued) ? row.queued : [],
        directions: [
          {
            direction: "push",
            lastSuccessAt: iso(row.pushLastSuccessAt),
            rowsSynced: Number(row.pushRowsSynced),
          },
          {
            direction: "pull",
            lastSuccessAt: iso(row.pullLastSuccessAt),
            rowsSynced: Number(row.pullRowsSynced),
          },
        ],
      },
    };
  }

  async conflictCounts(organizationId: string): Promise<{ open: number; total: number }> {
    const result = await this.pool.query<{ open: number; total: number }>(
      `SELECT count(*) FILTER (WHERE ${STATE_CONDITION.open})::int AS open, count(*)::int AS total
       FROM sync_conflicts WHERE organization_id = $1`,
      [organizationId],
    );
    return result.rows[0] ?? { open: 0, total: 0 };
  }

  /** Newest first, the organization's own only. */
  async conflicts(
    organizationId: string,
    query: SyncConflictQuery,
  ): Promise<{ items: StoredConflict[]; total: number }> {
    const where = ["organization_id = $1"];
    const values: unknown[] = [organizationId];
    if (query.table) {
      values.push(query.table);
      where.push(`table_name = $${values.length}`);
    }
    if (query.state) where.push(STATE_CONDITION[query.state]);
    const filter = where.join(" AND ");
    const total = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_conflicts WHERE ${filter}`,
      values,
    );
    const rows = await this.pool.query<StoredConflict>(
      `SELECT ${CONFLICT_COLUMNS} FROM sync_conflicts WHERE ${filter}
       ORDER BY detected_at DESC, id LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, query.limit, query.offset],
    );
    return { items: rows.rows, total: total.rows[0]?.n ?? 0 };
  }

  /** Runs an admin's decision on one conflict in one transaction. */
  decide<T>(work: (tx: ConflictDecision) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (client) => work(new ConflictDecision(client)));
  }
}

/** The statements of one decision, on one connection inside its transaction. */
export class ConflictDecision {
  constructor(private readonly client: PoolClient) {}

  /** The conflict, locked so two admins cannot decide it at once. */
  async lockConflict(organizationId: string, id: string): Promise<StoredConflict | undefined> {
    const result = await this.client.query<StoredConflict>(
      `SELECT ${CONFLICT_COLUMNS} FROM sync_conflicts WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
      [id, organizationId],
    );
    return result.rows[0];
  }

  /**
   * The table as its change-capture trigger declares it (key and organization columns are the trigger's
   * arguments), so only a table the sync service captures can be written here, and no list is kept twice.
   */
  async capturedTable(name: string): Promise<CapturedTable | undefined> {
    const trigger = await this.client.query<{ args: string; relid: number }>(
      `SELECT encode(t.tgargs, 'escape') AS args, c.oid::int AS relid
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace
         AND t.tgname = $1 || '_sync_capture' AND NOT t.tgisinternal`,
      [name],
    );
    const found = trigger.rows[0];
    if (!found) return undefined;
    const [keyColumn, organizationColumn] = found.args.split("\\000");
    if (!keyColumn || !organizationColumn) return undefined;
    const columns = await this.client.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute
       WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
      [found.relid],
    );
    return { name, keyColumn, organizationColumn, columns: columns.rows.map((c) => c.name) };
  }

  /** The row as it stands now (locked), as JSON like the versions the sync service keeps. */
  async currentRow(table: CapturedTable, rowId: string): Promise<RowJson | undefined> {
    const result = await this.client.query<{ row: RowJson }>(
      `SELECT to_jsonb(t) AS row FROM ${quoted(table.name)} t WHERE ${quoted(table.keyColumn)}::text = $1 FOR UPDATE`,
      [rowId],
    );
    return result.rows[0]?.row;
  }

  /** The hybrid logical clock of the row's current version (text: a 64-bit integer). */
  async rowClock(table: CapturedTable, rowId: string): Promise<string | undefined> {
    const result = await this.client.query<{ hlc: string }>(
      "SELECT hlc::text AS hlc FROM sync_row_versions WHERE table_name = $1 AND row_id = $2",
      [table.name, rowId],
    );
    return result.rows[0]?.hlc;
  }

  /**
   * Writes `version` (a stored row as JSON) as an ordinary local change: the capture trigger records it like any
   * edit, so the sync service sends it on. Bookkeeping columns are this write's own: the version counter goes
   * up from the row's current one, updated_at is now and the site is this one. JSON values are converted by
   * jsonb_populate_record, the inverse of the to_jsonb the versions were kept with.
   */
  async writeRow(
    table: CapturedTable,
    rowId: string,
    version: RowJson,
    exists: boolean,
    siteId: string,
  ): Promise<void> {
    const bookkeeping = new Set(["version", "updated_at", "site_id", "created_at"]);
    const has = (column: string) => table.columns.includes(column);
    const fromVersion = table.columns.filter(
      (column) =>
        column !== table.keyColumn &&
        column !== table.organizationColumn &&
        !bookkeeping.has(column) &&
        Object.hasOwn(version, column),
    );
    const source = `jsonb_populate_record(NULL::${quoted(table.name)}, $1::jsonb)`;
    // This write's own stamps; `site` is the placeholder of the site id.
    const stamps = (site: string): [string, string][] => [
      ...(has("updated_at") ? ([["updated_at", "now()"]] as [string, string][]) : []),
      ...(has("site_id") ? ([["site_id", site]] as [string, string][]) : []),
    ];
    if (exists) {
      const list = fromVersion.map(quoted).join(", ");
      const sets = [
        ...(fromVersion.length > 0 ? [`(${list}) = (SELECT ${list} FROM ${source})`] : []),
        ...stamps("$3").map(([column, value]) => `${quoted(column)} = ${value}`),
        ...(has("version") ? [`"version" = target."version" + 1`] : []),
      ];
      await this.client.query(
        `UPDATE ${quoted(table.name)} AS target SET ${sets.join(", ")} WHERE ${quoted(table.keyColumn)}::text = $2`,
        [JSON.stringify(version), rowId, siteId],
      );
      return;
    }
    // The row is not on this side at all (the losing version is the only one there was): insert it.
    const copied = [...new Set([table.keyColumn, table.organizationColumn, ...fromVersion])];
    const stamped = stamps("$2");
    await this.client.query(
      `INSERT INTO ${quoted(table.name)} (${[...copied, ...stamped.map(([column]) => column)].map(quoted).join(", ")})
       SELECT ${[...copied.map(quoted), ...stamped.map(([, value]) => value)].join(", ")} FROM ${source}`,
      [JSON.stringify(version), siteId],
    );
  }

  async markReapplied(id: string, userId: string | undefined): Promise<void> {
    await this.client.query(
      "UPDATE sync_conflicts SET reapplied_at = now(), reapplied_by = $2 WHERE id = $1",
      [id, userId ?? null],
    );
  }

  async markDismissed(id: string, userId: string | undefined): Promise<void> {
    await this.client.query(
      "UPDATE sync_conflicts SET dismissed_at = now(), dismissed_by = $2 WHERE id = $1",
      [id, userId ?? null],
    );
  }
}
