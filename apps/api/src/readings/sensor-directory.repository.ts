import type { SensorKind } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

/** What ingest and queries need to know about a sensor: whose it is, where it is, what it measures. */
export interface SensorInfo {
  id: string;
  organizationId: string;
  fieldId: string;
  kind: SensorKind;
}

export class SensorDirectoryRepository {
  constructor(private readonly pool: Pool) {}

  /** Every live (not deleted) sensor of the organization. */
  async organizationSensors(organizationId: string): Promise<SensorInfo[]> {
    const result = await this.pool.query<SensorInfo>(
      `SELECT id, organization_id AS "organizationId", field_id AS "fieldId", kind
       FROM sensors WHERE organization_id = $1 AND deleted_at IS NULL`,
      [organizationId],
    );
    return result.rows;
  }
}
