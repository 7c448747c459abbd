import { SENSOR_KIND_NAMES, type SensorKind } from "@unicorn/contracts";

/**
 * How long raw readings are kept, per sensor kind; rollups (hourly, daily, latest) are kept for the life of the
 * farm. Readings are partitioned by month across all kinds, so a partition is dropped only once the kind kept
 * longest no longer needs it (`partitionKeepDays`): each kind's figure is the least it is kept.
 */
export interface RawRetentionPolicy {
  byKind: Record<SensorKind, number>;
  partitionKeepDays: number;
}

const KINDS = SENSOR_KIND_NAMES;

/**
 * Reads `days` (every kind) or `kind=days,…` with an optional `*=days` for the kinds not named, e.g.
 * `*=1830,soil_moisture=400`. Throws a message naming the bad part.
 */
export function parseRawRetention(spec: string | undefined, fallbackDays: number): RawRetentionPolicy {
  const days = (text: string, what: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${what} must be a positive number of days, got "${text}"`);
    return value;
  };
  const named = new Map<string, number>();
  let otherwise = fallbackDays;
  const trimmed = spec?.trim() ?? "";
  if (/^\d+$/.test(trimmed)) otherwise = days(trimmed, "the retention");
  else if (trimmed !== "") {
    for (const part of trimmed.split(",")) {
      const [kind, value, extra] = part.split("=").map((s) => s.trim());
      if (!kind || value === undefined || extra !== undefined) throw new Error(`"${part}" is not kind=days`);
      if (kind === "*") otherwise = days(value, "*");
      else if ((KINDS as string[]).includes(kind)) named.set(kind, days(value, kind));
      else throw new Error(`"${kind}" is not a sensor kind (${KINDS.join(", ")})`);
    }
  }
  const byKind = Object.fromEntries(KINDS.map((k) => [k, named.get(k) ?? otherwise])) as Record<
    SensorKind,
    number
  >;
  return { byKind, partitionKeepDays: Math.max(...Object.values(byKind)) };
}
