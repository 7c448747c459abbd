/**
 * The slow fault suite (`npm run test:sync-faults`): UNICORN_SYNC_FAULT_SCHEDULES (default 100) randomized
 * schedules from a seed drawn anew on every run, two at a time on the same pair of servers, sized to take 8-12
 * minutes on a shared 2-core machine. The first schedule's seed is printed; UNICORN_TEST_SEED=<seed> replays the
 * run's plans, and UNICORN_TEST_SEED=<a schedule's seed> UNICORN_SYNC_FAULT_SCHEDULES=1 replays that one alone.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testSeed } from "@unicorn/fault-proxy";
import { SLOW_SCHEDULE_SIZES, startFaultSuite } from "../support/fault-suite";

const SCHEDULES = Number(process.env.UNICORN_SYNC_FAULT_SCHEDULES ?? 100);
const LANES = Number(process.env.UNICORN_SYNC_FAULT_LANES ?? 2);
const firstSeed = testSeed();

describe(`sync under ${SCHEDULES} random fault schedules`, { concurrency: LANES, timeout: 1_800_000 }, () => {
  let suite: Awaited<ReturnType<typeof startFaultSuite>>;
  const failed: number[] = [];
  before(async () => {
    console.log(`seed ${firstSeed} (UNICORN_TEST_SEED=${firstSeed} replays these schedules)`);
    suite = await startFaultSuite({ lanes: LANES });
  });
  after(async () => {
    if (failed.length > 0) console.log(`failed schedules (seeds): ${failed.join(", ")}`);
    await suite?.close();
  });

  for (let index = 0; index < SCHEDULES; index++) {
    const seed = (firstSeed + index) | 0;
    test(`schedule ${index + 1} (seed ${seed})`, async () => {
      const result = await suite.run(seed, SLOW_SCHEDULE_SIZES);
      console.log(result.report);
      if (result.verdict.failures.length > 0) failed.push(seed);
      assert.deepEqual(result.verdict.failures, [], result.report);
    });
  }
});
