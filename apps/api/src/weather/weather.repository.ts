import type { DailyWeather } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

export class WeatherRepository {
  constructor(private readonly pool: Pool) {}

  /** The field's farm time zone: daily Tmax/Tmin are per local day, as weather services report them. */
  async fieldTimeZone(organizationId: string, fieldId: string): Promise<string | undefined> {
    const result = await this.pool.query<{ timezone: string }>(
      `SELECT fa.timezone FROM fields f JOIN farms fa ON fa.id = f.farm_id
       WHERE f.id = $1 AND f.organization_id = $2 AND f.deleted_at IS NULL`,
      [fieldId, organizationId],
    );
    return result.rows[0]?.timezone;
  }

  /**
   * Daily summaries from the field's station sensors. Solar: mean irradiance (W/m²) over the day
   * × 86 400 s = J/m²/day, / 10^6 = MJ/m²/day (FAO-56 units), valid when readings cover the day evenly.
   */
  async daily(
    organizationId: string,
    fieldId: string,
    fromDate: string,
    toDate: string,
    timeZone: string,
  ): Promise<DailyWeather[]> {
    const result = await this.pool.query<Omit<DailyWeather, "complete">>(
      `SELECT to_char((r.time AT TIME ZONE $5)::date, 'YYYY-MM-DD') AS date,
              min(r.value) FILTER (WHERE s.kind = 'air_temperature') AS "tminC",
              max(r.value) FILTER (WHERE s.kind = 'air_temperature') AS "tmaxC",
              min(r.value) FILTER (WHERE s.kind = 'relative_humidity') AS "rhMinPct",
              max(r.value) FILTER (WHERE s.kind = 'relative_humidity') AS "rhMaxPct",
              avg(r.value) FILTER (WHERE s.kind = 'relative_humidity') AS "rhMeanPct",
              avg(r.value) FILTER (WHERE s.kind = 'wind_speed') AS "windSpeedMs",
              avg(r.value) FILTER (WHERE s.kind = 'solar_radiation') * 0.0864 AS "solarRadiationMJ",
              sum(r.value) FILTER (WHERE s.kind = 'rain') AS "rainMm",
              count(DISTINCT date_trunc('hour', r.time)) FILTER (WHERE s.kind = 'air_temperature')::int AS "temperatureHours"
       FROM readings r JOIN sensors s ON s.id = r.sensor_id
       WHERE s.field_id = $1 AND s.organization_id = $2 AND s.deleted_at IS NULL
         AND r.time >= ($3::date::timestamp AT TIME ZONE $5) AND r.time < (($4::date + 1)::timestamp AT TIME ZONE $5)
       GROUP BY 1 ORDER BY 1`,
      [fieldId, organizationId, fromDate, toDate, timeZone],
    );
    // A day is complete with at least 20 of its 24 hours holding a temperature reading.
    return result.rows.map((day) => ({ ...day, complete: day.temperatureHours >= 20 }));
  }
}
