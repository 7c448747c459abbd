import type { Principal } from "../auth/principal";
import type { ResourceRepository, StoredRow } from "./resource.repository";
import type { ListQuery, ResourceService } from "./resource.routes";

/** What makes one resource different from another: its validation, derived columns and representation. */
export interface ResourceRules<T, Create, Update, Columns> {
  /** Validates a create body (references, derived columns) and returns the columns to write. */
  prepareCreate(principal: Principal, input: Create): Promise<Partial<Columns>>;
  /** Validates an update body against the stored resource and returns the columns to write. */
  prepareUpdate(principal: Principal, input: Update, existing: T): Promise<Partial<Columns>>;
  /**
   * Shapes a stored row into the API representation. Written out property by property where the two differ, so
   * a property added to the contract is a compile error here until the row provides it.
   */
  present(row: StoredRow<Columns>): T;
  /** Runs after a row (and its dependents) was deleted, e.g. to drop caches that knew them. */
  afterRemove?(principal: Principal, id: string): void;
}

/** Generic organization-scoped CRUD; resource-specific rules come in through `rules`. */
export class HookedResourceService<T, Create, Update, Query extends ListQuery, Columns extends object>
  implements ResourceService<T, Create, Update, Query>
{
  constructor(
    private readonly repository: ResourceRepository<Columns>,
    private readonly rules: ResourceRules<T, Create, Update, Columns>,
  ) {}

  async list(principal: Principal, query: Query) {
    const { limit, offset, ...filters } = query;
    const page = await this.repository.list(principal.organizationId, { limit, offset, filters });
    return { items: page.items.map((row) => this.rules.present(row)), total: page.total, limit, offset };
  }

  async get(principal: Principal, id: string): Promise<T | undefined> {
    const row = await this.repository.get(principal.organizationId, id);
    return row ? this.rules.present(row) : undefined;
  }

  async create(principal: Principal, input: Create): Promise<T> {
    const values = await this.rules.prepareCreate(principal, input);
    return this.rules.present(await this.repository.insert(principal.organizationId, values));
  }

  async update(principal: Principal, id: string, input: Update): Promise<T | undefined> {
    const existing = await this.get(principal, id);
    if (!existing) return undefined;
    const values = await this.rules.prepareUpdate(principal, input, existing);
    const row = await this.repository.update(principal.organizationId, id, values);
    return row ? this.rules.present(row) : undefined;
  }

  async remove(principal: Principal, id: string): Promise<boolean> {
    const removed = await this.repository.softDelete(principal.organizationId, id);
    if (removed) this.rules.afterRemove?.(principal, id);
    return removed;
  }
}
