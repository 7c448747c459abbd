import type { Pool } from "@unicorn/db";

/** An observation row without its photo bytes (lists never carry photos). */
export interface ObservationRow {
  id: string;
  organizationId: string;
  fieldId: string;
  observedAt: Date;
  note: string | null;
  latitudeDeg: number | null;
  longitudeDeg: number | null;
  accuracyM: number | null;
  growthStage: string | null;
  tagKind: string | null;
  tagName: string | null;
  photoType: string | null;
  photoBytes: number | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  deleted: boolean;
}

export interface ObservationInsert {
  id: string;
  fieldId: string;
  observedAt: string;
  note: string | null;
  latitudeDeg: number | null;
  longitudeDeg: number | null;
  accuracyM: number | null;
  growthStage: string | null;
  tagKind: string | null;
  tagName: string | null;
  photo: Buffer | null;
  photoType: string | null;
  createdBy: string | null;
}

const SELECT = `id, organization_id AS "organizationId", field_id AS "fieldId", observed_at AS "observedAt", note,
  latitude_deg AS "latitudeDeg", longitude_deg AS "longitudeDeg", accuracy_m AS "accuracyM",
  growth_stage AS "growthStage", tag_kind AS "tagKind", tag_name AS "tagName", photo_type AS "photoType",
  octet_length(photo) AS "photoBytes", created_at AS "createdAt", updated_at AS "updatedAt", version,
  deleted_at IS NOT NULL AS deleted`;

export class ObservationsRepository {
  constructor(
    private readonly pool: Pool,
    private readonly siteId: string,
  ) {}

  /**
   * Inserts the row unless its id exists; either way returns the row stored under that id (whatever organization
   * it belongs to, and tombstoned or not, so the service can tell a retry from a clash).
   */
  async insertOnce(
    organizationId: string,
    row: ObservationInsert,
  ): Promise<{ row: ObservationRow; created: boolean }> {
    const inserted = await this.pool.query<ObservationRow>(
      `INSERT INTO observations (id, organization_id, field_id, observed_at, note, latitude_deg, longitude_deg,
         accuracy_m, growth_stage, tag_kind, tag_name, photo, photo_type, created_by, site_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO NOTHING RETURNING ${SELECT}`,
      [
        row.id,
        organizationId,
        row.fieldId,
        row.observedAt,
        row.note,
        row.latitudeDeg,
        row.longitudeDeg,
        row.accuracyM,
        row.growthStage,
        row.tagKind,
        row.tagName,
        row.photo,
        row.photoType,
        row.createdBy,
        this.siteId,
      ],
    );
    if (inserted.rows[0]) return { row: inserted.rows[0], created: true };
    const existing = await this.pool.query<ObservationRow>(
      `SELECT ${SELECT} FROM observations WHERE id = $1`,
      [row.id],
    );
    return { row: existing.rows[0]!, created: false };
  }

  async list(
    organizationId: string,
    query: { fieldId?: string; limit: number; offset: number },
  ): Promise<{ items: ObservationRow[]; total: number }> {
    const params: unknown[] = [organizationId, query.fieldId ?? null];
    const where = "organization_id = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR field_id = $2)";
    const total = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM observations WHERE ${where}`,
      params,
    );
    const rows = await this.pool.query<ObservationRow>(
      `SELECT ${SELECT} FROM observations WHERE ${where} ORDER BY observed_at DESC, id LIMIT $3 OFFSET $4`,
      [...params, query.limit, query.offset],
    );
    return { items: rows.rows, total: total.rows[0]?.n ?? 0 };
  }

  async get(organizationId: string, id: string): Promise<ObservationRow | undefined> {
    const result = await this.pool.query<ObservationRow>(
      `SELECT ${SELECT} FROM observations WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId],
    );
    return result.rows[0];
  }

  async photo(organizationId: string, id: string): Promise<{ photo: Buffer; type: string } | undefined> {
    const result = await this.pool.query<{ photo: Buffer; type: string }>(
      `SELECT photo, photo_type AS type FROM observations
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL AND photo IS NOT NULL`,
      [id, organizationId],
    );
    return result.rows[0];
  }

  async softDelete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE observations SET deleted_at = now(), updated_at = now(), version = version + 1, site_id = $3
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId, this.siteId],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
