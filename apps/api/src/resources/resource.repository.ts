import { type Pool, type PoolClient, withTransaction } from "@unicorn/db";

/** Rows of another table that belong to a row of this one and die with it (tombstoned in the same transaction). */
export interface DependentTable {
  /** SQL table name (a constant from code). */
  table: string;
  /** Its column that references the parent's id. */
  foreignKey: string;
  dependents?: readonly DependentTable[];
}

/** What every stored resource carries besides its own columns. */
export interface Stored {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A row as the repository returns it: the table's mapped columns plus the stored-resource columns. */
export type StoredRow<Columns> = Columns & Stored;

export interface ResourceTable<Columns> {
  /** SQL table name (a constant from code, never from input). */
  table: string;
  /**
   * Property name -> SQL column (or a constant SQL expression), for every property of a row. Typed by the row,
   * so a property added to the row's type is a compile error here until it is mapped.
   */
  columns: { readonly [K in keyof Columns]-?: string };
  /** Properties the list endpoint can filter on by equality. */
  filters: readonly (keyof Columns & string)[];
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

/** What a reference check needs of a repository. */
export interface ReferenceTarget {
  exists(organizationId: string, id: string): Promise<boolean>;
}

/**
 * Organization-scoped CRUD over one table. Tenancy lives here: every statement is filtered by
 * organization_id, so no route or service can reach another organization's rows by mistake.
 * Deletes are tombstones (deleted_at) so the sync agent can propagate them.
 */
export class ResourceRepository<Columns extends object> implements ReferenceTarget {
  private readonly selectList: string;
  private readonly columns: Readonly<Record<string, string>>;

  constructor(
    private readonly pool: Pool,
    private readonly spec: ResourceTable<Columns>,
    private readonly siteId: string,
  ) {
    this.columns = spec.columns as Readonly<Record<string, string>>;
    const mapped = Object.entries(this.columns).map(([api, column]) => `${column} AS "${api}"`);
    this.selectList = [
      "id",
      ...mapped,
      `created_at AS "createdAt"`,
      `updated_at AS "updatedAt"`,
      "version",
    ].join(", ");
  }

  /** The SQL boundary: the select list maps exactly the properties of `Columns`, plus `Stored`'s. */
  private rows(result: { rows: unknown[] }): StoredRow<Columns>[] {
    return result.rows as StoredRow<Columns>[];
  }

  async list(
    organizationId: string,
    query: ListQuery,
  ): Promise<{ items: StoredRow<Columns>[]; total: number }> {
    const where = ["organization_id = $1", "deleted_at IS NULL"];
    const params: unknown[] = [organizationId];
    for (const name of this.spec.filters) {
      const value = query.filters[name];
      if (value === undefined) continue;
      params.push(value);
      where.push(`${this.columns[name]} = $${params.length}`);
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
    return { items: this.rows(rows), total: total.rows[0]?.n ?? 0 };
  }

  async get(organizationId: string, id: string): Promise<StoredRow<Columns> | undefined> {
    const result = await this.pool.query(
      `SELECT ${this.selectList} FROM ${this.spec.table} WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId],
    );
    return this.rows(result)[0];
  }

  /** The properties of `values` that map to columns, with their values (undefined ones are left out). */
  private assignments(values: Partial<Columns>): [column: string, value: unknown][] {
    return Object.entries(values)
      .filter(([name, value]) => value !== undefined && name in this.columns)
      .map(([name, value]) => [this.columns[name]!, value]);
  }

  async insert(organizationId: string, values: Partial<Columns>): Promise<StoredRow<Columns>> {
    const assigned = this.assignments(values);
    const columns = ["organization_id", "site_id", ...assigned.map(([column]) => column)];
    const params = [organizationId, this.siteId, ...assigned.map(([, value]) => value)];
    const result = await this.pool.query(
      `INSERT INTO ${this.spec.table} (${columns.join(", ")}) VALUES (${params.map((_, i) => `$${i + 1}`).join(", ")})
       RETURNING ${this.selectList}`,
      params,
    );
    return this.rows(result)[0]!;
  }

  async update(
    organizationId: string,
    id: string,
    values: Partial<Columns>,
  ): Promise<StoredRow<Columns> | undefined> {
    const assigned = this.assignments(values);
    if (assigned.length === 0) return this.get(organizationId, id);
    const params: unknown[] = [id, organizationId, this.siteId];
    const sets = assigned.map(([column, value]) => {
      params.push(value);
      return `${column} = $${params.length}`;
    });
    const result = await this.pool.query(
      `UPDATE ${this.spec.table} SET ${sets.join(", ")}, updated_at = now(), version = version + 1, site_id = $3
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL RETURNING ${this.selectList}`,
      params,
    );
    return this.rows(result)[0];
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
