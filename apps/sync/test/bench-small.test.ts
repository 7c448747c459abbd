import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(import.meta.dirname, "..", "..", "..");

/** bench/sync in its small size (BENCH_SMALL): it runs end to end and prints its figures. Not timed. */
test("bench/sync/sync.bench.ts runs in its small size", { timeout: 300_000 }, () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bench/sync/sync.bench.ts"], {
    cwd: ROOT,
    env: { ...process.env, BENCH_SMALL: "1" },
    encoding: "utf8",
    timeout: 280_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /raw COPY farm → cloud \(baseline\)/);
  assert.match(run.stdout, /sync readings catch-up rows\/s .* × COPY/);
  assert.match(run.stdout, /bytes through the link \/ changed rows/);
});
