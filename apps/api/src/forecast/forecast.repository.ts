import type { Prediction } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import type { RecordedSeason } from "./field-bias";

const COLUMNS = `p10, value AS p50, p90, 'bu/acre' AS unit, model_name AS model, model_version AS version,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", features`;

export class ForecastRepository {
  constructor(private readonly pool: Pool) {}

  async fieldContext(organizationId: string, fieldId: string) {
    const result = await this.pool.query<{ countyFips: string | null; timeZone: string }>(
      `SELECT f.county_fips AS "countyFips", fa.timezone AS "timeZone"
       FROM fields f JOIN farms fa ON fa.id = f.farm_id
       WHERE f.id = $1 AND f.organization_id = $2 AND f.deleted_at IS NULL`,
      [fieldId, organizationId],
    );
    return result.rows[0];
  }

  /**
   * The field's seasons before `beforeYear` with a recorded harvest yield, each with the last forecast kept (at a stage) on or
   * before its harvest: what the model's track record on this field is measured on.
   */
  async recordedHarvests(
    organizationId: string,
    fieldId: string,
    beforeYear: number,
    /** Only harvests on or before this date (what was known on the page's date). */
    until: string,
  ): Promise<RecordedSeason[]> {
    const result = await this.pool.query<RecordedSeason>(
      `SELECT s.year, h.yield_bu_per_acre AS "yieldBuPerAcre", k.p10, k.p50, k.p90
       FROM seasons s
       JOIN LATERAL (
         SELECT e.date, e.yield_bu_per_acre FROM field_events e
         WHERE e.field_id = s.field_id AND e.organization_id = s.organization_id AND e.deleted_at IS NULL
           AND e.kind = 'harvest' AND e.date >= make_date(s.year, 1, 1) AND e.date < make_date(s.year + 1, 1, 1)
           AND e.date <= $4::date
         ORDER BY e.date LIMIT 1
       ) h ON h.yield_bu_per_acre IS NOT NULL
       JOIN LATERAL (
         SELECT f.p10, f.p50, f.p90 FROM season_forecast_snapshots f
         WHERE f.season_id = s.id AND f.organization_id = s.organization_id AND f.made_on <= h.date
         ORDER BY f.made_on DESC, f.created_at DESC LIMIT 1
       ) k ON true
       WHERE s.field_id = $1 AND s.organization_id = $2 AND s.deleted_at IS NULL AND s.year < $3
       ORDER BY s.year`,
      [fieldId, organizationId, beforeYear, until],
    );
    return result.rows;
  }

  async save(
    organizationId: string,
    fieldId: string,
    seasonId: string | null,
    prediction: Omit<Prediction, "createdAt" | "unit">,
  ): Promise<Prediction> {
    const result = await this.pool.query<Prediction>(
      `INSERT INTO predictions (organization_id, field_id, season_id, model_name, model_version, value, p10, p90, features)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        organizationId,
        fieldId,
        seasonId,
        prediction.model,
        prediction.version,
        prediction.p50,
        prediction.p10,
        prediction.p90,
        JSON.stringify(prediction.features),
      ],
    );
    return result.rows[0]!;
  }

  async latest(organizationId: string, fieldId: string): Promise<Prediction | undefined> {
    const result = await this.pool.query<Prediction>(
      `SELECT ${COLUMNS} FROM predictions WHERE organization_id = $1 AND field_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [organizationId, fieldId],
    );
    return result.rows[0];
  }
}
