const cache = new Map<string, boolean>();
const SAMPLE_FROM = Date.UTC(1990, 0, 1);
const SAMPLE_TO = Date.UTC(2050, 0, 1);
// Sampling every 5 days over sixty years finds every DST season (none is shorter than weeks).
const SAMPLE_STEP_MS = 5 * 86_400_000;

/** The zone's UTC offset in minutes at `epochMs`, from the runtime's tz database. */
function offsetMinutes(formatter: Intl.DateTimeFormat, epochMs: number): number {
  const parts = formatter.formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"));
  return Math.round((asUtc - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
}

/**
 * Whether the zone's offset from UTC has been a whole number of hours throughout 1990-2050 (America/Chicago yes;
 * Asia/Kolkata, +05:30, and Australia/Lord_Howe, whose DST shifts half an hour, no). In such a zone every local
 * hour and day is a union of UTC hours, so hourly rollups in UTC answer its hour and day buckets exactly.
 */
export function hasWholeHourOffsets(zone: string): boolean {
  const known = cache.get(zone);
  if (known !== undefined) return known;
  const formatter = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  let whole = true;
  for (let t = SAMPLE_FROM; t < SAMPLE_TO && whole; t += SAMPLE_STEP_MS)
    whole = offsetMinutes(formatter, t) % 60 === 0;
  cache.set(zone, whole);
  return whole;
}
