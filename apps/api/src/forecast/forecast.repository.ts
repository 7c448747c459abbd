import type { Prediction } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

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
