/** `npm run bench`: every benchmark in turn; each prints its own ratio against its in-run baseline. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const benches = [
  "bench/ingest/ingest.bench.ts",
  "bench/api/api.bench.ts",
  "bench/scale/scale.bench.ts",
  "bench/ml/ml.bench.ts",
  "bench/mqtt/mqtt.bench.ts",
].filter((file) => existsSync(file));
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", file], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
