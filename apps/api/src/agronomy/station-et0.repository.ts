import type { Pool } from "@unicorn/db";

export interface StationSite {
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
  timeZone: string;
}

export interface StationHour {
  hour: number;
  tempC: number | null;
  rhPct: number | null;
  windSpeedMs: number | null;
  /** Mean irradiance (W/m²) × 3,600 s / 10^6 = MJ/m² in the hour. */
  solarRadiationMJ: number | null;
}

export class StationEt0Repository {
  constructor(private readonly pool: Pool) {}

  async site(organizationId: string, fieldId: string): Promise<StationSite | undefined> {
    const result = await this.pool.query<StationSite>(
      `SELECT f.latitude_deg AS "latitudeDeg", f.longitude_deg AS "longitudeDeg", f.elevation_m AS "elevationM",
              fa.timezone AS "timeZone"
       FROM fields f JOIN farms fa ON fa.id = f.farm_id
       WHERE f.id = $1 AND f.organization_id = $2 AND f.deleted_at IS NULL`,
      [fieldId, organizationId],
    );
    return result.rows[0];
  }

  /**
   * Hourly means of the field's station sensors over one day of local standard time (UTC + offset hours). With
   * a whole-hour offset each local hour is a UTC hour: the hourly rollups' sum / count per kind. A half-hour
   * offset (India, +05:30) cuts UTC hours in two, so those days read the raw readings.
   */
  async hours(
    organizationId: string,
    fieldId: string,
    date: string,
    utcOffsetHours: number,
  ): Promise<StationHour[]> {
    const rollups = Number.isInteger(utcOffsetHours);
    const mean = (kind: string) =>
      rollups
        ? `sum(h.sum) FILTER (WHERE s.kind = '${kind}') / sum(h.count) FILTER (WHERE s.kind = '${kind}')`
        : `avg(h.value) FILTER (WHERE s.kind = '${kind}')`;
    const source = rollups
      ? "reading_rollups_hourly h ON h.sensor_id = s.id"
      : "(SELECT sensor_id, time AS hour, value FROM readings) h ON h.sensor_id = s.id";
    const result = await this.pool.query<StationHour>(
      `SELECT extract(hour FROM (h.hour AT TIME ZONE 'UTC') + $4 * interval '1 hour')::int AS hour,
              ${mean("air_temperature")} AS "tempC",
              ${mean("relative_humidity")} AS "rhPct",
              ${mean("wind_speed")} AS "windSpeedMs",
              ${mean("solar_radiation")} * 0.0036 AS "solarRadiationMJ"
       FROM sensors s JOIN ${source}
       WHERE s.field_id = $1 AND s.organization_id = $2 AND s.deleted_at IS NULL
         AND h.hour >= ($3::date::timestamp - $4 * interval '1 hour') AT TIME ZONE 'UTC'
         AND h.hour < (($3::date + 1)::timestamp - $4 * interval '1 hour') AT TIME ZONE 'UTC'
       GROUP BY 1 ORDER BY 1`,
      [fieldId, organizationId, date, utcOffsetHours],
    );
    return result.rows;
  }
}
