import type { SensorKind } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

/** What ingest and queries need to know about a sensor: whose it is, where it is, what it measures. */
export interface SensorInfo {
  id: string;
  organizationId: string;
  fieldId: string;
  farmId: string;
  kind: SensorKind;
}

export class SensorDirectoryRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Every live sensor of the organization on a live field of a live farm: deletes cascade as tombstones, and
   * the joins keep a sensor whose field or farm was tombstoned before that (older data) out of ingestion too.
   */
  async organizationSensors(organizationId: string): Promise<SensorInfo[]> {
    const result = await this.pool.query<SensorInfo>(
      `SELECT s.id, s.organization_id AS "organizationId", s.field_id AS "fieldId", f.farm_id AS "farmId", s.kind
       FROM sensors s
       JOIN fields f ON f.id = s.field_id AND f.deleted_at IS NULL
       JOIN farms fa ON fa.id = f.farm_id AND fa.deleted_at IS NULL
       WHERE s.organization_id = $1 AND s.deleted_at IS NULL`,
      [organizationId],
    );
    return result.rows;
  }
}
