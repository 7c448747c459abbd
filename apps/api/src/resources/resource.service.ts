import type { Principal } from "../auth/principal";
import type { ResourceRepository, Row } from "./resource.repository";
import type { ListQuery, ResourceService } from "./resource.routes";

export interface ResourceHooks<T, Create, Update> {
  /** Validates a create body (references, derived columns) and returns the columns to write. */
  prepareCreate?(principal: Principal, input: Create): Promise<Row>;
  /** Validates an update body against the stored resource and returns the columns to write. */
  prepareUpdate?(principal: Principal, input: Update, existing: T): Promise<Row>;
  /** Runs after a row (and its dependents) was deleted, e.g. to drop caches that knew them. */
  afterRemove?(principal: Principal, id: string): void;
  /** Shapes a flat row into the API representation. */
  present?(row: Row): T;
}

/** Generic organization-scoped CRUD; resource-specific rules come in through hooks. */
export class HookedResourceService<
  T,
  Create extends Row,
  Update extends Row,
  Query extends ListQuery = ListQuery,
> implements ResourceService<T, Create, Update, Query>
{
  constructor(
    private readonly repository: ResourceRepository,
    private readonly hooks: ResourceHooks<T, Create, Update> = {},
  ) {}

  private present(row: Row): T {
    return this.hooks.present ? this.hooks.present(row) : (row as T);
  }

  async list(principal: Principal, query: Query) {
    const { limit, offset, ...filters } = query;
    const page = await this.repository.list(principal.organizationId, { limit, offset, filters });
    return { items: page.items.map((row) => this.present(row)), total: page.total, limit, offset };
  }

  async get(principal: Principal, id: string): Promise<T | undefined> {
    const row = await this.repository.get(principal.organizationId, id);
    return row ? this.present(row) : undefined;
  }

  async create(principal: Principal, input: Create): Promise<T> {
    const values = this.hooks.prepareCreate ? await this.hooks.prepareCreate(principal, input) : { ...input };
    return this.present(await this.repository.insert(principal.organizationId, values));
  }

  async update(principal: Principal, id: string, input: Update): Promise<T | undefined> {
    const existing = await this.get(principal, id);
    if (!existing) return undefined;
    const values = this.hooks.prepareUpdate
      ? await this.hooks.prepareUpdate(principal, input, existing)
      : { ...input };
    const row = await this.repository.update(principal.organizationId, id, values);
    return row ? this.present(row) : undefined;
  }

  async remove(principal: Principal, id: string): Promise<boolean> {
    const removed = await this.repository.softDelete(principal.organizationId, id);
    if (removed) this.hooks.afterRemove?.(principal, id);
    return removed;
  }
}
