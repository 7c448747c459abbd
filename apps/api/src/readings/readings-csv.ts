import type { Readable } from "node:stream";
import { SENSOR_KIND_NAMES, type SensorKind } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import { type Options, parse as parseStream } from "csv-parse";
import { parse } from "csv-parse/sync";
import { consumeBody, type IngestLimits, type RawReading, tooManyItems } from "./ingest-parsers";
import type { SensorInfo } from "./sensor-directory.repository";

/** Which sensor a weather-station column of this kind belongs to; undefined when the field has none. */
export type SensorForKind = (kind: SensorKind) => string | undefined;

/**
 * A weather-station CSV maps each sensor-kind column to the field's sensor of that kind. Only that layout
 * asks, so a long CSV (sensor_id per row) needs no field.
 */
export function fieldSensorForKind(
  sensors: ReadonlyMap<string, SensorInfo>,
  fieldId: string | undefined,
): SensorForKind {
  return (kind) => {
    if (!fieldId)
      throw errors.badRequest("a weather-station CSV needs the fieldId query parameter", "fieldId");
    for (const sensor of sensors.values())
      if (sensor.fieldId === fieldId && sensor.kind === kind) return sensor.id;
    return undefined;
  };
}

type CsvRow = Record<string, string>;

const CSV_OPTIONS: Options = {
  columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
  skip_empty_lines: true,
  trim: true,
  // A row of a reading CSV is short; a longer one is an error, never a buffer that grows with the body.
  max_record_size: 4_096,
};

const csvError = (error: unknown) =>
  errors.badRequest(`CSV could not be parsed: ${(error as Error).message}`, "body");

/** What the CSV content-type parser hands the route: the rows, read as the body streamed in. */
export class CsvRows {
  constructor(readonly rows: CsvRow[]) {}
}

/** CSV from the request stream: stops at `maxItems` rows or `maxBytes`, holding only the rows kept. */
export async function readCsvStream(
  payload: Readable,
  contentLength: string | undefined,
  limits: IngestLimits,
): Promise<CsvRows> {
  const rows: CsvRow[] = [];
  const parser = parseStream(CSV_OPTIONS);
  let failure: unknown;
  parser.on("data", (row: CsvRow) => {
    if (rows.length >= limits.maxItems) failure ??= tooManyItems(limits.maxItems);
    else rows.push(row);
  });
  parser.on("error", (error) => {
    failure ??= csvError(error);
  });
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  await consumeBody(payload, limits.maxBytes, contentLength, (chunk) => {
    parser.write(chunk);
    if (failure) throw failure;
  }).catch((error) => {
    parser.destroy();
    throw error;
  });
  parser.end();
  await ended;
  if (failure) throw failure;
  return new CsvRows(rows);
}

/**
 * CSV uploads, two layouts:
 * - long: columns `sensor_id,time,value`;
 * - weather-station export: a `time` column plus one column per sensor kind (air_temperature, relative_humidity,
 *   wind_speed, solar_radiation, rain, soil_moisture), mapped to the field's sensor of that kind.
 */
export function readingsFromCsv(
  text: string,
  sensorForKind: SensorForKind,
): { readings: RawReading[]; layout: "long" | "station" } {
  let rows: CsvRow[];
  try {
    rows = parse(text, CSV_OPTIONS) as unknown as CsvRow[];
  } catch (error) {
    throw csvError(error);
  }
  return readingsFromCsvRows(rows, sensorForKind);
}

export function readingsFromCsvRows(
  rows: CsvRow[],
  sensorForKind: SensorForKind,
): { readings: RawReading[]; layout: "long" | "station" } {
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

// Decimal only: Number() would also read 0x10 as 16, 0b11 as 3 and "" as 0.
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number, or the text as it was (then the item's error says it is not a number). */
function numberOrText(value: string | undefined): unknown {
  if (value === undefined || value === "" || !DECIMAL.test(value)) return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}
