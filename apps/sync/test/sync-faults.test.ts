/**
 * Randomized fault schedules against the real sync service: two real PostgreSQL servers (farm and cloud), the
 * service as its own process reaching the cloud through the fault proxy, random concurrent writes on both
 * sides, SIGKILLs, database restarts and ±1 h of clock skew; after healing, every check of verifyConverged.
 * A few schedules here; `npm run test:sync-faults` runs a hundred and more. The seed is printed;
 * UNICORN_TEST_SEED=<seed> replays a schedule's plan (the interleaving itself is up to the machine).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testSeed } from "@unicorn/fault-proxy";
import { startFaultSuite } from "./support/fault-suite";

const SCHEDULES = Number(process.env.UNICORN_SYNC_FAULT_SCHEDULES ?? 4);
const firstSeed = testSeed();

describe("sync under random faults", { timeout: 240_000 }, () => {
  let suite: Awaited<ReturnType<typeof startFaultSuite>>;
  before(async () => {
    console.log(`seed ${firstSeed} (UNICORN_TEST_SEED=${firstSeed} replays these schedules)`);
    suite = await startFaultSuite({ basePort: 19_210 });
  });
  after(() => suite?.close());

  for (let index = 0; index < SCHEDULES; index++) {
    const seed = (firstSeed + index) | 0;
    test(`schedule ${index + 1} (seed ${seed})`, async () => {
      const result = await suite.run(seed, {
        writeMs: [2_000, 5_000],
        maxKills: 2,
        restartChance: 0.4,
        convergeTimeoutMs: 45_000,
      });
      console.log(result.report);
      assert.deepEqual(result.verdict.failures, [], result.report);
    });
  }
});
