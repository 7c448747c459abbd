import type { SeriesBucket } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { ReadingsRepository, seriesSource } from "../readings/readings.repository";

/** Rows per query of a streamed export: large enough to amortise the round trip, small enough to hold. */
export const EXPORT_BATCH_ROWS = 5_000;

const ISO_UTC = (expression: string) =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface ExportScope {
  farmId?: string;
  fieldId?: string;
}

export interface ExportSensor {
  id: string;
  name: string;
  kind: string;
  unit: string;
  depthCm: number | null;
  fieldId: string;
  fieldName: string;
  timeZone: string;
}

export interface ReadingRow {
  time: string;
  /** The exact stored time as text (microseconds kept), the next page's key. */
  cursor?: string;
  value: number;
  min?: number;
  max?: number;
  count?: number;
}

export interface EventRow {
  id: string;
  fieldName: string;
  fieldId: string;
  seasonYear: number | null;
  kind: string;
  date: string;
  nitrogenLbPerAcre: number | null;
  irrigationMm: number | null;
  yieldBuPerAcre: number | null;
  notes: string | null;
}

export interface SeasonOutcomeRow {
  id: string;
  fieldId: string;
  fieldName: string;
  year: number;
  hybrid: string;
  relativeMaturityDays: number | null;
  gddToBlackLayerF: number;
  plantingDate: string | null;
  seedingRateThousandPerAcre: number | null;
  previousCrop: string;
  harvestDate: string | null;
  yieldBuPerAcre: number | null;
  nitrogenAppliedLbPerAcre: number;
  irrigationAppliedMm: number;
}

export interface BoundaryRow {
  id: string;
  farmId: string;
  farmName: string;
  name: string;
  boundary: unknown;
  areaHa: number;
}

/** Tenancy and scope filter on `fields f`: parameters $1 organization, $2 farm or null, $3 field or null. */
const FIELD_SCOPE = `f.organization_id = $1 AND f.deleted_at IS NULL
  AND ($2::uuid IS NULL OR f.farm_id = $2) AND ($3::uuid IS NULL OR f.id = $3)`;

/** Read-only queries behind the exports; every one is scoped to the caller's organization. */
export class ExportsRepository {
  private readonly readings: ReadingsRepository;

  constructor(private readonly pool: Pool) {
    this.readings = new ReadingsRepository(pool);
  }

  async sensors(
    organizationId: string,
    scope: { fieldId?: string; sensorId?: string },
  ): Promise<ExportSensor[]> {
    const result = await this.pool.query<ExportSensor>(
      `SELECT s.id, s.name, s.kind, s.unit, s.depth_cm AS "depthCm", f.id AS "fieldId", f.name AS "fieldName",
              fa.timezone AS "timeZone"
       FROM sensors s JOIN fields f ON f.id = s.field_id JOIN farms fa ON fa.id = f.farm_id
       WHERE s.organization_id = $1 AND s.deleted_at IS NULL AND f.deleted_at IS NULL
         AND ($2::uuid IS NULL OR s.field_id = $2) AND ($3::uuid IS NULL OR s.id = $3)
       ORDER BY f.name, s.name, s.id`,
      [organizationId, scope.fieldId ?? null, scope.sensorId ?? null],
    );
    return result.rows;
  }

  /** Raw readings of one sensor after `after` (exclusive), oldest first: one keyset page. */
  async rawReadings(
    sensorId: string,
    range: { from: Date; to: Date },
    after: string | null,
    limit: number,
  ): Promise<ReadingRow[]> {
    const result = await this.pool.query<ReadingRow>(
      `SELECT ${ISO_UTC("time")} AS time, time::text AS cursor, value FROM readings
       WHERE sensor_id = $1 AND time >= $2 AND time < $3 AND ($4::timestamptz IS NULL OR time > $4::timestamptz)
       ORDER BY time LIMIT $5`,
      [sensorId, range.from, range.to, after, limit],
    );
    return result.rows;
  }

  /**
   * Hourly or daily min/avg/max of one sensor, buckets cut in the farm's time zone, from the rollups the
   * dashboard's series read (raw rows only for hour buckets of a half-hour zone): whole buckets, the one holding
   * `from` included entire.
   */
  async bucketedReadings(
    sensorId: string,
    range: { from: Date; to: Date },
    bucket: Exclude<SeriesBucket, "raw">,
    timeZone: string,
  ): Promise<ReadingRow[]> {
    const points = await this.readings.series([sensorId], range, bucket, {
      timeZone,
      maxPointsPerSensor: Number.POSITIVE_INFINITY,
      source: seriesSource(bucket, timeZone, true),
    });
    return points.get(sensorId) ?? [];
  }

  /** Field events in date order: one keyset page after (date, id). */
  async events(
    organizationId: string,
    scope: ExportScope,
    after: { date: string; id: string } | null,
    limit: number,
  ): Promise<EventRow[]> {
    const result = await this.pool.query<EventRow>(
      `SELECT e.id, f.name AS "fieldName", f.id AS "fieldId", s.year AS "seasonYear", e.kind,
              to_char(e.date, 'YYYY-MM-DD') AS date, e.nitrogen_lb_per_acre AS "nitrogenLbPerAcre",
              e.irrigation_mm AS "irrigationMm", e.yield_bu_per_acre AS "yieldBuPerAcre", e.notes
       FROM field_events e JOIN fields f ON f.id = e.field_id
       LEFT JOIN seasons s ON s.id = e.season_id AND s.deleted_at IS NULL
       WHERE ${FIELD_SCOPE} AND e.deleted_at IS NULL
         AND ($4::date IS NULL OR (e.date, e.id) > ($4::date, $5::uuid))
       ORDER BY e.date, e.id LIMIT $6`,
      [
        organizationId,
        scope.farmId ?? null,
        scope.fieldId ?? null,
        after?.date ?? null,
        after?.id ?? null,
        limit,
      ],
    );
    return result.rows;
  }

  /**
   * Seasons with what came of them: the harvest (the latest harvest event of the field in the season's year),
   * and the nitrogen and irrigation applied that year. One keyset page after (year, id).
   */
  async seasonOutcomes(
    organizationId: string,
    scope: ExportScope,
    after: { year: number; id: string } | null,
    limit: number,
  ): Promise<SeasonOutcomeRow[]> {
    const result = await this.pool.query<SeasonOutcomeRow>(
      `SELECT s.id, f.id AS "fieldId", f.name AS "fieldName", s.year, s.hybrid,
              s.relative_maturity_days AS "relativeMaturityDays", s.gdd_to_black_layer_f AS "gddToBlackLayerF",
              to_char(s.planting_date, 'YYYY-MM-DD') AS "plantingDate",
              s.seeding_rate_thousand_per_acre AS "seedingRateThousandPerAcre", s.previous_crop AS "previousCrop",
              to_char(h.date, 'YYYY-MM-DD') AS "harvestDate", h.yield_bu_per_acre AS "yieldBuPerAcre",
              coalesce(t.nitrogen, 0) AS "nitrogenAppliedLbPerAcre", coalesce(t.irrigation, 0) AS "irrigationAppliedMm"
       FROM seasons s JOIN fields f ON f.id = s.field_id
       LEFT JOIN LATERAL (
         SELECT date, yield_bu_per_acre FROM field_events e
         WHERE e.field_id = s.field_id AND e.kind = 'harvest' AND e.deleted_at IS NULL
           AND (e.season_id = s.id OR (e.season_id IS NULL AND extract(year FROM e.date) = s.year))
         ORDER BY date DESC LIMIT 1
       ) h ON true
       LEFT JOIN LATERAL (
         SELECT sum(nitrogen_lb_per_acre) AS nitrogen, sum(irrigation_mm) AS irrigation FROM field_events e
         WHERE e.field_id = s.field_id AND e.deleted_at IS NULL
           AND (e.season_id = s.id OR (e.season_id IS NULL AND extract(year FROM e.date) = s.year))
       ) t ON true
       WHERE ${FIELD_SCOPE} AND s.deleted_at IS NULL
         AND ($4::int IS NULL OR (s.year, s.id) > ($4::int, $5::uuid))
       ORDER BY s.year, s.id LIMIT $6`,
      [
        organizationId,
        scope.farmId ?? null,
        scope.fieldId ?? null,
        after?.year ?? null,
        after?.id ?? null,
        limit,
      ],
    );
    return result.rows;
  }

  /** Field boundaries: one keyset page after id. */
  async boundaries(
    organizationId: string,
    scope: ExportScope,
    after: string | null,
    limit: number,
  ): Promise<BoundaryRow[]> {
    const result = await this.pool.query<BoundaryRow>(
      `SELECT f.id, f.farm_id AS "farmId", fa.name AS "farmName", f.name, f.boundary, f.area_ha AS "areaHa"
       FROM fields f JOIN farms fa ON fa.id = f.farm_id
       WHERE ${FIELD_SCOPE} AND ($4::uuid IS NULL OR f.id > $4) ORDER BY f.id LIMIT $5`,
      [organizationId, scope.farmId ?? null, scope.fieldId ?? null, after, limit],
    );
    return result.rows;
  }

  async fieldIds(
    organizationId: string,
    farmId: string,
  ): Promise<{ id: string; name: string; areaHa: number }[]> {
    const result = await this.pool.query<{ id: string; name: string; areaHa: number }>(
      `SELECT id, name, area_ha AS "areaHa" FROM fields
       WHERE organization_id = $1 AND farm_id = $2 AND deleted_at IS NULL ORDER BY name, id`,
      [organizationId, farmId],
    );
    return result.rows;
  }

  async exists(organizationId: string, table: "farms" | "fields" | "sensors", id: string): Promise<boolean> {
    const result = await this.pool.query(
      `SELECT 1 FROM ${table} WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
