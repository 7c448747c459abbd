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

/** Where readings are accepted: from `maxAgeDays` back to `maxAheadDays` ahead; partitions are made only there. */
export interface AcceptedReadingWindow {
  rawRetention: RawRetentionPolicy;
  maxAgeDays: number;
  maxAheadDays: number;
}

type WindowSettings = Partial<
  Record<
    "UNICORN_RAW_RETENTION_DAYS" | "UNICORN_READINGS_MAX_AGE_DAYS" | "UNICORN_READINGS_MAX_AHEAD_DAYS",
    string
  >
>;

/**
 * The accepted window from the settings every ingest path reads (the api and ingest-mqtt alike): a reading
 * older than raw retention is refused, since its raw row would be dropped and a re-send would then count twice
 * in the rollups. Throws a message naming the bad setting.
 */
export function acceptedReadingWindow(env: WindowSettings): AcceptedReadingWindow {
  const positive = (name: keyof WindowSettings, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must be a positive integer, got "${raw}"`);
    return value;
  };
  let rawRetention: RawRetentionPolicy;
  try {
    rawRetention = parseRawRetention(env.UNICORN_RAW_RETENTION_DAYS, 5 * 366);
  } catch (error) {
    throw new Error(`UNICORN_RAW_RETENTION_DAYS: ${(error as Error).message}`);
  }
  return {
    rawRetention,
    maxAgeDays: Math.min(positive("UNICORN_READINGS_MAX_AGE_DAYS", 5 * 366), rawRetention.partitionKeepDays),
    maxAheadDays: positive("UNICORN_READINGS_MAX_AHEAD_DAYS", 7),
  };
}
