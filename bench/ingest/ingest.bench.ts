/**
 * Ingestion throughput through the real HTTP endpoint into PostgreSQL, against raw COPY of the same rows
 * into the same table, measured in the same run. Prints both rates and the ratio.
 *
 *   npm run bench:ingest            (BENCH_READINGS, BENCH_BATCH, BENCH_CLIENTS to change the load)
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sha256 } from "@unicorn/credentials";
import { ensureReadingPartitions } from "@unicorn/db";
import { from as copyFrom } from "pg-copy-streams";
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
  const org = await pool.query<{ id: string }>(
    "INSERT INTO organizations (name) VALUES ('bench') RETURNING id",
  );
  const organizationId = org.rows[0]!.id;
  const farm = await pool.query<{ id: string }>(
    "INSERT INTO farms (organization_id, name) VALUES ($1, 'f') RETURNING id",
    [organizationId],
  );
  const field = await pool.query<{ id: string }>(
    `INSERT INTO fields (organization_id, farm_id, name, boundary, area_ha, latitude_deg, longitude_deg)
     VALUES ($1, $2, 'f', '{}', 1, 42, -93) RETURNING id`,
    [organizationId, farm.rows[0]!.id],
  );
  const sensorIds: string[] = [];
  for (let i = 0; i < SENSORS; i++) {
    const sensor = await pool.query<{ id: string }>(
      "INSERT INTO sensors (organization_id, field_id, name, kind, unit) VALUES ($1, $2, $3, 'soil_moisture', '% vol') RETURNING id",
      [organizationId, field.rows[0]!.id, `s${i}`],
    );
    sensorIds.push(sensor.rows[0]!.id);
  }
  const apiKey = `uk_${randomBytes(24).toString("base64url")}`;
  await pool.query(
    "INSERT INTO api_keys (organization_id, name, prefix, key_hash) VALUES ($1, 'bench', 'uk_', $2)",
    [organizationId, sha256(apiKey)],
  );

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
