import type {
  Page,
  SyncConflictEntry,
  SyncConflictQuery,
  SyncSide,
  SyncStatusReport,
} from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { AuditService } from "../audit/audit.service";
import type { Principal } from "../auth/principal";
import { conflictState, presentConflict, stillTheWinner } from "./conflict-presenter";
import type { ConflictDecision, StoredConflict, SyncRepository } from "./sync.repository";

/**
 * The sync service records an attempt at least every time its back-off ceiling (5 min) runs out; a record
 * older than three of those means it is not running (stopped, crashed, or its database login broken).
 */
export const SERVICE_SILENT_AFTER_MS = 15 * 60_000;

const SIDE_NAME: Record<SyncSide, string> = { local: "this farm's", cloud: "the cloud's" };

/** PostgreSQL's integrity errors (class 23) and bad values (22): the losing version no longer fits here. */
const INTEGRITY_ERROR = /^2[23]/;

/**
 * A losing version the database refuses (its unique name is taken by another row, its parent is gone) is a
 * conflict the admin must resolve by editing, not a server error; the transaction rolls back, nothing changes.
 */
function refusedByDatabase(error: unknown, table: string) {
  const { code, detail } = error as { code?: string; detail?: string };
  if (typeof code !== "string" || !INTEGRITY_ERROR.test(code)) return undefined;
  return errors.conflict(
    `the losing version cannot be written to ${table} as it stands now${detail ? ` (${detail})` : ""}; edit the row itself instead`,
  );
}

/** The operator's view of the hybrid sync, and an admin's decisions on its conflicts. */
export class SyncService {
  constructor(
    private readonly repository: SyncRepository,
    private readonly audit: AuditService,
    private readonly siteId: string,
    private readonly now: () => number = Date.now,
  ) {}

  async status(principal: Principal): Promise<SyncStatusReport> {
    const stored = await this.repository.status();
    if (!stored)
      return {
        configured: false,
        message:
          "This installation does not sync with another database: it runs on-premises only, or it is the cloud.",
      };
    return {
      configured: true,
      reportedAt: stored.reportedAt.toISOString(),
      serviceRunning: this.now() - stored.reportedAt.getTime() <= SERVICE_SILENT_AFTER_MS,
      status: { ...stored.status, conflicts: await this.repository.conflictCounts(principal.organizationId) },
    };
  }

  async conflicts(principal: Principal, query: SyncConflictQuery): Promise<Page<SyncConflictEntry>> {
    const page = await this.repository.conflicts(principal.organizationId, query);
    return {
      items: page.items.map(presentConflict),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * Writes the version that lost back as an ordinary local edit, so it becomes the row here and the sync
   * service sends it to the cloud like any other change. Refused (409, nothing changed) when the conflict was
   * already decided or the row has changed since the winner was applied: re-applying then would silently
   * overwrite that newer edit.
   */
  async reapply(principal: Principal, id: string): Promise<SyncConflictEntry> {
    const decided = await this.repository.decide(async (tx) => {
      const conflict = await this.openConflict(tx, principal, id);
      const losingSide: SyncSide = conflict.winner === "cloud" ? "local" : "cloud";
      const losing = losingSide === "local" ? conflict.localVersion : conflict.cloudVersion;
      const winning = losingSide === "local" ? conflict.cloudVersion : conflict.localVersion;
      if (!losing)
        throw errors.conflict(
          `${SIDE_NAME[losingSide]} side had no version of this row (it was removed there), so there is nothing to re-apply; dismiss the conflict instead`,
        );
      const table = await tx.capturedTable(conflict.table);
      if (!table) throw errors.conflict(`table ${conflict.table} is not synced on this installation`);
      const current = await tx.currentRow(table, conflict.rowId);
      if (!stillTheWinner(current, winning))
        throw errors.conflict(
          `the ${conflict.table} row ${conflict.rowId} has changed since this conflict was resolved; re-applying would overwrite that change. Edit the row itself, or dismiss the conflict`,
        );
      if (losing[table.organizationColumn] !== principal.organizationId)
        throw errors.conflict("the losing version belongs to another organization");
      try {
        await tx.writeRow(table, conflict.rowId, losing, current !== undefined, this.siteId);
      } catch (error) {
        throw refusedByDatabase(error, conflict.table) ?? error;
      }
      await tx.markReapplied(conflict.id, principal.userId);
      return (await tx.lockConflict(principal.organizationId, id))!;
    });
    await this.audit.recordBy(principal, {
      action: "sync.conflict_reapply",
      targetType: decided.table,
      targetId: decided.rowId,
      details: { conflict: decided.id, version: decided.winner === "cloud" ? "local" : "cloud" },
    });
    return presentConflict(decided);
  }

  /** Keeps the winner: the conflict is no longer open, the losing version stays on record. */
  async dismiss(principal: Principal, id: string): Promise<SyncConflictEntry> {
    const decided = await this.repository.decide(async (tx) => {
      const conflict = await this.openConflict(tx, principal, id);
      await tx.markDismissed(conflict.id, principal.userId);
      return (await tx.lockConflict(principal.organizationId, id))!;
    });
    await this.audit.recordBy(principal, {
      action: "sync.conflict_dismiss",
      targetType: decided.table,
      targetId: decided.rowId,
      details: { conflict: decided.id },
    });
    return presentConflict(decided);
  }

  private async openConflict(
    tx: ConflictDecision,
    principal: Principal,
    id: string,
  ): Promise<StoredConflict> {
    const conflict = await tx.lockConflict(principal.organizationId, id);
    if (!conflict) throw errors.notFound("sync conflict", "id");
    const state = conflictState(conflict);
    if (state === "reapplied")
      throw errors.conflict(
        `this conflict was already decided: the losing version was re-applied at ${conflict.reappliedAt!.toISOString()}`,
      );
    if (state === "dismissed")
      throw errors.conflict(
        `this conflict was already decided: it was dismissed at ${conflict.dismissedAt!.toISOString()}`,
      );
    return conflict;
  }
}
