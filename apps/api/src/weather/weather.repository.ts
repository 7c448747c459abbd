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
   * Daily summaries from the field's station sensors, read from the daily rollups (cut in the farm's zone, kept
   * by ingestion), so a season costs one row per sensor and day whatever the reading rate. Solar: mean irradiance
   * (W/m²) over the day × 86 400 s = J/m²/day, / 10^6 = MJ/m²/day (FAO-56 units), valid when readings cover the
   * day evenly. `timeZone` is the farm's: the rollups' days are its local days.
   */
  async daily(
    organizationId: string,
    fieldId: string,
    fromDate: string,
    toDate: string,
    _timeZone: string,
  ): Promise<DailyWeather[]> {
    const mean = (kind: string) =>
      `sum(d.sum) FILTER (WHERE s.kind = '${kind}') / sum(d.count) FILTER (WHERE s.kind = '${kind}')`;
    const result = await this.pool.query<Omit<DailyWeather, "complete">>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
              min(d.min) FILTER (WHERE s.kind = 'air_temperature') AS "tminC",
              max(d.max) FILTER (WHERE s.kind = 'air_temperature') AS "tmaxC",
              min(d.min) FILTER (WHERE s.kind = 'relative_humidity') AS "rhMinPct",
              max(d.max) FILTER (WHERE s.kind = 'relative_humidity') AS "rhMaxPct",
              ${mean("relative_humidity")} AS "rhMeanPct",
              ${mean("wind_speed")} AS "windSpeedMs",
              ${mean("solar_radiation")} * 0.0864 AS "solarRadiationMJ",
              sum(d.sum) FILTER (WHERE s.kind = 'rain') AS "rainMm",
              coalesce(max(d.hours) FILTER (WHERE s.kind = 'air_temperature'), 0)::int AS "temperatureHours"
       FROM sensors s JOIN reading_rollups_daily d ON d.sensor_id = s.id
       WHERE s.field_id = $1 AND s.organization_id = $2 AND s.deleted_at IS NULL
         AND d.day >= $3::date AND d.day <= $4::date
       GROUP BY d.day ORDER BY d.day`,
      [fieldId, organizationId, fromDate, toDate],
    );
    // A day is complete with at least 20 of its 24 hours holding a temperature reading.
    return result.rows.map((day) => ({ ...day, complete: day.temperatureHours >= 20 }));
  }
}
