/**
 * Read-path throughput under 50 concurrent clients (autocannon): the latest-values and the hourly-bucketed
 * query endpoints, side by side with a bare Fastify route served by the same kind of process in the same run.
 * Prints requests/s, p99 latency and the ratio to the bare route.
 *
 *   npm run bench:api     (BENCH_SECONDS per endpoint, default 8)
 */
import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { BENCH_BOUNDARY, withBenchOrganization } from "../support/bench-setup";
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
  // The same fastify the API resolves (the workspace's hoisted copy).
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
    stdio: "ignore",
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
  const viewer = { email: "b@b.test", password: "bench-password" };
  // A field with a station and two probes and a season of hourly history (7 sensors × 200 days × 24 h),
  // ending at the last full hour (ingest refuses readings from the future).
  const hours = 200 * 24;
  const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - hours * 3_600_000;
  const fieldId = await withBenchOrganization(stack.pool, stack.databaseUrl, async (admin) => {
    await admin.post("/users", { ...viewer, name: "Bench viewer", role: "viewer" });
    const farm = await admin.post<{ id: string }>("/farms", { name: "Bench farm" });
    const field = await admin.post<{ id: string }>("/fields", {
      farmId: farm.id,
      name: "Bench field",
      boundary: BENCH_BOUNDARY,
    });
    const kinds = [
      "air_temperature",
      "relative_humidity",
      "wind_speed",
      "solar_radiation",
      "rain",
      "soil_moisture",
      "soil_moisture",
    ];
    const readings: { sensorId: string; time: string; value: number }[] = [];
    for (const [i, kind] of kinds.entries()) {
      const sensor = await admin.post<{ id: string }>("/sensors", { fieldId: field.id, name: `s${i}`, kind });
      for (let h = 0; h < hours; h++)
        readings.push({
          sensorId: sensor.id,
          time: new Date(start + h * 3_600_000).toISOString(),
          value: Math.random() * 30,
        });
    }
    for (let i = 0; i < readings.length; i += 20_000)
      await admin.post("/readings", readings.slice(i, i + 20_000), 200);
    return field.id;
  });

  const api = await startApiProcess(stack.databaseUrl);
  const bare = await startBareFastify();
  try {
    const login = await fetch(`${api.base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(viewer),
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
