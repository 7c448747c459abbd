/**
 * What the hybrid sync's change capture costs the api's readings ingest: the same ingest statement
 * (ReadingsRepository.insertBatch) into three databases of one server, batches interleaved so machine load hits
 * all alike: without the capture trigger (the in-run baseline), with it on a farm (captures), and with it where
 * capture is off (standalone or cloud). Prints medians and the throughput ratios.
 *
 *   npm run bench:sync-capture      (BENCH_ROUNDS, BENCH_BATCH to change the load)
 */
import { ReadingsRepository } from "@unicorn/api/readings";
import { createPool, migrate, type Pool } from "@unicorn/db";
import { startBenchDatabase } from "../support/bench-stack";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const WARM_UP = 3;
const SENSORS = 100;

const VARIANTS = {
  baseline: "DROP TRIGGER readings_sync_capture ON readings",
  farm: "UPDATE sync_settings SET role = 'farm'",
  "capture off": "SELECT 1",
} as const;
type Variant = keyof typeof VARIANTS;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const stack = await startBenchDatabase();
  const pools: Pool[] = [];
  try {
    const repositories = new Map<Variant, ReadingsRepository>();
    for (const [variant, sql] of Object.entries(VARIANTS) as [Variant, string][]) {
      const name = `capture_${variant.replace(" ", "_")}_${Date.now()}`;
      await stack.pool.query(`CREATE DATABASE ${name}`);
      const url = new URL(stack.databaseUrl);
      url.pathname = `/${name}`;
      const pool = createPool({ connectionString: url.toString(), max: 2 });
      pools.push(pool);
      await migrate(pool);
      await pool.query(sql);
      repositories.set(variant, new ReadingsRepository(pool));
    }
    const sensors = Array.from(
      { length: SENSORS },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    const accepted = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2030-01-01T00:00:00Z") };
    const start = Date.parse("2026-06-01T00:00:00Z");
    const timings = new Map<Variant, number[]>([...repositories.keys()].map((v) => [v, []]));
    for (let round = 0; round < ROUNDS + WARM_UP; round++) {
      const batch = Array.from({ length: BATCH }, (_, i) => ({
        sensorId: sensors[i % SENSORS] as string,
        time: new Date(start + (round * (BATCH / SENSORS) + Math.floor(i / SENSORS)) * 60_000),
        value: i / 7,
      }));
      for (const [variant, repository] of repositories) {
        const began = performance.now();
        await repository.insertBatch(batch, undefined, accepted);
        if (round >= WARM_UP) timings.get(variant)?.push(performance.now() - began);
      }
    }
    const rate = (variant: Variant) => BATCH / (median(timings.get(variant) ?? []) / 1000);
    console.log(
      `bench/sync-capture: ${ROUNDS} rounds of ${BATCH.toLocaleString("en-US")} readings per variant`,
    );
    for (const variant of repositories.keys())
      console.log(
        `  ${variant.padEnd(12)} ${Math.round(rate(variant)).toLocaleString("en-US")} readings/s (median)`,
      );
    console.log(`  ratio farm / baseline         ${(rate("farm") / rate("baseline")).toFixed(2)}`);
    console.log(`  ratio capture off / baseline  ${(rate("capture off") / rate("baseline")).toFixed(2)}`);
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    await stack.stop();
  }
}

await main();
