/**
 * Whether read latency and ingest throughput stay flat as history grows: the farm of bench/api (40 fields ×
 * 8 sensors) at 1×, 4× and 16× its history (1× = a 200-day season and 3 previous seasons), the same endpoints
 * under 50 concurrent clients and the same ingest load at each size, with a bare Fastify route measured in the
 * same run. Targets: each endpoint's mean latency at 16× within 1.5× of its 1× figure; ingest ≥ 0.7 of 1×. Each
 * endpoint's first request (a cache miss, the full computation) is timed on its own before the clients start and
 * printed too: what a cache hides is still seen growing or not.
 *
 *   npm run bench:scale   (BENCH_SCALES, default "1,4,16"; BENCH_SECONDS per endpoint and size, default 8;
 *                          BENCH_HISTORY_INTERVAL_MIN, default 360; BENCH_SMALL=1 runs a quick untimed check)
 */
import { startBareFastify } from "../support/bare-fastify";
import {
  benchSizes,
  createBenchFarm,
  farmEndpoints,
  firstRequestMs,
  formatHits,
  growHistory,
  ingestRate,
  type Measured,
  measure,
  rowsStored,
  viewerHeaders,
} from "../support/bench-farm";
import { databaseSettled, startApiProcess, startBenchDatabase } from "../support/bench-stack";

const SCALES = (process.env.BENCH_SCALES ?? (process.env.BENCH_SMALL === "1" ? "1,2" : "1,4,16"))
  .split(",")
  .map(Number);

interface SizeResult {
  multiple: number;
  raw: number;
  hourly: number;
  bare: Measured;
  endpoints: Measured[];
  /** Each endpoint's first request on its own: the cache's miss, the full computation. */
  firstMs: number[];
  ingestPerSecond: number;
}

async function main(): Promise<void> {
  const sizes = benchSizes();
  const stack = await startBenchDatabase();
  const farm = await createBenchFarm(stack.pool, stack.databaseUrl, sizes.fields);
  const bare = await startBareFastify();
  const results: SizeResult[] = [];
  const options = { connections: sizes.connections, seconds: sizes.seconds };
  try {
    let loaded = 0;
    for (const [index, multiple] of SCALES.entries()) {
      const started = performance.now();
      await growHistory(stack.pool, farm, loaded, multiple, sizes.historyIntervalMs);
      loaded = multiple;
      const stored = await rowsStored(stack.pool);
      console.log(
        `bench/scale: ${multiple}× history loaded (${stored.raw.toLocaleString("en-US")} raw rows) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      // A fresh API per size: every size starts from the same cold caches.
      const api = await startApiProcess(stack.databaseUrl);
      const settledMs = await databaseSettled(stack.pool);
      console.log(
        `bench/scale: ${multiple}× the api's start-up work done after ${(settledMs / 1000).toFixed(1)} s`,
      );
      try {
        const headers = await viewerHeaders(api.base);
        const endpoints: Measured[] = [];
        const firstMs: number[] = [];
        for (const endpoint of farmEndpoints(farm)) {
          firstMs.push(await firstRequestMs(`${api.base}${endpoint.path}`, headers));
          endpoints.push(await measure(endpoint.title, `${api.base}${endpoint.path}`, headers, options));
        }
        const ingestPerSecond = await ingestRate(api.base, farm, {
          total: sizes.ingestReadings,
          batch: sizes.ingestBatch,
          clients: 4,
          // Each size writes its own hour after now (ingest accepts up to 7 days ahead).
          offsetMs: (index + 1) * 3_600_000,
        });
        const bareNow = await measure("bare Fastify route", bare.url, {}, options);
        results.push({
          multiple,
          raw: stored.raw,
          hourly: stored.hourly,
          bare: bareNow,
          endpoints,
          firstMs,
          ingestPerSecond,
        });
      } finally {
        api.stop();
      }
    }
  } finally {
    bare.stop();
    await stack.stop();
  }
  printTable(results, sizes);
}

function printTable(results: SizeResult[], sizes: ReturnType<typeof benchSizes>): void {
  const first = results[0]!;
  const last = results.at(-1)!;
  const n = (value: number) => Math.round(value).toLocaleString("en-US");
  const cell = (text: string) => ` ${text.padStart(27)}`;
  console.log(
    `\nbench/scale: ${sizes.fields} fields × 8 sensors, ${sizes.connections} clients, ${sizes.seconds} s per endpoint; history older than 7 days every ${sizes.historyIntervalMs / 60_000} min${sizes.small ? " (BENCH_SMALL: not a measurement)" : ""}`,
  );
  console.log(
    `  ${"".padEnd(46)}${results.map((r) => cell(`${r.multiple}×`)).join("")}   ${last.multiple}× / ${first.multiple}×`,
  );
  console.log(`  ${"raw rows stored".padEnd(46)}${results.map((r) => cell(n(r.raw))).join("")}`);
  console.log(`  ${"hourly rollup rows".padEnd(46)}${results.map((r) => cell(n(r.hourly))).join("")}`);
  console.log(
    `  ${"bare route req/s (baseline)".padEnd(46)}${results.map((r) => cell(n(r.bare.rps))).join("")}`,
  );
  let missed = 0;
  first.endpoints.forEach((endpoint, i) => {
    const cells = results.map((r) => {
      const m = r.endpoints[i]!;
      // No request finished inside the window: autocannon reports no latency.
      if (m.rps === 0) return cell("none finished");
      return cell(`${m.meanMs.toFixed(1)} ms, p99 ${m.p99Ms}, ${(m.rps / r.bare.rps).toFixed(3)}`);
    });
    const growth = last.endpoints[i]!.meanMs / Math.max(endpoint.meanMs, 0.1);
    const measured = last.endpoints[i]!.rps > 0 && endpoint.rps > 0;
    if (growth > 1.5 || !measured) missed++;
    console.log(
      `  ${endpoint.title.padEnd(46)}${cells.join("")}   ${growth.toFixed(2)} ${growth <= 1.5 ? "ok" : "MISS"} (≤ 1.5; ${(growth * (last.bare.rps / first.bare.rps)).toFixed(2)} with the bare route's own change divided out)`,
    );
  });
  first.endpoints.forEach((endpoint, i) => {
    console.log(
      `  ${`${endpoint.title}, cache`.padEnd(46)}${results.map((r) => cell(formatHits(r.endpoints[i]!))).join("")}`,
    );
  });
  first.endpoints.forEach((endpoint, i) => {
    const growth = last.firstMs[i]! / Math.max(first.firstMs[i]!, 0.1);
    console.log(
      `  ${`${endpoint.title}, first (miss)`.padEnd(46)}${results.map((r) => cell(`${r.firstMs[i]!.toFixed(0)} ms`)).join("")}   ${growth.toFixed(2)} (one request: noisy)`,
    );
  });
  const ingest = last.ingestPerSecond / first.ingestPerSecond;
  if (ingest < 0.7) missed++;
  console.log(
    `  ${"ingest readings/s (POST)".padEnd(46)}${results.map((r) => cell(n(r.ingestPerSecond))).join("")}   ${ingest.toFixed(2)} ${ingest >= 0.7 ? "ok" : "MISS"} (≥ 0.7)`,
  );
  // The machine's own speed drifts between sizes (other work on it): the same figure per bare-route request
  // measured right after each size's ingest shows what is left once that drift is divided out.
  const perBare = (r: SizeResult) => r.ingestPerSecond / r.bare.rps;
  console.log(
    `  ${"ingest readings per bare request".padEnd(46)}${results.map((r) => cell(perBare(r).toFixed(2))).join("")}   ${(perBare(last) / perBare(first)).toFixed(2)} (reference)`,
  );
  console.log("  (cells: mean latency, p99 ms, req/s as a share of the bare route in the same size's run)");
  if (missed > 0) console.log(`  ${missed} figure(s) missed their target`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
