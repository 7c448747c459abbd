/**
 * The farm the read benches run on: fields × sensors (a station of five weather sensors and three soil
 * probes per field), a season planted 200 days ago, and history loaded with COPY then rolled up the way a
 * bulk import is (`rebuild_reading_rollups`), since COPY bypasses the ingest path.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ensureReadingPartitions, type Pool, rebuildReadingRollups } from "@unicorn/db";
import autocannon from "autocannon";
import { from as copyFrom } from "pg-copy-streams";
import { BENCH_BOUNDARY, withBenchOrganization } from "./bench-setup";
import { discardResponseBodies } from "./discard-bodies";

export const DAY_MS = 86_400_000;
export const SEASON_DAYS = 200;
const KINDS = [
  "air_temperature",
  "relative_humidity",
  "wind_speed",
  "solar_radiation",
  "rain",
  "soil_moisture",
  "soil_moisture",
  "soil_moisture",
] as const;
export const SENSORS_PER_FIELD = KINDS.length;
export const VIEWER = { email: "viewer@bench.test", password: "bench-viewer-password" };

export interface BenchFarm {
  farmId: string;
  fieldIds: string[];
  /** Sensor ids with their kind, field by field. */
  sensors: { id: string; kind: (typeof KINDS)[number] }[];
  apiKey: string;
  /** Start of the season (planting day, local midnight is close enough for a bench), the last full hour. */
  seasonStartMs: number;
  nowMs: number;
}

export async function createBenchFarm(pool: Pool, databaseUrl: string, fields: number): Promise<BenchFarm> {
  const nowMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const seasonStartMs = nowMs - SEASON_DAYS * DAY_MS;
  const plantingDate = new Date(seasonStartMs).toISOString().slice(0, 10);
  return withBenchOrganization(pool, databaseUrl, async (admin) => {
    await admin.post("/users", { ...VIEWER, name: "Bench viewer", role: "viewer" });
    const farm = await admin.post<{ id: string }>("/farms", {
      name: "Bench farm",
      timezone: "America/Chicago",
      latitudeDeg: 42.06,
      longitudeDeg: -93.72,
    });
    const fieldIds: string[] = [];
    const sensors: BenchFarm["sensors"] = [];
    for (let f = 0; f < fields; f++) {
      const field = await admin.post<{ id: string }>("/fields", {
        farmId: farm.id,
        name: `Field ${f + 1}`,
        boundary: BENCH_BOUNDARY,
      });
      fieldIds.push(field.id);
      await admin.post("/seasons", {
        fieldId: field.id,
        year: new Date(seasonStartMs).getUTCFullYear(),
        hybrid: "P1185",
        gddToBlackLayerF: 2700,
        plantingDate,
        previousCrop: "soybean",
      });
      for (const [i, kind] of KINDS.entries()) {
        const sensor = await admin.post<{ id: string }>("/sensors", {
          fieldId: field.id,
          name: `${kind} ${i}`,
          kind,
          ...(kind === "soil_moisture" ? { depthCm: 15 * (i - 4) } : {}),
        });
        sensors.push({ id: sensor.id, kind });
      }
    }
    const key = await admin.post<{ key: string }>("/api-keys", { name: "bench gateway", role: "device" });
    return { farmId: farm.id, fieldIds, sensors, apiKey: key.key, seasonStartMs, nowMs };
  });
}

/** A plausible value of the kind at `ms` (diurnal and seasonal swings; exact values do not matter here). */
function plausibleValue(kind: string, ms: number, salt: number): number {
  const hour = (ms / 3_600_000) % 24;
  const day = (ms / DAY_MS) % 365;
  const diurnal = Math.sin(((hour - 9) / 24) * 2 * Math.PI);
  const seasonal = Math.sin(((day - 100) / 365) * 2 * Math.PI);
  switch (kind) {
    case "air_temperature":
      return Math.round((12 + 14 * seasonal + 6 * diurnal) * 10) / 10;
    case "relative_humidity":
      return Math.round(65 - 20 * diurnal);
    case "wind_speed":
      return Math.round((3 + 2 * Math.abs(diurnal)) * 10) / 10;
    case "solar_radiation":
      return Math.max(0, Math.round(700 * diurnal));
    case "rain":
      return (Math.floor(ms / 3_600_000) + salt) % 97 === 0 ? 2 : 0;
    default:
      return Math.round((28 + 6 * seasonal + (salt % 5)) * 10) / 10;
  }
}

/**
 * COPYs a reading per sensor every `intervalMs` over [fromMs, toMs) and rolls the range up. Returns the rows
 * written. Streams, so history of any size fits in memory.
 */
export async function loadHistory(
  pool: Pool,
  farm: BenchFarm,
  fromMs: number,
  toMs: number,
  intervalMs: number,
): Promise<number> {
  const months: Date[] = [];
  for (let t = fromMs; t < toMs; t += 28 * DAY_MS) months.push(new Date(t));
  months.push(new Date(toMs - 1));
  await ensureReadingPartitions(pool, months, new Set());
  let rows = 0;
  function* lines() {
    let chunk = "";
    for (let t = fromMs; t < toMs; t += intervalMs) {
      const time = new Date(t).toISOString();
      for (const [salt, sensor] of farm.sensors.entries()) {
        chunk += `${sensor.id}\t${time}\t${plausibleValue(sensor.kind, t, salt)}\n`;
        rows++;
      }
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  }
  const client = await pool.connect();
  try {
    await pipeline(
      Readable.from(lines()),
      client.query(copyFrom("COPY readings (sensor_id, time, value) FROM STDIN")),
    );
  } finally {
    client.release();
  }
  await rebuildReadingRollups(pool, new Date(fromMs), new Date(toMs));
  return rows;
}

/**
 * VACUUM (ANALYZE) after a bulk load, as an operator's import ends: otherwise autovacuum takes up the millions
 * of rows just written (their visibility map, hint bits, statistics) during whatever is measured next, and
 * only at the larger history sizes, where it has the most to do.
 */
async function settleAfterLoad(pool: Pool): Promise<void> {
  await pool.query("VACUUM (ANALYZE) readings, reading_rollups_hourly, reading_rollups_daily, sensor_latest");
}

/**
 * The viewer's headers for the read endpoints: its bearer token and, like every browser, the encodings it
 * accepts (BENCH_ACCEPT_ENCODING, default "gzip, deflate, br"; "identity" for uncompressed answers).
 */
export async function viewerHeaders(base: string): Promise<Record<string, string>> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(VIEWER),
  });
  if (!login.ok) throw new Error(`bench viewer login answered ${login.status}`);
  return {
    authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
    "accept-encoding": process.env.BENCH_ACCEPT_ENCODING ?? "gzip, deflate, br",
  };
}

export interface Endpoint {
  title: string;
  path: string;
  /** Targets: req/s as a share of the bare route's, and p99 in ms. */
  minRatio: number;
  maxP99Ms: number;
}

/**
 * The read endpoints a farm dashboard calls, on the first field (all fields hold the same shape of data). Series
 * are asked as the dashboard's charts ask them, as columns (`/readings/columns`, the points of `/readings`).
 */
export function farmEndpoints(farm: BenchFarm, chartWidth = 800): Endpoint[] {
  const fieldId = farm.fieldIds[0]!;
  const series = "/api/v1/readings/columns";
  const iso = (ms: number) => new Date(ms).toISOString();
  const now = farm.nowMs;
  const fast = { minRatio: 0.25, maxP99Ms: 50 };
  return [
    { title: "latest, field", path: `/api/v1/readings/latest?fieldId=${fieldId}`, ...fast },
    { title: "latest, farm", path: `/api/v1/readings/latest?farmId=${farm.farmId}`, ...fast },
    {
      title: "24 h raw, field",
      path: `${series}?fieldId=${fieldId}&from=${iso(now - DAY_MS)}&to=${iso(now)}`,
      ...fast,
    },
    {
      title: "7 d hourly, field",
      path: `${series}?fieldId=${fieldId}&bucket=hour&tz=America/Chicago&from=${iso(now - 7 * DAY_MS)}&to=${iso(now)}`,
      ...fast,
    },
    {
      title: "season daily, field",
      path: `${series}?fieldId=${fieldId}&bucket=day&tz=America/Chicago&from=${iso(farm.seasonStartMs)}&to=${iso(now)}`,
      ...fast,
    },
    {
      title: `season hourly → ${chartWidth} pts, field`,
      path: `${series}?fieldId=${fieldId}&bucket=hour&points=${chartWidth}&tz=America/Chicago&from=${iso(farm.seasonStartMs)}&to=${iso(now)}`,
      ...fast,
    },
    {
      title: "field agronomy summary",
      path: `/api/v1/fields/${fieldId}/agronomy`,
      minRatio: 0.1,
      maxP99Ms: 150,
    },
  ];
}

/** BENCH_ONLY (comma-separated words): only the endpoints whose title holds one of them, for profiling one. */
export function selectedEndpoints(endpoints: Endpoint[]): Endpoint[] {
  const words = process.env.BENCH_ONLY?.split(",").filter(Boolean);
  if (!words?.length) return endpoints;
  return endpoints.filter((endpoint) => words.some((word) => endpoint.title.includes(word)));
}

export interface Measured {
  title: string;
  rps: number;
  meanMs: number;
  p99Ms: number;
  /** An api endpoint's share of requests served from a kept body while measured (the api's own counters). */
  cacheHits?: number;
}

/** The api's read-cache counters (unicorn_read_cache_requests_total), summed over caches, by outcome. */
async function readCacheLookups(origin: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const totals = new Map<string, number>();
  for (const match of text.matchAll(
    /^unicorn_read_cache_requests_total\{[^}]*outcome="(\w+)"[^}]*\} (\S+)$/gm,
  ))
    totals.set(match[1]!, (totals.get(match[1]!) ?? 0) + Number(match[2]));
  return totals;
}

/**
 * One request on its own, timed: the first of an endpoint is the cache's miss (the full computation). Made before
 * the clients start, so their figures are the steady state a dashboard's repeated views see, and printed beside
 * them.
 */
export async function firstRequestMs(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

export async function measure(
  title: string,
  url: string,
  headers: Record<string, string>,
  options: { connections: number; seconds: number },
): Promise<Measured> {
  discardResponseBodies();
  const api = new URL(url).pathname.startsWith("/api/") ? new URL(url).origin : undefined;
  const before = api ? await readCacheLookups(api) : undefined;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const measured = {
    title,
    rps: result.requests.average,
    meanMs: result.latency.average,
    p99Ms: result.latency.p99,
  };
  if (!api || !before) return measured;
  const after = await readCacheLookups(api);
  const delta = (outcome: string) => (after.get(outcome) ?? 0) - (before.get(outcome) ?? 0);
  const lookups = delta("hit") + delta("miss") + delta("uncached");
  return lookups > 0 ? { ...measured, cacheHits: delta("hit") / lookups } : measured;
}

/** A cache hit share as printed: "hits 99.98 %", or nothing for an endpoint the counters do not cover. */
export function formatHits(measured: Measured): string {
  return measured.cacheHits === undefined ? "" : `hits ${(measured.cacheHits * 100).toFixed(2)} %`;
}

/**
 * POSTs `total` new readings (spread over the farm's sensors, `offsetMs` after now so each call writes rows no
 * one wrote before) in batches from `clients` concurrent clients; returns readings/s.
 */
export async function ingestRate(
  base: string,
  farm: BenchFarm,
  options: { total: number; batch: number; clients: number; offsetMs: number },
): Promise<number> {
  const bodies: string[] = [];
  const perTick = farm.sensors.length;
  let batch: { sensorId: string; time: string; value: number }[] = [];
  for (let i = 0; i < options.total; i++) {
    const sensor = farm.sensors[i % perTick]!;
    const ms = farm.nowMs + options.offsetMs + Math.floor(i / perTick) * 1000;
    batch.push({
      sensorId: sensor.id,
      time: new Date(ms).toISOString(),
      value: plausibleValue(sensor.kind, ms, i),
    });
    if (batch.length === options.batch) {
      bodies.push(JSON.stringify(batch));
      batch = [];
    }
  }
  if (batch.length > 0) bodies.push(JSON.stringify(batch));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (next < bodies.length) {
        const response = await fetch(`${base}/api/v1/readings`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": farm.apiKey },
          body: bodies[next++]!,
        });
        if (response.status !== 200)
          throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
  return options.total / ((performance.now() - started) / 1000);
}

/**
 * History layout at `multiple`× (1× = a 200-day season and 3 previous seasons, 800 days): the last 7 days at
 * 15-minute resolution (what 24 h raw reads), everything older at `historyIntervalMs` (15 minutes is the real
 * farm; a coarser figure scales the row count down on a small machine, and the bench prints the rows stored).
 * Growing from `fromMultiple` to `toMultiple` loads only the older span in between.
 */
export async function growHistory(
  pool: Pool,
  farm: BenchFarm,
  fromMultiple: number,
  toMultiple: number,
  historyIntervalMs: number,
): Promise<number> {
  const recentFrom = farm.nowMs - 7 * DAY_MS;
  const start = (multiple: number) => farm.nowMs - multiple * 4 * SEASON_DAYS * DAY_MS;
  let rows = 0;
  if (fromMultiple === 0) {
    rows += await loadHistory(pool, farm, recentFrom, farm.nowMs, 15 * 60_000);
    rows += await loadHistory(pool, farm, start(toMultiple), recentFrom, historyIntervalMs);
  } else rows += await loadHistory(pool, farm, start(toMultiple), start(fromMultiple), historyIntervalMs);
  await settleAfterLoad(pool);
  return rows;
}

export async function rowsStored(pool: Pool): Promise<{ raw: number; hourly: number; daily: number }> {
  const result = await pool.query<{ raw: number; hourly: number; daily: number }>(
    `SELECT (SELECT count(*) FROM readings)::int AS raw, (SELECT count(*) FROM reading_rollups_hourly)::int AS hourly,
            (SELECT count(*) FROM reading_rollups_daily)::int AS daily`,
  );
  return result.rows[0]!;
}

/** Sizes: BENCH_SMALL=1 is a quick check that the bench runs (not a measurement). */
export function benchSizes() {
  const small = process.env.BENCH_SMALL === "1";
  const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return {
    small,
    fields: number("BENCH_FIELDS", small ? 2 : 40),
    seconds: number("BENCH_SECONDS", small ? 1 : 8),
    connections: small ? 5 : 50,
    historyIntervalMs: number("BENCH_HISTORY_INTERVAL_MIN", small ? 24 * 60 : 6 * 60) * 60_000,
    ingestReadings: number("BENCH_INGEST_READINGS", small ? 2_000 : 100_000),
    ingestBatch: small ? 500 : 10_000,
  };
}
