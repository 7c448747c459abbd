/**
 * Read-path throughput under 50 concurrent clients (autocannon) on a farm of 40 fields × 8 sensors with a season
 * and 3 previous seasons of history: latest values for a field and the farm, 24 h raw, 7 days hourly, the season
 * by day and by hour downsampled to a chart's width, and the field's agronomy summary, side by side with a bare
 * Fastify route in the same run (and, for reference, the same route behind the API's own hooks). Prints req/s,
 * p99, the ratio to the bare route and each endpoint's target, and the endpoint's first request on its own (a
 * cache miss: the full computation), made before the clients start. The viewer sends Accept-Encoding as a
 * browser does (BENCH_ACCEPT_ENCODING); the load generator reads each body but does not decode it
 * (support/discard-bodies.ts).
 *
 *   npm run bench:api     (BENCH_SECONDS per endpoint, default 8; BENCH_FIELDS, default 40;
 *                          BENCH_HISTORY_INTERVAL_MIN for history older than a week, default 360; BENCH_SMALL=1;
 *                          BENCH_ONLY=latest,agronomy measures only the endpoints whose title holds one of the words;
 *                          BENCH_KEEP_BODIES=1 has the generator build each body's string as autocannon does)
 */
import { startBareFastify } from "../support/bare-fastify";
import {
  benchSizes,
  createBenchFarm,
  farmEndpoints,
  firstRequestMs,
  formatHits,
  growHistory,
  measure,
  rowsStored,
  selectedEndpoints,
  viewerHeaders,
} from "../support/bench-farm";
import { databaseSettled, startApiProcess, startBenchDatabase } from "../support/bench-stack";

async function main(): Promise<void> {
  const sizes = benchSizes();
  const stack = await startBenchDatabase();
  const farm = await createBenchFarm(stack.pool, stack.databaseUrl, sizes.fields);
  await growHistory(stack.pool, farm, 0, 1, sizes.historyIntervalMs);
  const stored = await rowsStored(stack.pool);

  const api = await startApiProcess(stack.databaseUrl);
  const settledMs = await databaseSettled(stack.pool);
  const bare = await startBareFastify();
  const hooked = await startBareFastify({ withApiHooks: true });
  let missed = 0;
  try {
    const headers = await viewerHeaders(api.base);
    const options = { connections: sizes.connections, seconds: sizes.seconds };
    const baseline = await measure("bare Fastify route (baseline)", bare.url, {}, options);
    console.log(
      `bench/api: ${sizes.fields} fields × ${farm.sensors.length / sizes.fields} sensors, ${sizes.connections} concurrent clients, ${sizes.seconds} s per endpoint`,
    );
    console.log(
      `  rows stored: ${stored.raw.toLocaleString("en-US")} raw, ${stored.hourly.toLocaleString("en-US")} hourly, ${stored.daily.toLocaleString("en-US")} daily (history older than 7 days every ${sizes.historyIntervalMs / 60_000} min); the api's start-up work done after ${(settledMs / 1000).toFixed(1)} s`,
    );
    const line = (title: string, rps: number, p99: number, ratio: string, target: string, first = "") =>
      console.log(
        `  ${title.padEnd(36)} ${Math.round(rps).toLocaleString("en-US").padStart(7)} req/s   p99 ${String(p99).padStart(4)} ms   ratio ${ratio}   ${target.padEnd(36)} ${first}`,
      );
    line(baseline.title, baseline.rps, baseline.p99Ms, "1.000", "", "first request (miss), cache hits");
    const withHooks = await measure("same route, the API's hooks", hooked.url, {}, options);
    line(
      withHooks.title,
      withHooks.rps,
      withHooks.p99Ms,
      (withHooks.rps / baseline.rps).toFixed(3),
      "(reference)",
    );
    for (const endpoint of selectedEndpoints(farmEndpoints(farm))) {
      const first = await firstRequestMs(`${api.base}${endpoint.path}`, headers);
      const r = await measure(endpoint.title, `${api.base}${endpoint.path}`, headers, options);
      const ratio = r.rps / baseline.rps;
      const met = ratio >= endpoint.minRatio && r.p99Ms < endpoint.maxP99Ms;
      if (!met) missed++;
      line(
        r.title,
        r.rps,
        r.p99Ms,
        ratio.toFixed(3),
        `${met ? "ok  " : "MISS"} (≥ ${endpoint.minRatio}, p99 < ${endpoint.maxP99Ms} ms)`,
        `${first.toFixed(0).padStart(6)} ms   ${formatHits(r)}`,
      );
    }
    if (missed > 0) console.log(`  ${missed} endpoint(s) missed their target`);
  } finally {
    api.stop();
    bare.stop();
    hooked.stop();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
