import type { Pool } from "@unicorn/db";

export interface ResourceTable {
  /** SQL table name (a constant from code, never from input). */
  table: string;
  /** API property name -> SQL column, for every column the API reads or writes. */
  columns: Record<string, string>;
  /** API property names the list endpoint can filter on by equality. */
  filters: readonly string[];
  /** ORDER BY for lists (SQL, constant). */
  orderBy: string;
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

  async softDelete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.spec.table} SET deleted_at = now(), updated_at = now(), version = version + 1, site_id = $3
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId, this.siteId],
    );
    return (result.rowCount ?? 0) > 0;
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
