/**
 * Yield-model inference: rows/s through the ml service's HTTP endpoint against raw `session.run` on the same
 * model in the same process, on 10,000-row batches; then single-row prediction latency (p99) under 20
 * concurrent clients (autocannon). Prints both and the ratio (target: HTTP keeps >= 80 % of raw throughput).
 *
 *   npm run bench:ml     (BENCH_ROUNDS batches per side, default 20; BENCH_SECONDS for latency, default 8)
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareVersions, type Manifest, SHIPPED_REGISTRY, startMlServer } from "@unicorn/ml";
import { createLogger } from "@unicorn/observability";
import autocannon from "autocannon";
import * as ort from "onnxruntime-node";
import { freePort } from "../support/bench-stack";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROWS = 10_000;
const TOKEN = "bench-token-0123456789abcdef";

// The version the server serves: the newest in the registry.
const newest = readdirSync(join(SHIPPED_REGISTRY, "corn-yield")).sort(compareVersions).at(-1)!;
const dir = join(SHIPPED_REGISTRY, "corn-yield", newest);
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
const row = (i: number) =>
  Object.fromEntries(
    manifest.features.map((f, j) => [f.name, f.min + ((f.max - f.min) * ((i * 7 + j * 13) % 100)) / 100]),
  );
const rows = Array.from({ length: ROWS }, (_, i) => row(i));
const matrix = Float32Array.from(rows.flatMap((r) => manifest.features.map((f) => r[f.name]!)));

const port = await freePort();
const server = await startMlServer(
  {
    host: "127.0.0.1",
    port,
    registryDir: SHIPPED_REGISTRY,
    token: TOKEN,
    pollMs: 600_000,
    logLevel: "silent",
  },
  createLogger({ service: "ml", level: "silent" }),
);
const session = await ort.InferenceSession.create(readFileSync(join(dir, "model.onnx")));
const url = `http://127.0.0.1:${port}/v1/models/corn-yield/predict`;
const headers = { "content-type": "application/json", authorization: `Bearer ${TOKEN}` };
// Positional rows, the service's compact batch form (objects by name are also accepted).
const body = JSON.stringify({ rows: rows.map((r) => manifest.features.map((f) => r[f.name]!)) });

async function raw() {
  await session.run({ features: new ort.Tensor("float32", matrix, [ROWS, manifest.features.length]) });
}
async function http() {
  const response = await fetch(url, { method: "POST", headers, body });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await response.arrayBuffer();
}
// The binary tensor route: float32 rows in, float32 predictions out.
const tensorBody = Buffer.from(matrix.buffer);
async function httpTensor() {
  const response = await fetch(`${url}/tensor`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/octet-stream" },
    body: tensorBody,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const predictions = new Float32Array(await response.arrayBuffer());
  if (predictions.length !== ROWS * manifest.outputs.length) throw new Error("short answer");
}

// Warm both paths, then alternate them so machine noise hits both sides alike.
await raw();
await http();
await httpTensor();
let rawMs = 0;
let httpMs = 0;
let tensorMs = 0;
for (let i = 0; i < ROUNDS; i++) {
  let t = performance.now();
  await raw();
  rawMs += performance.now() - t;
  t = performance.now();
  await http();
  httpMs += performance.now() - t;
  t = performance.now();
  await httpTensor();
  tensorMs += performance.now() - t;
}
const rate = (ms: number) => (ROUNDS * ROWS) / (ms / 1000);
const rawRate = rate(rawMs);
console.log(`batch of ${ROWS} rows × ${ROUNDS}, alternating:`);
console.log(`  raw session.run           ${Math.round(rawRate).toLocaleString("en")} rows/s`);
console.log(
  `  HTTP /predict/tensor      ${Math.round(rate(tensorMs)).toLocaleString("en")} rows/s   ratio ${(rate(tensorMs) / rawRate).toFixed(2)}   (target >= 0.80)`,
);
console.log(
  `  HTTP /predict (JSON rows) ${Math.round(rate(httpMs)).toLocaleString("en")} rows/s   ratio ${(rate(httpMs) / rawRate).toFixed(2)}`,
);

const single = await autocannon({
  url,
  method: "POST",
  headers,
  body: JSON.stringify({ features: row(1) }),
  connections: 20,
  duration: SECONDS,
});
if (single.non2xx > 0 || single.errors > 0)
  throw new Error(`${single.non2xx} non-2xx, ${single.errors} errors`);
console.log(`single-row predictions, 20 concurrent clients, ${SECONDS} s:`);
console.log(
  `  ${Math.round(single.requests.average)} req/s, p50 ${single.latency.p50} ms, p99 ${single.latency.p99} ms`,
);
await server.stop();
process.exit(0);
