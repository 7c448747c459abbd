import type { Principal } from "../auth/principal";
import type { ResourceService } from "./legacy-resource.routes";
import type { ResourceRepository, Row } from "./resource.repository";

export interface ResourceHooks<T> {
  /** Validates an input (references, derived columns) and returns the columns to write. */
  prepare?(principal: Principal, input: Row, existing?: T): Promise<Row>;
  /** Shapes a flat row into the API representation. */
  present?(row: Row): T;
}

/** Generic organization-scoped CRUD; resource-specific rules come in through hooks. */
export class HookedResourceService<T> implements ResourceService<T> {
  constructor(
    private readonly repository: ResourceRepository,
    private readonly hooks: ResourceHooks<T> = {},
  ) {}

  private present(row: Row): T {
    return this.hooks.present ? this.hooks.present(row) : (row as T);
  }

  async list(principal: Principal, query: { limit: number; offset: number; filters: Row }) {
    const page = await this.repository.list(principal.organizationId, query);
    return { items: page.items.map((row) => this.present(row)), total: page.total };
  }

  async get(principal: Principal, id: string): Promise<T | undefined> {
    const row = await this.repository.get(principal.organizationId, id);
    return row ? this.present(row) : undefined;
  }

  async create(principal: Principal, input: Row): Promise<T> {
    const values = this.hooks.prepare ? await this.hooks.prepare(principal, input) : input;
    return this.present(await this.repository.insert(principal.organizationId, values));
  }

  async update(principal: Principal, id: string, input: Row): Promise<T | undefined> {
    const existing = await this.get(principal, id);
    if (!existing) return undefined;
    const values = this.hooks.prepare ? await this.hooks.prepare(principal, input, existing) : input;
    const row = await this.repository.update(principal.organizationId, id, values);
    return row ? this.present(row) : undefined;
  }

  remove(principal: Principal, id: string): Promise<boolean> {
    return this.repository.softDelete(principal.organizationId, id);
  }
}
