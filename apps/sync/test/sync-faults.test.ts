/**
 * Randomized fault schedules against the real sync service: two real PostgreSQL servers (farm and cloud), the
 * service as its own process reaching the cloud through the fault proxy, random concurrent writes on both
 * sides, SIGKILLs, database restarts and ±1 h of clock skew; after healing, every check of verifyConverged.
 * A few schedules here; `npm run test:sync-faults` runs a hundred and more. The seed is printed;
 * UNICORN_TEST_SEED=<seed> replays a schedule's plan (the interleaving itself is up to the machine).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ReadingsRepository } from "@unicorn/api/readings";
import { sanePartitionRange } from "@unicorn/db";
import { describeFaultLog, startFaultProxy, testSeed } from "@unicorn/fault-proxy";
import { startFaultSuite } from "./support/fault-suite";
import { createSitePair, SITE_ID, waitUntil } from "./support/site-pair";
import { SyncProcess } from "./support/sync-process";

const SCHEDULES = Number(process.env.UNICORN_SYNC_FAULT_SCHEDULES ?? 4);
const firstSeed = testSeed();

describe("sync under random faults", { timeout: 240_000 }, () => {
  let suite: Awaited<ReturnType<typeof startFaultSuite>>;
  before(async () => {
    console.log(`seed ${firstSeed} (UNICORN_TEST_SEED=${firstSeed} replays these schedules)`);
    suite = await startFaultSuite({ basePort: 19_210 });
  });
  after(() => suite?.close());

  test("a link that black-holes in the middle of a batch: the service gives the connection up and catches up once healed", async () => {
    const pair = await createSitePair(suite.servers, "black_hole");
    const proxy = await startFaultProxy({ target: { port: suite.servers.cloud.port } });
    const sync = new SyncProcess({
      localDbUrl: pair.localUrl,
      cloudDbUrl: proxy.urlThrough(pair.cloudUrl),
      siteId: SITE_ID,
      port: suite.syncPort,
      entry: suite.syncEntry,
      batchRows: 50_000,
    });
    try {
      // 20,000 readings (about 1 MB of binary COPY) over a 64 KiB/s link: the batch is in flight for seconds.
      const readings = new ReadingsRepository(pair.local);
      const start = Date.now() - 30 * 86_400_000;
      const rows = Array.from({ length: 20_000 }, (_, i) => ({
        sensorId: suite.fixture.sensorIds[i % suite.fixture.sensorIds.length]!,
        time: new Date(start + i * 60_000),
        value: i,
      }));
      for (let i = 0; i < rows.length; i += 5_000)
        await readings.insertBatch(rows.slice(i, i + 5_000), undefined, sanePartitionRange());
      proxy.setMode({ kind: "throttle", bytesPerSecond: 64 * 1024 });
      sync.start();
      await waitUntil(
        async () => proxy.stats().bytesToTarget > 100_000,
        30_000,
        () => "the batch never started",
      );
      proxy.setMode({ kind: "black-hole" });
      await new Promise((done) => setTimeout(done, 1_500));
      proxy.setMode({ kind: "pass" });
      await waitUntil(
        async () =>
          (await pair.cloud.query("SELECT count(*)::int AS n FROM readings")).rows[0].n === rows.length,
        30_000,
        () =>
          `the readings did not arrive after the link healed:\n${describeFaultLog(proxy)}\n${sync.recentOutput()}`,
      );
    } finally {
      await sync.stop();
      await proxy.close();
      await pair.drop();
    }
  });

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
