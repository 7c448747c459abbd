import type { NotReady, Ready } from "@unicorn/contracts";
import { migrationStatus, type Pool } from "@unicorn/db";

/** Readiness: the database answers and its schema is the one this build expects. */
export class HealthService {
  constructor(private readonly pool: Pool) {}

  async readiness(): Promise<Ready | NotReady> {
    try {
      const { pending } = await migrationStatus(this.pool);
      if (pending.length > 0) return { status: "migrations pending", pending };
      return { status: "ready" };
    } catch (error) {
      return {
        status: "database unreachable",
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
