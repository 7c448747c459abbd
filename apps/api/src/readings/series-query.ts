import type { ReadingsSeriesQuery, SeriesBucket } from "@unicorn/contracts";
import { errors } from "../http/app-error";

/** A series request with its window resolved: `to` defaults to now, the zone is one the runtime knows. */
export interface SeriesWindow {
  sensorId?: string;
  fieldId?: string;
  from: Date;
  to: Date;
  bucket: SeriesBucket;
  timeZone: string;
}

let timeZones: Set<string> | undefined;

/**
 * A zone the runtime lists (canonical IANA names, e.g. America/Chicago; aliases such as US/Central are not
 * listed): hour and day buckets are cut in it.
 */
export function isListedTimeZone(timeZone: string): boolean {
  timeZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  // Some runtimes list UTC only under its aliases (Etc/UTC); it is always valid.
  return timeZone === "UTC" || timeZones.has(timeZone);
}

export function seriesWindow(query: ReadingsSeriesQuery, now: Date = new Date()): SeriesWindow {
  if (!isListedTimeZone(query.tz)) throw errors.badRequest("unknown time zone", "tz");
  return {
    ...(query.sensorId ? { sensorId: query.sensorId } : {}),
    ...(query.fieldId ? { fieldId: query.fieldId } : {}),
    from: new Date(query.from),
    to: query.to ? new Date(query.to) : now,
    bucket: query.bucket,
    timeZone: query.tz,
  };
}
