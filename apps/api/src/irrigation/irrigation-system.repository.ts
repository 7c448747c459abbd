import type { IrrigationSystemSpec } from "@unicorn/agronomy";
import type { Pool } from "@unicorn/db";

/** A stored irrigation system, in the engine's units (mm, mm/day, weekday numbers 0 = Sunday). */
export interface StoredIrrigationSystem extends IrrigationSystemSpec {
  fieldId: string;
  probeFieldCapacityPct: number | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type IrrigationSystemWrite = Omit<
  StoredIrrigationSystem,
  "fieldId" | "createdAt" | "updatedAt" | "version"
>;

/** One day's mean volumetric water content of one probe. */
export interface ProbeDay {
  date: string;
  depthCm: number;
  volumetricPct: number;
}

const SELECT = `field_id AS "fieldId", kind, capacity_mm_per_day AS "capacityMmPerDay", efficiency,
  min_depth_mm AS "minDepthMm", max_depth_mm AS "maxDepthMm", run_days::int[] AS "runDays",
  hours_per_day AS "hoursPerDay", mad_fraction AS "madFraction",
  water_cost_per_acre_inch AS "waterCostPerAcreInch", pumping_cost_per_acre_inch AS "pumpingCostPerAcreInch",
  probe_field_capacity_pct AS "probeFieldCapacityPct", notes,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt", version`;

export class IrrigationSystemRepository {
  constructor(private readonly pool: Pool) {}

  async fieldExists(organizationId: string, fieldId: string): Promise<boolean> {
    const result = await this.pool.query(
      "SELECT 1 FROM fields WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL",
      [fieldId, organizationId],
    );
    return result.rowCount === 1;
  }

  async fieldAreaHa(organizationId: string, fieldId: string): Promise<number | undefined> {
    const result = await this.pool.query<{ areaHa: number }>(
      `SELECT area_ha AS "areaHa" FROM fields WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [fieldId, organizationId],
    );
    return result.rows[0]?.areaHa;
  }

  async get(organizationId: string, fieldId: string): Promise<StoredIrrigationSystem | undefined> {
    const result = await this.pool.query<StoredIrrigationSystem>(
      `SELECT ${SELECT} FROM irrigation_systems s
       WHERE s.field_id = $1 AND s.organization_id = $2
         AND EXISTS (SELECT 1 FROM fields f WHERE f.id = s.field_id AND f.deleted_at IS NULL)`,
      [fieldId, organizationId],
    );
    return result.rows[0];
  }

  /** Creates or replaces the field's system (the caller has checked the field is the organization's). */
  async put(
    organizationId: string,
    fieldId: string,
    s: IrrigationSystemWrite,
  ): Promise<StoredIrrigationSystem> {
    const result = await this.pool.query<StoredIrrigationSystem>(
      `INSERT INTO irrigation_systems (field_id, organization_id, kind, capacity_mm_per_day, efficiency, min_depth_mm,
         max_depth_mm, run_days, hours_per_day, mad_fraction, water_cost_per_acre_inch, pumping_cost_per_acre_inch,
         probe_field_capacity_pct, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (field_id) DO UPDATE SET kind = EXCLUDED.kind, capacity_mm_per_day = EXCLUDED.capacity_mm_per_day,
         efficiency = EXCLUDED.efficiency, min_depth_mm = EXCLUDED.min_depth_mm, max_depth_mm = EXCLUDED.max_depth_mm,
         run_days = EXCLUDED.run_days, hours_per_day = EXCLUDED.hours_per_day, mad_fraction = EXCLUDED.mad_fraction,
         water_cost_per_acre_inch = EXCLUDED.water_cost_per_acre_inch,
         pumping_cost_per_acre_inch = EXCLUDED.pumping_cost_per_acre_inch,
         probe_field_capacity_pct = EXCLUDED.probe_field_capacity_pct, notes = EXCLUDED.notes,
         updated_at = now(), version = irrigation_systems.version + 1
       WHERE irrigation_systems.organization_id = EXCLUDED.organization_id
       RETURNING ${SELECT}`,
      [
        fieldId,
        organizationId,
        s.kind,
        s.capacityMmPerDay,
        s.efficiency,
        s.minDepthMm,
        s.maxDepthMm,
        [...s.runDays],
        s.hoursPerDay,
        s.madFraction,
        s.waterCostPerAcreInch,
        s.pumpingCostPerAcreInch,
        s.probeFieldCapacityPct,
        s.notes,
      ],
    );
    return result.rows[0]!;
  }

  async remove(organizationId: string, fieldId: string): Promise<boolean> {
    const result = await this.pool.query(
      "DELETE FROM irrigation_systems WHERE field_id = $1 AND organization_id = $2",
      [fieldId, organizationId],
    );
    return result.rowCount === 1;
  }

  /**
   * Daily mean of each soil-moisture probe (volumetric %) on the field, per local day of the farm: the daily
   * rollups' sum / count (they are cut in the farm's zone), never the raw readings.
   */
  async probeDays(
    organizationId: string,
    fieldId: string,
    fromDate: string,
    toDate: string,
    _timeZone: string,
  ): Promise<ProbeDay[]> {
    const result = await this.pool.query<ProbeDay>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date, s.depth_cm AS "depthCm", d.sum / d.count AS "volumetricPct"
       FROM sensors s JOIN reading_rollups_daily d ON d.sensor_id = s.id
       WHERE s.field_id = $1 AND s.organization_id = $2 AND s.deleted_at IS NULL AND s.kind = 'soil_moisture'
         AND s.depth_cm IS NOT NULL AND d.day >= $3::date AND d.day <= $4::date
       ORDER BY 1, 2`,
      [fieldId, organizationId, fromDate, toDate],
    );
    return result.rows;
  }
}
