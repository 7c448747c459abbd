import { type Pool, type PoolClient, withTransaction } from "@unicorn/db";

/** Rows of another table that belong to a row of this one and die with it (tombstoned in the same transaction). */
export interface DependentTable {
  /** SQL table name (a constant from code). */
  table: string;
  /** Its column that references the parent's id. */
  foreignKey: string;
  dependents?: readonly DependentTable[];
}

export interface ResourceTable {
  /** SQL table name (a constant from code, never from input). */
  table: string;
  /** API property name -> SQL column, for every column the API reads or writes. */
  columns: Record<string, string>;
  /** API property names the list endpoint can filter on by equality. */
  filters: readonly string[];
  /** ORDER BY for lists (SQL, constant). */
  orderBy: string;
  /** Tables whose rows are tombstoned together with a deleted row (a farm's fields, a field's sensors...). */
  dependents?: readonly DependentTable[];
}

export interface ListQuery {
  limit: number;
  offset: number;
  filters: Record<string, unknown>;
}

export type Row = Record<string, unknown>;

/**
 * Organization-scoped CRUD over one table. Tenancy lives here: every statement is filtered by
 * organization_id, so no route or service can reach another organization's rows by mistake.
 * Deletes are tombstones (deleted_at) so the sync agent can propagate them.
 */
export class ResourceRepository {
  private readonly selectList: string;

  constructor(
    private readonly pool: Pool,
    private readonly spec: ResourceTable,
    private readonly siteId: string,
  ) {
    const mapped = Object.entries(spec.columns).map(([api, column]) => `${column} AS "${api}"`);
    this.selectList = [
      "id",
      ...mapped,
      `created_at AS "createdAt"`,
      `updated_at AS "updatedAt"`,
      "version",
    ].join(", ");
  }

  async list(organizationId: string, query: ListQuery): Promise<{ items: Row[]; total: number }> {
    const where = ["organization_id = $1", "deleted_at IS NULL"];
    const params: unknown[] = [organizationId];
    for (const name of this.spec.filters) {
      const value = query.filters[name];
      if (value === undefined) continue;
      params.push(value);
      where.push(`${this.spec.columns[name]} = $${params.length}`);
    }
    const whereSql = where.join(" AND ");
    const total = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.spec.table} WHERE ${whereSql}`,
      params,
    );
    params.push(query.limit, query.offset);
    const rows = await this.pool.query(
      `SELECT ${this.selectList} FROM ${this.spec.table} WHERE ${whereSql}
       ORDER BY ${this.spec.orderBy} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.rows, total: total.rows[0]?.n ?? 0 };
  }

  async get(organizationId: string, id: string): Promise<Row | undefined> {
    const result = await this.pool.query(
      `SELECT ${this.selectList} FROM ${this.spec.table} WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId],
    );
    return result.rows[0];
  }

  async insert(organizationId: string, values: Row): Promise<Row> {
    const names = Object.keys(values).filter((name) => name in this.spec.columns);
    const columns = ["organization_id", "site_id", ...names.map((name) => this.spec.columns[name])];
    const params = [organizationId, this.siteId, ...names.map((name) => values[name])];
    const result = await this.pool.query(
      `INSERT INTO ${this.spec.table} (${columns.join(", ")}) VALUES (${params.map((_, i) => `$${i + 1}`).join(", ")})
       RETURNING ${this.selectList}`,
      params,
    );
    return result.rows[0]!;
  }

  async update(organizationId: string, id: string, values: Row): Promise<Row | undefined> {
    const names = Object.keys(values).filter((name) => name in this.spec.columns);
    if (names.length === 0) return this.get(organizationId, id);
    const params: unknown[] = [id, organizationId, this.siteId];
    const sets = names.map((name) => {
      params.push(values[name]);
      return `${this.spec.columns[name]} = $${params.length}`;
    });
    const result = await this.pool.query(
      `UPDATE ${this.spec.table} SET ${sets.join(", ")}, updated_at = now(), version = version + 1, site_id = $3
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL RETURNING ${this.selectList}`,
      params,
    );
    return result.rows[0];
  }

  /**
   * Tombstones the row and, in the same transaction, every live row that depends on it (recursively): a
   * deleted farm's fields are gone from reads, and their sensors from ingestion, the moment it is gone.
   */
  async softDelete(organizationId: string, id: string): Promise<boolean> {
    const dependents = this.spec.dependents ?? [];
    const tombstone = async (client: Pool | PoolClient) => {
      const result = await client.query(
        `UPDATE ${this.spec.table} SET deleted_at = now(), updated_at = now(), version = version + 1, site_id = $3
         WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
        [id, organizationId, this.siteId],
      );
      const deleted = (result.rowCount ?? 0) > 0;
      if (deleted) await this.tombstoneDependents(client, organizationId, dependents, [id]);
      return deleted;
    };
    return dependents.length === 0 ? tombstone(this.pool) : withTransaction(this.pool, tombstone);
  }

  private async tombstoneDependents(
    client: Pool | PoolClient,
    organizationId: string,
    dependents: readonly DependentTable[],
    parentIds: string[],
  ): Promise<void> {
    for (const dependent of dependents) {
      const result = await client.query<{ id: string }>(
        `UPDATE ${dependent.table} SET deleted_at = now(), updated_at = now(), version = version + 1, site_id = $3
         WHERE ${dependent.foreignKey} = ANY($1::uuid[]) AND organization_id = $2 AND deleted_at IS NULL
         RETURNING id`,
        [parentIds, organizationId, this.siteId],
      );
      const ids = result.rows.map((row) => row.id);
      if (ids.length > 0 && dependent.dependents)
        await this.tombstoneDependents(client, organizationId, dependent.dependents, ids);
    }
  }

  /** True when `id` is a live row of this table in the organization (for foreign-key checks with a clear error). */
  async exists(organizationId: string, id: string): Promise<boolean> {
    const result = await this.pool.query(
      `SELECT 1 FROM ${this.spec.table} WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
