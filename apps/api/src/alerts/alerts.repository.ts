import type { Alert, AlertStatus } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { appendStreamEvent } from "../stream/stream-outbox.repository";

export interface NewAlert {
  fieldId: string;
  seasonId: string | null;
  kind: string;
  ruleId: string;
  eventDate: string;
  severity: Alert["severity"];
  message: string;
}

// Timestamps leave the database as ISO 8601 UTC text, the contract's representation.
const ISO_UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, field_id AS "fieldId", season_id AS "seasonId", kind, rule_id AS "ruleId", event_date AS "eventDate",
  severity, message, status, acknowledged_by AS "acknowledgedBy", ${ISO_UTC("acknowledged_at")} AS "acknowledgedAt",
  ${ISO_UTC("created_at")} AS "createdAt"`;

export class AlertsRepository {
  constructor(private readonly pool: Pool) {}

  async list(
    organizationId: string,
    filter: { status?: AlertStatus; fieldId?: string; limit: number; offset: number },
  ): Promise<{ items: Alert[]; total: number }> {
    const params: unknown[] = [organizationId, filter.status ?? null, filter.fieldId ?? null];
    const where = `organization_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR field_id = $3)`;
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

  /**
   * Stores alerts not raised before (one per field, rule and event date) and puts each new one on the
   * live stream in the same transaction. Returns the alerts that were new.
   */
  async raise(organizationId: string, alerts: NewAlert[]): Promise<Alert[]> {
    if (alerts.length === 0) return [];
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const created: Alert[] = [];
      for (const alert of alerts) {
        const inserted = await client.query<Alert>(
          `INSERT INTO alerts (organization_id, field_id, season_id, kind, rule_id, event_date, severity, message)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (field_id, rule_id, event_date) DO NOTHING RETURNING ${COLUMNS}`,
          [
            organizationId,
            alert.fieldId,
            alert.seasonId,
            alert.kind,
            alert.ruleId,
            alert.eventDate,
            alert.severity,
            alert.message,
          ],
        );
        const row = inserted.rows[0];
        if (!row) continue;
        created.push(row);
        await appendStreamEvent(client, organizationId, { kind: "alert", payload: row });
      }
      await client.query("COMMIT");
      return created;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}
