import {
  type AuditAction,
  type AuditEvent,
  type AuditEventQuery,
  type AuditOutcome,
  INSTALLATION_AUDIT_ACTIONS,
  type Page,
} from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

/** One security-relevant action, as the service that performed it describes it. */
export interface AuditRecord {
  action: AuditAction;
  outcome?: AuditOutcome;
  organizationId?: string | undefined;
  actorUserId?: string | undefined;
  actorApiKeyId?: string | undefined;
  actorLabel?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  clientAddress?: string | undefined;
  details?: Record<string, string | number | boolean | null>;
}

interface AuditRow extends Omit<AuditEvent, "occurredAt"> {
  occurredAt: Date;
}

const COLUMNS = `id::text AS id, occurred_at AS "occurredAt", action, outcome, actor_user_id AS "actorUserId",
  actor_api_key_id AS "actorApiKeyId", actor_label AS "actorLabel", target_type AS "targetType",
  target_id AS "targetId", client_address AS "clientAddress", details`;

const INSERT = `INSERT INTO audit_events (organization_id, action, outcome, actor_user_id, actor_api_key_id, actor_label,
  target_type, target_id, client_address, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/** The values of INSERT for one record: shared with the CLI, which writes through its own connection. */
export function auditInsert(record: AuditRecord): { text: string; values: unknown[] } {
  return {
    text: INSERT,
    values: [
      record.organizationId ?? null,
      record.action,
      record.outcome ?? "success",
      record.actorUserId ?? null,
      record.actorApiKeyId ?? null,
      record.actorLabel ?? null,
      record.targetType ?? null,
      record.targetId ?? null,
      record.clientAddress ?? null,
      JSON.stringify(record.details ?? {}),
    ],
  };
}

export class AuditRepository {
  constructor(private readonly pool: Pool) {}

  async insert(record: AuditRecord): Promise<void> {
    const { text, values } = auditInsert(record);
    await this.pool.query(text, values);
  }

  /** Newest first; the organization's own events and the installation-wide ones. */
  async list(organizationId: string, query: AuditEventQuery): Promise<Page<AuditEvent>> {
    // Installation-wide actions (a restore, a bundle install, upgrade or rollback) concern every organization's data.
    const where = ["(organization_id = $1 OR (organization_id IS NULL AND action = ANY($2::text[])))"];
    const values: unknown[] = [organizationId, INSTALLATION_AUDIT_ACTIONS];
    const add = (clause: string, value: unknown) => {
      values.push(value);
      where.push(clause.replace("?", `$${values.length}`));
    };
    if (query.action) add("action = ?", query.action);
    if (query.from) add("occurred_at >= ?", query.from);
    if (query.to) add("occurred_at < ?", query.to);
    const filter = where.join(" AND ");
    const total = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE ${filter}`,
      values,
    );
    const rows = await this.pool.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_events WHERE ${filter} ORDER BY occurred_at DESC, id DESC
       LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, query.limit, query.offset],
    );
    return {
      items: rows.rows.map((row) => ({ ...row, occurredAt: row.occurredAt.toISOString() })),
      total: total.rows[0]?.n ?? 0,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
