import type { ReadingsStreamPayload, SeriesBucket, SeriesPoint } from "@unicorn/contracts";
import { ensureReadingPartitions, type PartitionRange, type Pool, withTransaction } from "@unicorn/db";
import { appendStreamEvent } from "../stream/stream-outbox.repository";
import { hasWholeHourOffsets } from "../time/whole-hour-zone";

/**
 * Where bucketed values come from: daily rollups (the farm's own zone), hourly rollups (any zone whose offsets
 * are whole hours: its hours and days are unions of UTC hours), or the raw readings (other zones).
 */
export type SeriesSource = "daily" | "hourly" | "raw";

/**
 * Daily rollups serve day buckets cut in the sensors' own farm zone; hourly rollups serve hour and day buckets
 * in any zone whose offsets are whole hours. Hour buckets of a half-hour zone (Asia/Kolkata, UTC+05:30) straddle
 * two UTC hours, which the hourly rollups cannot split, so they read raw rows: exact, and bounded by the span
 * asked for (raw rows are kept for the retention period only).
 */
export function seriesSource(bucket: string, timeZone: string, inFarmZone: boolean): SeriesSource {
  if (bucket === "day" && inFarmZone) return "daily";
  return hasWholeHourOffsets(timeZone) ? "hourly" : "raw";
}

export interface ValidReading {
  sensorId: string;
  time: Date;
  value: number;
}

// Series can hold thousands of points: formatting timestamps in SQL saves a Date parse and
// toISOString per point in the API process, which is the read path's bottleneck.
const ISO_UTC = (expression: string) =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One statement inserts the batch and merges into the rollups only the rows actually inserted (a re-sent
 * reading conflicts on (sensor, time), is not returned, and so is never counted twice). Rollup rows are upserted
 * in key order, so concurrent batches lock them in the same order and cannot deadlock. `hours` of a daily row
 * grows by the hourly rows this batch created (xmax = 0 marks an inserted, not updated, row). `source` is
 * a relation of (sensor_id, time, value): the request's arrays here, a COPY staging table for the sync service. A
 * sensor's `sensor_latest` row is rewritten by every batch holding a new reading of it, late or not (the newest
 * still wins), so its version (xmin) marks the sensor's data as changed for cached reads.
 */
export const insertAndRollUpSql = (source: string) =>
  rollUpSql(`INSERT INTO readings (sensor_id, time, value)
  SELECT sensor_id, time, value FROM ${source}
  ON CONFLICT DO NOTHING
  RETURNING sensor_id, time, value`);

/**
 * The rollup and latest-value merge of `insertedQuery`, a query of (sensor_id, time, value) yielding exactly the
 * rows just inserted into `readings`: the insert above, or a staging table whose rows a COPY has already written
 * (the sync service's path when no reading of the batch was present).
 *
 * Set-based in one pass over the rows: they are first grouped by sensor and UTC quarter hour (`date_bin`, plain
 * integer arithmetic), and everything else is merged from those groups, so the per-row work is one hash
 * aggregation instead of three sorts and a time-zone conversion per reading. A UTC hour is four whole quarters.
 * A local day is a union of whole quarters in every zone whose offset is a multiple of 15 minutes (every zone in
 * the IANA database since Liberia left UTC-00:44:30 in 1972); a quarter whose first and last microsecond fall on
 * different local days (any other offset) is split by its own rows, so the days are exact in every zone. Sums are
 * added per quarter first: float addition is not associative, so a sum may differ in its last bit from one added
 * row by row, as it may between any two batchings of the same readings.
 */
export const rollUpSql = (insertedQuery: string) => `
WITH inserted AS (
  ${insertedQuery}
), quarters AS (
  SELECT sensor_id, date_bin('15 minutes', time, TIMESTAMPTZ 'epoch') AS quarter, count(*)::int AS count,
         sum(value) AS sum, min(value) AS min, max(value) AS max, max(time) AS newest
  FROM inserted GROUP BY 1, 2
), zones AS (
  SELECT s.id AS sensor_id, coalesce(fa.timezone, 'UTC') AS tz
  FROM sensors s
  LEFT JOIN fields f ON f.id = s.field_id
  LEFT JOIN farms fa ON fa.id = f.farm_id
  WHERE s.id IN (SELECT DISTINCT sensor_id FROM quarters)
), hourly AS (
  INSERT INTO reading_rollups_hourly AS h (sensor_id, hour, count, sum, min, max)
  SELECT sensor_id, date_bin('1 hour', quarter, TIMESTAMPTZ 'epoch'), sum(count), sum(sum), min(min), max(max)
  FROM quarters GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (sensor_id, hour) DO UPDATE
    SET count = h.count + EXCLUDED.count, sum = h.sum + EXCLUDED.sum,
        min = least(h.min, EXCLUDED.min), max = greatest(h.max, EXCLUDED.max)
  RETURNING h.sensor_id, h.hour, (h.xmax = 0) AS created
), new_hours AS (
  SELECT n.sensor_id, (n.hour AT TIME ZONE z.tz)::date AS day, count(*)::int AS hours
  FROM hourly n JOIN zones z USING (sensor_id)
  WHERE n.created GROUP BY 1, 2
), quarter_days AS (
  SELECT q.*, z.tz, (q.quarter AT TIME ZONE z.tz)::date AS day,
         ((q.quarter + interval '15 minutes' - interval '1 microsecond') AT TIME ZONE z.tz)::date AS last_day
  FROM quarters q JOIN zones z USING (sensor_id)
), daily_delta AS (
  SELECT sensor_id, day, sum(count)::int AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
  FROM (
    SELECT sensor_id, day, count, sum, min, max FROM quarter_days WHERE day = last_day
    UNION ALL
    -- A lateral join scans the rows only for split quarters: none in a zone of quarter-hour offsets.
    SELECT split.sensor_id, (i.time AT TIME ZONE split.tz)::date, 1, i.value, i.value, i.value
    FROM quarter_days split CROSS JOIN LATERAL (
      SELECT time, value FROM inserted
      WHERE sensor_id = split.sensor_id AND time >= split.quarter AND time < split.quarter + interval '15 minutes'
    ) i
    WHERE split.day <> split.last_day
  ) parts GROUP BY 1, 2
), daily AS (
  INSERT INTO reading_rollups_daily AS d (sensor_id, day, count, sum, min, max, hours)
  SELECT dd.sensor_id, dd.day, dd.count, dd.sum, dd.min, dd.max, coalesce(nh.hours, 0)
  FROM daily_delta dd LEFT JOIN new_hours nh ON nh.sensor_id = dd.sensor_id AND nh.day = dd.day
  ORDER BY 1, 2
  ON CONFLICT (sensor_id, day) DO UPDATE
    SET count = d.count + EXCLUDED.count, sum = d.sum + EXCLUDED.sum,
        min = least(d.min, EXCLUDED.min), max = greatest(d.max, EXCLUDED.max), hours = d.hours + EXCLUDED.hours
  RETURNING 1
), newest AS (
  SELECT sensor_id, max(newest) AS time FROM quarters GROUP BY 1
), latest AS (
  INSERT INTO sensor_latest AS l (sensor_id, time, value)
  SELECT DISTINCT ON (i.sensor_id) i.sensor_id, i.time, i.value
  FROM inserted i JOIN newest n USING (sensor_id, time) ORDER BY i.sensor_id
  ON CONFLICT (sensor_id) DO UPDATE
    SET time = greatest(l.time, EXCLUDED.time),
        value = CASE WHEN EXCLUDED.time > l.time THEN EXCLUDED.value ELSE l.value END
  RETURNING 1
)
SELECT (SELECT coalesce(sum(count), 0) FROM quarters)::int AS inserted,
       (SELECT count(*) FROM daily)::int AS days,
       (SELECT count(*) FROM latest)::int AS latest`;

const INSERT_AND_ROLL_UP = insertAndRollUpSql(
  "unnest($1::uuid[], $2::timestamptz[], $3::float8[]) AS batch(sensor_id, time, value)",
);

export class ReadingsRepository {
  private readonly knownPartitions = new Set<string>();

  constructor(private readonly pool: Pool) {}

  /**
   * Inserts readings idempotently and records the stream event in the same transaction, so the caller is
   * acknowledged only after both are durable. Returns how many rows were new. Partitions are created only
   * inside `range` (the accepted time window).
   */
  async insertBatch(
    readings: ValidReading[],
    event: { organizationId: string; payload: ReadingsStreamPayload } | undefined,
    range: PartitionRange,
  ): Promise<number> {
    await ensureReadingPartitions(
      this.pool,
      readings.map((r) => r.time),
      this.knownPartitions,
      range,
    );
    const sensorIds = new Array<string>(readings.length);
    const times = new Array<string>(readings.length);
    const values = new Array<number>(readings.length);
    readings.forEach((reading, i) => {
      sensorIds[i] = reading.sensorId;
      times[i] = reading.time.toISOString();
      values[i] = reading.value;
    });
    return withTransaction(this.pool, async (client) => {
      const inserted = await client.query<{ inserted: number }>(INSERT_AND_ROLL_UP, [
        sensorIds,
        times,
        values,
      ]);
      if (event)
        await appendStreamEvent(client, event.organizationId, { kind: "reading", payload: event.payload });
      return inserted.rows[0]?.inserted ?? 0;
    });
  }

  /**
   * Raw points, or hourly/daily min/avg/max per sensor, for the sensors given (already tenancy-checked). Buckets
   * come from the rollups (`source`, chosen by the service) and cost the same whatever the history; `points`
   * merges adjacent buckets so a sensor gets at most that many.
   */
  async series(
    sensorIds: string[],
    range: { from: Date; to: Date },
    bucket: SeriesBucket,
    options: { timeZone: string; maxPointsPerSensor: number; source: SeriesSource; points?: number },
  ): Promise<Map<string, SeriesPoint[]>> {
    const result =
      bucket === "raw"
        ? await this.pool.query<{ sensorId: string } & SeriesPoint>(
            `SELECT s.id AS "sensorId", ${ISO_UTC("p.time")} AS time, p.value
             FROM unnest($1::uuid[]) AS s(id)
             CROSS JOIN LATERAL (
               SELECT time, value FROM readings r
               WHERE r.sensor_id = s.id AND r.time >= $2 AND r.time < $3
               ORDER BY r.time DESC LIMIT $4
             ) p ORDER BY s.id, p.time`,
            [sensorIds, range.from, range.to, options.maxPointsPerSensor],
          )
        : await this.bucketed(sensorIds, range, bucket, options);
    const bySensor = new Map<string, SeriesPoint[]>(sensorIds.map((id) => [id, []]));
    for (const { sensorId, ...point } of result.rows) bySensor.get(sensorId)?.push(point);
    return bySensor;
  }

  private bucketed(
    sensorIds: string[],
    range: { from: Date; to: Date },
    bucket: "hour" | "day",
    options: { timeZone: string; source: SeriesSource; points?: number },
  ) {
    // Buckets as (sensor, start, count, sum, min, max); $1 sensors, $2 from, $3 to, $4 zone. A rollup bucket is
    // whole: the hour or day holding `from` is included entire, as a chart of buckets expects.
    const buckets = {
      daily: `SELECT sensor_id, (day::timestamp AT TIME ZONE $4) AS t, count, sum, min, max
              FROM reading_rollups_daily
              WHERE sensor_id = ANY($1::uuid[]) AND day >= ($2::timestamptz AT TIME ZONE $4)::date
                AND (day::timestamp AT TIME ZONE $4) < $3`,
      // In a whole-hour zone a local hour is a UTC hour: hour buckets are the rows themselves, not regrouped.
      hourly:
        bucket === "hour"
          ? `SELECT sensor_id, date_trunc('hour', hour, $4) AS t, count, sum, min, max
             FROM reading_rollups_hourly
             WHERE sensor_id = ANY($1::uuid[]) AND hour >= date_trunc('hour', $2::timestamptz, 'UTC') AND hour < $3`
          : `SELECT sensor_id, date_trunc('day', hour, $4) AS t, sum(count) AS count, sum(sum) AS sum,
                    min(min) AS min, max(max) AS max
             FROM reading_rollups_hourly
             WHERE sensor_id = ANY($1::uuid[]) AND hour >= date_trunc('hour', $2::timestamptz, 'UTC') AND hour < $3
             GROUP BY 1, 2`,
      raw: `SELECT sensor_id, date_trunc('${bucket}', time, $4) AS t, count(*) AS count, sum(value) AS sum,
                   min(value) AS min, max(value) AS max
            FROM readings
            WHERE sensor_id = ANY($1::uuid[]) AND time >= $2 AND time < $3
            GROUP BY 1, 2`,
    }[options.source];
    const params: unknown[] = [sensorIds, range.from, range.to, options.timeZone];
    // With a width: buckets are merged in runs of `span` (a whole number of buckets), numbered from the first.
    let merged = `SELECT sensor_id, t, count, sum, min, max FROM (${buckets}) b`;
    if (options.points !== undefined) {
      const unitMs = bucket === "hour" ? 3_600_000 : 86_400_000;
      const units = Math.ceil((range.to.getTime() - range.from.getTime()) / unitMs);
      params.push(Math.max(1, Math.ceil(units / options.points)) * (unitMs / 1000));
      merged = `SELECT sensor_id, min(t) AS t, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
                FROM (${buckets}) b
                GROUP BY sensor_id, greatest(0, floor(extract(epoch FROM t - $2::timestamptz) / $5))`;
    }
    return this.pool.query<{ sensorId: string } & SeriesPoint>(
      `SELECT sensor_id AS "sensorId", ${ISO_UTC("t")} AS time, sum / count AS value, min, max, count::int AS count
       FROM (${merged}) m ORDER BY 1, t`,
      params,
    );
  }

  /** The newest reading per sensor, kept current by ingestion: one key lookup per sensor, no scan. */
  async latest(sensorIds: string[]): Promise<{ sensorId: string; time: Date; value: number }[]> {
    const result = await this.pool.query<{ sensorId: string; time: Date; value: number }>({
      name: "readings-latest",
      text: `SELECT sensor_id AS "sensorId", time, value FROM sensor_latest WHERE sensor_id = ANY($1::uuid[])
             ORDER BY sensor_id`,
      values: [sensorIds],
    });
    return result.rows;
  }

  /** The farm time zone of each sensor's field. */
  async sensorTimeZones(sensorIds: string[]): Promise<Set<string>> {
    const result = await this.pool.query<{ timezone: string }>(
      `SELECT DISTINCT fa.timezone FROM sensors s JOIN fields f ON f.id = s.field_id JOIN farms fa ON fa.id = f.farm_id
       WHERE s.id = ANY($1::uuid[])`,
      [sensorIds],
    );
    return new Set(result.rows.map((row) => row.timezone));
  }
}
