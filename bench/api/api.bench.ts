/**
 * Read-path throughput under 50 concurrent clients (autocannon): the latest-values and the hourly-bucketed
 * query endpoints, side by side with a bare Fastify route served by the same kind of process in the same run.
 * Prints requests/s, p99 latency and the ratio to the bare route.
 *
 *   npm run bench:api     (BENCH_SECONDS per endpoint, default 8)
 */
import { spawn } from "node:child_process";
import { hashPassword } from "@unicorn/credentials";
import autocannon from "autocannon";
import { freePort, startApiProcess, startBenchDatabase } from "../support/bench-stack";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;

async function run(title: string, url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { title, rps: result.requests.average, p99: result.latency.p99 };
}

async function startBareFastify(): Promise<{ base: string; stop(): void }> {
  const port = await freePort();
  const source = `import Fastify from "fastify"; const app = Fastify(); app.get("/bare", async () => ({ ok: true })); await app.listen({ port: ${port}, host: "127.0.0.1" });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
    stdio: "ignore",
    cwd: "apps/api",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${base}/bare`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, stop: () => child.kill("SIGTERM") };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("bare Fastify did not start");
}

async function main(): Promise<void> {
  const stack = await startBenchDatabase();
  const { pool } = stack;
  const org = await pool.query<{ id: string }>(
    "INSERT INTO organizations (name) VALUES ('bench') RETURNING id",
  );
  const organizationId = org.rows[0]!.id;
  await pool.query(
    "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, 'b@b.test', 'b', 'viewer', $2)",
    [organizationId, await hashPassword("bench-password")],
  );
  const farm = await pool.query<{ id: string }>(
    "INSERT INTO farms (organization_id, name) VALUES ($1, 'f') RETURNING id",
    [organizationId],
  );
  const field = await pool.query<{ id: string }>(
    `INSERT INTO fields (organization_id, farm_id, name, boundary, area_ha, latitude_deg, longitude_deg)
     VALUES ($1, $2, 'f', '{}', 1, 42, -93) RETURNING id`,
    [organizationId, farm.rows[0]!.id],
  );
  const fieldId = field.rows[0]!.id;
  // A field with a station and two probes and a season of hourly history (7 sensors × 200 days × 24 h).
  const kinds = [
    "air_temperature",
    "relative_humidity",
    "wind_speed",
    "solar_radiation",
    "rain",
    "soil_moisture",
    "soil_moisture",
  ];
  const { ensureReadingPartitions } = await import("@unicorn/db");
  const start = Date.UTC(2026, 3, 15);
  const hours = 200 * 24;
  await ensureReadingPartitions(
    pool,
    Array.from({ length: 8 }, (_, m) => new Date(Date.UTC(2026, 3 + m, 1))),
    new Set(),
  );
  for (const [i, kind] of kinds.entries()) {
    const sensor = await pool.query<{ id: string }>(
      "INSERT INTO sensors (organization_id, field_id, name, kind, unit) VALUES ($1, $2, $3, $4, 'x') RETURNING id",
      [organizationId, fieldId, `s${i}`, kind],
    );
    await pool.query(
      `INSERT INTO readings (sensor_id, time, value)
       SELECT $1, to_timestamp($2 / 1000.0) + make_interval(hours => h), random() * 30 FROM generate_series(0, $3 - 1) AS h`,
      [sensor.rows[0]!.id, start, hours],
    );
  }

  const api = await startApiProcess(stack.databaseUrl);
  const bare = await startBareFastify();
  try {
    const login = await fetch(`${api.base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "b@b.test", password: "bench-password" }),
    });
    const headers = { authorization: `Bearer ${(await login.json()).accessToken}` };
    const from = new Date(start).toISOString();
    const to24h = new Date(start + 86_400_000).toISOString();
    const to7d = new Date(start + 7 * 86_400_000).toISOString();
    const results = [
      await run("bare Fastify route (baseline)", `${bare.base}/bare`, {}),
      await run(
        "GET /readings/latest?fieldId",
        `${api.base}/api/v1/readings/latest?fieldId=${fieldId}`,
        headers,
      ),
      await run(
        "GET /readings?bucket=hour (24 h, 7 sensors)",
        `${api.base}/api/v1/readings?fieldId=${fieldId}&bucket=hour&from=${from}&to=${to24h}`,
        headers,
      ),
      await run(
        "GET /readings?bucket=hour (7 d, 7 sensors)",
        `${api.base}/api/v1/readings?fieldId=${fieldId}&bucket=hour&from=${from}&to=${to7d}`,
        headers,
      ),
    ];
    const baseline = results[0]!.rps;
    console.log(`bench/api: ${CONNECTIONS} concurrent clients, ${SECONDS} s per endpoint`);
    for (const r of results) {
      console.log(
        `  ${r.title.padEnd(44)} ${Math.round(r.rps).toLocaleString("en-US").padStart(7)} req/s   p99 ${String(r.p99).padStart(4)} ms   ratio ${(r.rps / baseline).toFixed(3)}`,
      );
    }
  } finally {
    api.stop();
    bare.stop();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
