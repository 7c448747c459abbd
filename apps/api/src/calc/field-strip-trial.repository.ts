import type { TrialPoint } from "@unicorn/agronomy";
import type { Pool } from "@unicorn/db";

/** A field's strip-trial data: harvest events that carry the N rate their strip received. */
export class FieldStripTrialRepository {
  constructor(private readonly pool: Pool) {}

  /** Undefined when the field is not the organization's. */
  async strips(
    organizationId: string,
    fieldId: string,
    year: number,
  ): Promise<{ points: TrialPoint[]; seasonPreviousCrop: string | null } | undefined> {
    const field = await this.pool.query<{ previousCrop: string | null }>(
      `SELECT (SELECT s.previous_crop FROM seasons s
               WHERE s.field_id = f.id AND s.year = $3 AND s.deleted_at IS NULL LIMIT 1) AS "previousCrop"
       FROM fields f WHERE f.id = $1 AND f.organization_id = $2 AND f.deleted_at IS NULL`,
      [fieldId, organizationId, year],
    );
    const row = field.rows[0];
    if (!row) return undefined;
    const result = await this.pool.query<TrialPoint>(
      `SELECT nitrogen_lb_per_acre AS "nLbPerAcre", yield_bu_per_acre AS "yieldBuPerAcre"
       FROM field_events
       WHERE field_id = $1 AND organization_id = $2 AND deleted_at IS NULL AND kind = 'harvest'
         AND nitrogen_lb_per_acre IS NOT NULL AND yield_bu_per_acre IS NOT NULL
         AND date >= make_date($3, 1, 1) AND date < make_date($3 + 1, 1, 1)
       ORDER BY nitrogen_lb_per_acre`,
      [fieldId, organizationId, year],
    );
    return { points: result.rows, seasonPreviousCrop: row.previousCrop };
  }
}
