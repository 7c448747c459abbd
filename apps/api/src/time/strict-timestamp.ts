/**
 * Strict ISO 8601 / RFC 3339 timestamps for readings. `Date.parse` rolls 2026-02-30 over to March 2, reads T24:00
 * as the next day and drops digits past the millisecond; `Date.UTC` maps years 0-99 to 1900-1999. Here every part
 * is range-checked and nothing is rewritten: a time is either exactly representable or refused with a reason.
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;

export type ParsedTimestamp = { epochMs: number } | { error: string };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds since the epoch of a proleptic-Gregorian UTC date and time, for every year (0-99 included). */
export function utcEpochMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/**
 * Reads `2026-06-01T12:00:00Z`, `2026-06-01 12:00+02:00`, `…:00.123456+0200`. Readings are stored to the
 * millisecond, so digits past it must be zeros: two readings 0.4 ms apart are not silently made duplicates.
 */
export function parseStrictTimestamp(text: string): ParsedTimestamp {
  const match = TIMESTAMP.exec(text);
  if (!match) return { error: "must be an ISO 8601 timestamp with a time zone, e.g. 2026-06-01T12:00:00Z" };
  const [, y, mo, d, h, mi, s = "0", fraction = "", zulu, sign, offH = "0", offM = "0"] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return { error: `has no month ${mo}` };
  if (day < 1 || day > daysInMonth(year, month)) return { error: `${y}-${mo} has no day ${d}` };
  if (hour > 23 || minute > 59 || second > 59)
    return { error: "hour must be 00-23, minutes and seconds 00-59 (24:00 and leap seconds are refused)" };
  if (/[1-9]/.test(fraction.slice(3)))
    return { error: "is finer than a millisecond; readings are stored to the millisecond" };
  const offsetHours = Number(offH);
  const offsetMinutes = Number(offM);
  if (!zulu && (offsetHours > 23 || offsetMinutes > 59))
    return { error: "has a time-zone offset outside -23:59..+23:59" };
  const offsetMs = zulu ? 0 : (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const ms = Number(fraction.slice(0, 3).padEnd(3, "0"));
  return { epochMs: utcEpochMs(year, month, day, hour, minute, second, ms) - offsetMs };
}
