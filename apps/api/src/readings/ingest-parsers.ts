import { SENSOR_KIND_NAMES, type SensorKind } from "@unicorn/contracts";
import { parse } from "csv-parse/sync";
import { errors } from "../http/app-error";

/** One submitted reading before validation: anything a client might send. */
export interface RawReading {
  sensorId?: unknown;
  time?: unknown;
  value?: unknown;
  /** Set by a parser when the item could not even be read (e.g. an NDJSON line that is not JSON). */
  parseError?: string;
}

/** JSON body: an array of readings, or `{ "readings": [...] }`. */
export function readingsFromJson(body: unknown): RawReading[] {
  if (Array.isArray(body)) return body as RawReading[];
  if (body && typeof body === "object" && Array.isArray((body as { readings?: unknown }).readings)) {
    return (body as { readings: RawReading[] }).readings;
  }
  throw errors.badRequest("expected a JSON array of readings or an object with a readings array", "body");
}

/** NDJSON: one reading object per line; a line that is not JSON becomes an item error, not a failed batch. */
export function readingsFromNdjson(text: string): RawReading[] {
  const items: RawReading[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    try {
      items.push(JSON.parse(trimmed) as RawReading);
    } catch {
      items.push({ parseError: `line ${index + 1} is not valid JSON` });
    }
  });
  return items;
}

/**
 * CSV uploads, two layouts:
 * - long: columns `sensor_id,time,value`;
 * - weather-station export: a `time` column plus one column per sensor kind (air_temperature, relative_humidity,
 *   wind_speed, solar_radiation, rain, soil_moisture), mapped to the field's sensor of that kind.
 */
export function readingsFromCsv(
  text: string,
  sensorForKind: (kind: SensorKind) => string | undefined,
): { readings: RawReading[]; layout: "long" | "station" } {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw errors.badRequest(`CSV could not be parsed: ${(error as Error).message}`, "body");
  }
  const header = rows.length > 0 ? Object.keys(rows[0]!) : [];
  if (header.includes("sensor_id")) {
    return {
      layout: "long",
      readings: rows.map((row) => ({
        sensorId: row.sensor_id,
        time: row.time,
        value: numberOrText(row.value),
      })),
    };
  }
  if (!header.includes("time"))
    throw errors.badRequest("CSV needs a time column (and sensor_id,value or sensor-kind columns)", "body");
  const kindColumns = header.filter((column): column is SensorKind =>
    (SENSOR_KIND_NAMES as string[]).includes(column),
  );
  if (kindColumns.length === 0) {
    throw errors.badRequest(
      `CSV has no sensor columns; expected any of ${SENSOR_KIND_NAMES.join(", ")}`,
      "body",
    );
  }
  const readings: RawReading[] = [];
  for (const kind of kindColumns) {
    const sensorId = sensorForKind(kind);
    if (!sensorId) throw errors.unprocessable(`the field has no ${kind} sensor for column ${kind}`, kind);
  }
  for (const row of rows) {
    for (const kind of kindColumns) {
      if (row[kind] === "" || row[kind] === undefined) continue;
      readings.push({ sensorId: sensorForKind(kind), time: row.time, value: numberOrText(row[kind]) });
    }
  }
  return { layout: "station", readings };
}

function numberOrText(value: string | undefined): unknown {
  if (value === undefined || value === "") return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}
