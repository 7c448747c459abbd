/** Turns JSON and NDJSON ingest bodies into readings to validate one by one (CSV: readings-csv.ts). */
import { errors } from "@unicorn/http";

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
