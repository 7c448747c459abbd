/** Times as the farm reads them: in the farm's IANA time zone, always with the zone's abbreviation. */

export const DEFAULT_TIME_ZONE = "America/Chicago";

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short", hourCycle: "h23", ...options });
    formatters.set(key, f);
  }
  return f;
}

const parts = (date: Date, timeZone: string, options: Intl.DateTimeFormatOptions) =>
  Object.fromEntries(
    formatter(timeZone, options)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );

/** "14:02 CST" */
export function formatClock(time: string | number | Date, timeZone: string): string {
  const p = parts(new Date(time), timeZone, { hour: "2-digit", minute: "2-digit" });
  return `${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** "Dec 2, 14:02 CST" */
export function formatDateTime(time: string | number | Date, timeZone: string): string {
  const p = parts(new Date(time), timeZone, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
  return `${p.month} ${p.day}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** The zone's abbreviation at that moment ("CST", "CDT"). */
export function zoneName(time: string | number | Date, timeZone: string): string {
  return parts(new Date(time), timeZone, { hour: "2-digit" }).timeZoneName ?? timeZone;
}

/** Whether the runtime knows the zone (the API checks it too; this keeps the form from sending a typo). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day (YYYY-MM-DD) of that moment on the farm: a 21:00 CST observation is not tomorrow's. */
export function localDate(time: string | number | Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date(time))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

/** The zone's offset from UTC at an instant, in ms (CST is −6 h). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(instant))
      .map((x) => [x.type, Number(x.value)]),
  );
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local calendar day starts on the farm (00:00 in its zone): the bounds of a date range typed
 * as days. Taken twice so a day whose offset differs from the UTC guess's (a DST change) still starts right.
 */
export function localMidnight(isoDate: string, timeZone: string): Date {
  const guess = Date.parse(`${isoDate}T00:00:00Z`);
  const first = guess - zoneOffsetMs(guess, timeZone);
  return new Date(guess - zoneOffsetMs(first, timeZone));
}

/** The next calendar day of a YYYY-MM-DD date. */
export function nextIsoDate(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
