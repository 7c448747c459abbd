import type { ReadingsStreamPayload, SeriesBucket, SeriesPoint } from "@unicorn/contracts";
import { ensureReadingPartitions, type PartitionRange, type Pool, withTransaction } from "@unicorn/db";
import { appendStreamEvent } from "../stream/stream-outbox.repository";

export interface ValidReading {
  sensorId: string;
  time: Date;
  value: number;
}

// Series can hold thousands of points: formatting timestamps in SQL saves a Date parse and
// toISOString per point in the API process, which is the read path's bottleneck.
const ISO_UTC = (expression: string) =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

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
      const inserted = await client.query(
        `INSERT INTO readings (sensor_id, time, value)
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[])
         ON CONFLICT DO NOTHING`,
        [sensorIds, times, values],
      );
      if (event)
        await appendStreamEvent(client, event.organizationId, { kind: "reading", payload: event.payload });
      return inserted.rowCount ?? 0;
    });
  }

  /** Raw points, or hourly/daily min/avg/max per sensor, for the sensors given (already tenancy-checked). */
  async series(
    sensorIds: string[],
    range: { from: Date; to: Date },
    bucket: SeriesBucket,
    options: { timeZone: string; maxPointsPerSensor: number },
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
        : await this.pool.query<{ sensorId: string } & SeriesPoint>(
            `SELECT sensor_id AS "sensorId",
                    ${ISO_UTC("date_trunc($4, time, $5)")} AS time,
                    avg(value) AS value, min(value) AS min, max(value) AS max, count(*)::int AS count
             FROM readings
             WHERE sensor_id = ANY($1::uuid[]) AND time >= $2 AND time < $3
             GROUP BY 1, 2 ORDER BY 1, 2`,
            [sensorIds, range.from, range.to, bucket, options.timeZone],
          );
    const bySensor = new Map<string, SeriesPoint[]>(sensorIds.map((id) => [id, []]));
    for (const { sensorId, ...point } of result.rows) bySensor.get(sensorId)?.push(point);
    return bySensor;
  }

  async latest(sensorIds: string[]): Promise<{ sensorId: string; time: Date; value: number }[]> {
    const result = await this.pool.query<{ sensorId: string; time: Date; value: number }>(
      `SELECT s.id AS "sensorId", l.time, l.value
       FROM unnest($1::uuid[]) AS s(id)
       CROSS JOIN LATERAL (SELECT time, value FROM readings r WHERE r.sensor_id = s.id ORDER BY r.time DESC LIMIT 1) l`,
      [sensorIds],
    );
    return result.rows;
  }
}
