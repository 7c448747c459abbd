import type { ReadingsSeriesQuery, SeriesBucket } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import { isKnownTimeZone } from "../time/time-zone";

/** A series request with its window resolved: `to` defaults to now, the zone is one the runtime knows. */
export interface SeriesWindow {
  sensorId?: string;
  fieldId?: string;
  from: Date;
  to: Date;
  bucket: SeriesBucket;
  timeZone: string;
  points?: number;
}

/**
 * A zone the runtime lists (canonical IANA names, e.g. America/Chicago; aliases such as US/Central are not
 * listed): hour and day buckets are cut in it.
 */

export function seriesWindow(query: ReadingsSeriesQuery, now: Date = new Date()): SeriesWindow {
  if (!isKnownTimeZone(query.tz)) throw errors.badRequest("unknown time zone", "tz");
  return {
    ...(query.sensorId ? { sensorId: query.sensorId } : {}),
    ...(query.fieldId ? { fieldId: query.fieldId } : {}),
    from: new Date(query.from),
    to: query.to ? new Date(query.to) : now,
    bucket: query.bucket,
    timeZone: query.tz,
    ...(query.points !== undefined ? { points: query.points } : {}),
  };
}
