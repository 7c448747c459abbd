/**
 * Ingestion throughput through the real HTTP endpoint into PostgreSQL, against raw COPY of the same rows
 * into the same table, measured in the same run. Prints both rates and the ratio.
 *
 *   npm run bench:ingest            (BENCH_READINGS, BENCH_BATCH, BENCH_CLIENTS to change the load)
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ensureReadingPartitions } from "@unicorn/db";
import { from as copyFrom } from "pg-copy-streams";
import { BENCH_BOUNDARY, withBenchOrganization } from "../support/bench-setup";
import { formatRate, startApiProcess, startBenchDatabase } from "../support/bench-stack";

const TOTAL = Number(process.env.BENCH_READINGS ?? 400_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SENSORS = 100;

interface Reading {
  sensorId: string;
  time: string;
  value: number;
}

function buildReadings(sensorIds: string[], startMs: number): Reading[] {
  const readings: Reading[] = [];
  for (let i = 0; i < TOTAL; i++) {
    readings.push({
      sensorId: sensorIds[i % SENSORS]!,
      time: new Date(startMs + Math.floor(i / SENSORS) * 60_000).toISOString(),
      value: Math.round(Math.random() * 4000) / 100,
    });
  }
  return readings;
}

async function main(): Promise<void> {
  const stack = await startBenchDatabase();
  const { pool } = stack;
  const { sensorIds, apiKey } = await withBenchOrganization(pool, stack.databaseUrl, async (admin) => {
    const farm = await admin.post<{ id: string }>("/farms", { name: "Bench farm" });
    const field = await admin.post<{ id: string }>("/fields", {
      farmId: farm.id,
      name: "Bench field",
      boundary: BENCH_BOUNDARY,
    });
    const ids: string[] = [];
    for (let i = 0; i < SENSORS; i++) {
      const sensor = await admin.post<{ id: string }>("/sensors", {
        fieldId: field.id,
        name: `s${i}`,
        kind: "soil_moisture",
      });
      ids.push(sensor.id);
    }
    const key = await admin.post<{ key: string }>("/api-keys", { name: "bench", role: "device" });
    return { sensorIds: ids, apiKey: key.key };
  });

  // Same shape of rows for both runs, in different months so neither run sees the other's rows.
  const apiRows = buildReadings(sensorIds, Date.UTC(2026, 0, 1));
  const copyRows = buildReadings(sensorIds, Date.UTC(2026, 3, 1));
  await ensureReadingPartitions(
    pool,
    [...apiRows, ...copyRows].map((r) => new Date(r.time)),
    new Set(),
  );
  const bodies: string[] = [];
  for (let i = 0; i < apiRows.length; i += BATCH) bodies.push(JSON.stringify(apiRows.slice(i, i + BATCH)));

  const api = await startApiProcess(stack.databaseUrl);
  try {
    // Warm-up: one batch of a different day, so connection set-up and JIT are out of the measurement.
    await fetch(`${api.base}/api/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": apiKey },
      body: JSON.stringify(buildReadings(sensorIds, Date.UTC(2026, 0, 20)).slice(0, BATCH)),
    });

    let next = 0;
    const apiStart = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const response = await fetch(`${api.base}/api/v1/readings`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": apiKey },
            body,
          });
          if (response.status !== 200)
            throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
          await response.arrayBuffer();
        }
      }),
    );
    const apiSeconds = (performance.now() - apiStart) / 1000;

    const copyStart = performance.now();
    const client = await pool.connect();
    try {
      const lines = copyRows.map((r) => `${r.sensorId}\t${r.time}\t${r.value}\n`);
      await pipeline(
        Readable.from(lines),
        client.query(copyFrom("COPY readings (sensor_id, time, value) FROM STDIN")),
      );
    } finally {
      client.release();
    }
    const copySeconds = (performance.now() - copyStart) / 1000;

    const stored = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM readings");
    const apiRate = TOTAL / apiSeconds;
    const copyRate = TOTAL / copySeconds;
    console.log(
      `bench/ingest: ${TOTAL.toLocaleString("en-US")} readings, ${BATCH.toLocaleString("en-US")} per request, ${CLIENTS} clients`,
    );
    console.log(`  API  POST /api/v1/readings  ${formatRate(apiRate)}   (${apiSeconds.toFixed(2)} s)`);
    console.log(`  raw  COPY readings          ${formatRate(copyRate)}   (${copySeconds.toFixed(2)} s)`);
    console.log(
      `  ratio API / COPY            ${(apiRate / copyRate).toFixed(2)}   (target ≥ 0.50; API target ≥ 100,000/s)`,
    );
    console.log(`  rows stored                 ${stored.rows[0]!.n.toLocaleString("en-US")}`);
  } finally {
    api.stop();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
