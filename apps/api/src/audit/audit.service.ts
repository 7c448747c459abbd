import type { AuditEvent, AuditEventQuery, Page } from "@unicorn/contracts";
import type { Logger } from "@unicorn/observability";
import type { Principal } from "../auth/principal";
import type { AuditRecord, AuditRepository } from "./audit.repository";

/**
 * The audit log. Services record an action after performing it; a failure to write the record is logged (with
 * the record, so it is not lost from the logs either) and never undoes or fails the action itself.
 */
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly logger: Logger,
  ) {}

  async record(record: AuditRecord): Promise<void> {
    try {
      await this.repository.insert(record);
    } catch (error) {
      this.logger.error({ err: error, audit: record }, "audit event could not be stored");
    }
  }

  /** An action by a signed-in caller: its organization and identity are the principal's. */
  recordBy(
    principal: Principal,
    record: Omit<AuditRecord, "organizationId" | "actorUserId" | "actorApiKeyId">,
  ) {
    return this.record({
      ...record,
      organizationId: principal.organizationId,
      actorUserId: principal.userId,
      actorApiKeyId: principal.apiKeyId,
    });
  }

  list(principal: Principal, query: AuditEventQuery): Promise<Page<AuditEvent>> {
    return this.repository.list(principal.organizationId, query);
  }
}
