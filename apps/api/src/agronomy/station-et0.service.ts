import { DEFAULT_WIND_SPEED_MS } from "@unicorn/agronomy";
import type { HourlyWeather, StationHourlyEt0, StationHourlyEt0Query } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import { hourlyEt0OfDay } from "./hourly-et0";
import type { StationEt0Repository } from "./station-et0.repository";

/** The zone's UTC offset in hours at an instant, from the platform's time-zone data. */
function utcOffsetHours(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0; // "GMT" alone is UTC
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) + Number(match[3]) / 60);
}

/** Standard (winter) time: the smaller of the January and July offsets, daylight saving adding to it. */
export function standardUtcOffsetHours(timeZone: string, year: number): number {
  return Math.min(
    utcOffsetHours(timeZone, new Date(Date.UTC(year, 0, 1))),
    utcOffsetHours(timeZone, new Date(Date.UTC(year, 6, 1))),
  );
}

/** A day of FAO-56 hourly ET0 from the field's own station. */
export class StationEt0Service {
  constructor(private readonly repository: StationEt0Repository) {}

  async hourly(
    organizationId: string,
    fieldId: string,
    query: StationHourlyEt0Query,
  ): Promise<StationHourlyEt0> {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) throw errors.notFound("field", "id");
    if (Number.isNaN(Date.parse(query.date))) throw errors.badRequest("not a real date", "date");
    const offset = standardUtcOffsetHours(site.timeZone, Number(query.date.slice(0, 4)));
    const rows = await this.repository.hours(organizationId, fieldId, query.date, offset);
    const assumptions = ["wind sensors taken as measuring at 2 m; night Rs/Rso 0.8 (FAO-56 Example 19)"];
    const hours: HourlyWeather[] = [];
    const windless: number[] = [];
    for (const row of rows) {
      if (row.tempC === null || row.rhPct === null || row.solarRadiationMJ === null) continue;
      if (row.windSpeedMs === null) windless.push(row.hour);
      hours.push({
        hour: row.hour,
        tempC: row.tempC,
        rhPct: Math.min(100, Math.max(0, row.rhPct)),
        u2Ms: row.windSpeedMs ?? DEFAULT_WIND_SPEED_MS,
        solarRadiationMJ: Math.max(0, row.solarRadiationMJ),
      });
    }
    const computed = new Set(hours.map((h) => h.hour));
    const hoursMissing = Array.from({ length: 24 }, (_, h) => h).filter((h) => !computed.has(h));
    const day = hours.length
      ? hourlyEt0OfDay({
          date: query.date,
          latitudeDeg: site.latitudeDeg,
          longitudeDeg: site.longitudeDeg,
          utcOffsetHours: offset,
          elevationM: site.elevationM,
          hours,
        })
      : { method: "FAO-56 eq. 53 (hourly Penman-Monteith)" as const, hours: [], totalEt0Mm: 0 };
    if (windless.length)
      assumptions.push(
        `no wind reading at hours ${windless.join(", ")}: ${DEFAULT_WIND_SPEED_MS} m/s (FAO-56 ch. 3)`,
      );
    return {
      fieldId,
      date: query.date,
      timeZone: site.timeZone,
      standardUtcOffsetHours: offset,
      method: day.method,
      hours: day.hours,
      totalEt0Mm: day.totalEt0Mm,
      hoursMissing,
      assumptions,
    };
  }
}
