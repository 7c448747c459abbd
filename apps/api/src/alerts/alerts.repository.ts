import type { Alert, AlertStatus } from "@unicorn/contracts";
import { type Pool, withTransaction } from "@unicorn/db";
import { appendStreamEvent } from "../stream/stream-outbox.repository";

export interface NewAlert {
  fieldId: string;
  seasonId: string | null;
  kind: string;
  ruleId: string;
  eventDate: string;
  endDate?: string;
  severity: Alert["severity"];
  message: string;
  action?: string;
  actBy?: string | null;
  sensorId?: string | null;
  /** Set when the condition no longer needs anyone: the alert is stored resolved with this reason. */
  resolution?: string | null;
}

// Timestamps leave the database as ISO 8601 UTC text, the contract's representation.
const ISO_UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, field_id AS "fieldId", season_id AS "seasonId", kind, rule_id AS "ruleId", event_date AS "eventDate",
  ended_on AS "endedOn", (coalesce(ended_on, event_date) - event_date + 1) AS "durationDays", action,
  act_by AS "actBy", sensor_id AS "sensorId", ${ISO_UTC("resolved_at")} AS "resolvedAt", resolved_reason AS "resolvedReason",
  severity, message, CASE WHEN resolved_at IS NULL THEN status ELSE 'resolved' END AS status,
  acknowledged_by AS "acknowledgedBy", ${ISO_UTC("acknowledged_at")} AS "acknowledgedAt",
  ${ISO_UTC("created_at")} AS "createdAt"`;

/** A person's status (open, acknowledged) counts only while the system has not resolved the alert. */
const STATUS_FILTER = `($2::text IS NULL OR ($2 = 'resolved' AND resolved_at IS NOT NULL)
  OR ($2 <> 'resolved' AND resolved_at IS NULL AND status = $2))`;

export class AlertsRepository {
  constructor(private readonly pool: Pool) {}

  async list(
    organizationId: string,
    filter: { status?: AlertStatus; fieldId?: string; limit: number; offset: number },
  ): Promise<{ items: Alert[]; total: number }> {
    const params: unknown[] = [organizationId, filter.status ?? null, filter.fieldId ?? null];
    const where = `organization_id = $1 AND deleted_at IS NULL AND ${STATUS_FILTER} AND ($3::uuid IS NULL OR field_id = $3)`;
    const total = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alerts WHERE ${where}`,
      params,
    );
    const rows = await this.pool.query<Alert>(
      `SELECT ${COLUMNS} FROM alerts WHERE ${where} ORDER BY event_date DESC, created_at DESC LIMIT $4 OFFSET $5`,
      [...params, filter.limit, filter.offset],
    );
    return { items: rows.rows, total: total.rows[0]?.n ?? 0 };
  }

  async acknowledge(organizationId: string, id: string, userId: string | null): Promise<Alert | undefined> {
    const result = await this.pool.query<Alert>(
      `UPDATE alerts SET status = 'acknowledged', acknowledged_by = $3, acknowledged_at = now(), updated_at = now(),
         version = version + 1
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [id, organizationId, userId],
    );
    return result.rows[0];
  }

  /** Unresolved alerts of a field, newest first: what still needs someone. */
  async unresolved(organizationId: string, fieldId: string, limit = 50): Promise<Alert[]> {
    const rows = await this.pool.query<Alert>(
      `SELECT ${COLUMNS} FROM alerts
       WHERE organization_id = $1 AND field_id = $2 AND deleted_at IS NULL AND resolved_at IS NULL
       ORDER BY event_date DESC, created_at DESC LIMIT $3`,
      [organizationId, fieldId, limit],
    );
    return rows.rows;
  }

  /** The alerts in force on a past date: begun by then and not yet over (condition or action window). */
  async inForceOn(organizationId: string, fieldId: string, date: string, limit = 50): Promise<Alert[]> {
    const rows = await this.pool.query<Alert>(
      `SELECT ${COLUMNS} FROM alerts
       WHERE organization_id = $1 AND field_id = $2 AND deleted_at IS NULL AND event_date <= $3
         AND greatest(coalesce(ended_on, event_date), coalesce(act_by, ended_on, event_date)) >= $3
       ORDER BY event_date DESC, created_at DESC LIMIT $4`,
      [organizationId, fieldId, date, limit],
    );
    return rows.rows;
  }

  /**
   * Stores each alert once per field, rule and first day; a stored one that is not resolved yet takes the
   * condition's new end, severity and message, and is resolved when the evaluation says so. New alerts that
   * still need someone go on the live stream in the same transaction. Returns the alerts that were new.
   */
  async raise(organizationId: string, alerts: NewAlert[]): Promise<Alert[]> {
    if (alerts.length === 0) return [];
    return withTransaction(this.pool, async (client) => {
      const created: Alert[] = [];
      for (const alert of alerts) {
        const result = await client.query<Alert & { inserted: boolean }>(
          `INSERT INTO alerts (organization_id, field_id, season_id, kind, rule_id, event_date, severity, message,
             ended_on, action, act_by, sensor_id, resolved_at, resolved_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $13::text IS NULL THEN NULL ELSE now() END, $13)
           ON CONFLICT (field_id, rule_id, event_date) DO UPDATE SET
             ended_on = EXCLUDED.ended_on, severity = EXCLUDED.severity, message = EXCLUDED.message,
             action = EXCLUDED.action, act_by = EXCLUDED.act_by, resolved_at = EXCLUDED.resolved_at,
             resolved_reason = EXCLUDED.resolved_reason, updated_at = now(), version = alerts.version + 1
             WHERE alerts.resolved_at IS NULL AND (alerts.ended_on IS DISTINCT FROM EXCLUDED.ended_on
               OR alerts.severity <> EXCLUDED.severity OR EXCLUDED.resolved_reason IS NOT NULL
               OR alerts.act_by IS DISTINCT FROM EXCLUDED.act_by OR alerts.action IS DISTINCT FROM EXCLUDED.action)
           RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
          [
            organizationId,
            alert.fieldId,
            alert.seasonId,
            alert.kind,
            alert.ruleId,
            alert.eventDate,
            alert.severity,
            alert.message,
            alert.endDate ?? alert.eventDate,
            alert.action ?? null,
            alert.actBy ?? null,
            alert.sensorId ?? null,
            alert.resolution ?? null,
          ],
        );
        const row = result.rows[0];
        if (!row?.inserted) continue;
        const { inserted: _, ...stored } = row;
        created.push(stored);
        if (stored.status !== "resolved")
          await appendStreamEvent(client, organizationId, { kind: "alert", payload: stored });
      }
      return created;
    });
  }

  /**
   * Resolves a field's unresolved alerts of the given kinds other than those the latest evaluation still
   * found ("ruleId|eventDate" in `keep`): a sensor that reported again, every weather alert of a finished
   * season. Returns how many were resolved.
   */
  async resolveMissing(
    organizationId: string,
    fieldId: string,
    filter: { kinds: readonly string[]; keep: readonly string[] },
    reason: string,
  ): Promise<number> {
    const result = await this.pool.query(
      `UPDATE alerts SET resolved_at = now(), resolved_reason = $5, updated_at = now(), version = version + 1
       WHERE organization_id = $1 AND field_id = $2 AND deleted_at IS NULL AND resolved_at IS NULL
         AND kind = ANY($3::text[]) AND NOT (rule_id || '|' || event_date::text = ANY($4::text[]))`,
      [organizationId, fieldId, filter.kinds, filter.keep, reason],
    );
    return result.rowCount ?? 0;
  }
}
