import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { createTestDatabase } from "@unicorn/db";

const ROOT = join(import.meta.dirname, "..", "..", "..");

/** The read benches in their small size (BENCH_SMALL): they run end to end and print their table. Not timed. */
for (const [bench, expected] of [
  ["bench/api/api.bench.ts", /season hourly → 800 pts, field/],
  ["bench/scale/scale.bench.ts", /ingest readings\/s \(POST\)/],
] as const) {
  test(`${bench} runs in its small size`, { timeout: 300_000 }, async () => {
    const db = await createTestDatabase();
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", bench], {
        cwd: ROOT,
        env: { ...process.env, BENCH_SMALL: "1", BENCH_FIELDS: "1", BENCH_DATABASE_URL: db.url },
        encoding: "utf8",
        timeout: 280_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, expected);
      assert.match(run.stdout, /rows stored/);
    } finally {
      await db.drop();
    }
  });
}
