/**
 * Randomized fault schedules against the real sync service: two real PostgreSQL servers (farm and cloud), the
 * service as its own process reaching the cloud through the fault proxy, random concurrent writes on both
 * sides, SIGKILLs, database restarts and ±1 h of clock skew; after healing, every check of verifyConverged.
 * Here: fixed plans that replay every run (a red one is a regression, not a new draw), the slow suite's seeds
 * that once failed, and UNICORN_SYNC_FAULT_FRESH (default 1) schedules from a seed drawn anew on every run, so
 * each run also tries something never tried before. `npm run test:sync-faults` runs many more. The fresh seed is
 * printed; UNICORN_TEST_SEED=<seed> replays those schedules (the interleaving itself is up to the machine).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ReadingsRepository } from "@unicorn/api/readings";
import { migrate, sanePartitionRange } from "@unicorn/db";
import { describeFaultLog, seededRandom, startFaultProxy, testSeed } from "@unicorn/fault-proxy";
import { makeCertificates } from "../../../test/support/test-certificates";
import type { ScheduleSizes } from "./support/fault-schedule";
import {
  QUICK_MULTI_SITE_SIZES,
  QUICK_SCHEDULE_SIZES,
  SINGLE_SITE_SLOW_SIZES,
  startFaultSuite,
} from "./support/fault-suite";
import { createSitePair, SITE_ID, type SitePair, waitUntil } from "./support/site-pair";
import { SyncProcess } from "./support/sync-process";
import { divergentTables, verifyConverged } from "./support/verify";
import { RandomWriter } from "./support/workload";

/** Test-only migrations, applied to one side at a time (expand-only, as every real migration). */
const CREW_COLUMN = {
  version: 9_001,
  name: "field_event_crew",
  sql: "ALTER TABLE field_events ADD COLUMN crew text",
};
const CALIBRATION_COLUMN = {
  version: 9_002,
  name: "sensor_calibration",
  sql: "ALTER TABLE sensors ADD COLUMN calibrated_at timestamptz",
};

/** Three fixed plans, drawn once and replayed every run. */
const REPLAYED_SEED = 1_854_078_397;
const REPLAYED = 3;
/**
 * Slow-suite schedules that once failed, replayed with that suite's sizes: a cloud database crash about a second
 * in, after which the change log's sequence handed out keys it already held (ADR 0010, failure modes).
 */
const REGRESSION_SEEDS = [1_986_584_954, 1_986_584_962];
/**
 * A fixed multi-site plan: two farms of one organization and a farm of another, each with its own link faults,
 * kills and clock skew, the cloud writing both organizations' rows.
 */
const MULTI_SITE_SEED = 1_854_078_500;
const FRESH = Number(process.env.UNICORN_SYNC_FAULT_FRESH ?? 1);
const freshSeed = testSeed();

describe("sync under random faults", { timeout: 480_000 }, () => {
  let suite: Awaited<ReturnType<typeof startFaultSuite>>;
  before(async () => {
    console.log(
      `fresh seed ${freshSeed} (UNICORN_TEST_SEED=${freshSeed} npm test -- apps/sync/test/sync-faults.test.ts replays the fresh schedules)`,
    );
    suite = await startFaultSuite();
  });
  after(() => suite?.close());

  /** The service for a single scenario: the pair's farm, the cloud at `cloudDbUrl` (direct or via a proxy). */
  const scenarioSync = (
    pair: SitePair,
    cloudDbUrl: string,
    options: { batchRows?: number; cloudCaFile?: string } = {},
  ) =>
    new SyncProcess({
      localDbUrl: pair.localUrl,
      cloudDbUrl,
      siteId: SITE_ID,
      port: suite.syncPort,
      entry: suite.syncEntry,
      ...options,
    });

  // First in the file: the servers' transaction ids are still small, so the next power of ten is near.
  test("change logs keep transaction order across a power of ten of transaction ids (999 → 1000)", async () => {
    const pair = await createSitePair(suite.servers, "xid_digits");
    const sync = scenarioSync(pair, pair.syncCloudUrl, { batchRows: 7 });
    try {
      const readings = new ReadingsRepository(pair.local);
      const eventIds: string[] = [];
      // Each side's next writes straddle its server's next power of ten, one transaction each.
      for (const [db, write] of [
        [
          pair.cloud,
          async (i: number) => {
            const { rows } = await pair.cloud.query<{ id: string }>(
              `INSERT INTO field_events (organization_id, field_id, kind, date, notes)
             VALUES ($1, $2, 'irrigation', '2026-07-01', $3) RETURNING id`,
              [suite.fixture.organizationId, suite.fixture.fieldIds[0], `straddling ${i}`],
            );
            eventIds.push(rows[0]!.id);
          },
        ],
        [
          pair.local,
          async (i: number) => {
            await readings.insertBatch(
              [
                {
                  sensorId: suite.fixture.sensorIds[0]!,
                  time: new Date(Date.UTC(2026, 6, 1) + i * 60_000),
                  value: i,
                },
              ],
              undefined,
              sanePartitionRange(),
            );
          },
        ],
      ] as const) {
        const current = Number((await db.query("SELECT pg_current_xact_id()::text AS x")).rows[0].x);
        const boundary = 10 ** Math.ceil(Math.log10(current + 40));
        assert.ok(boundary - current < 50_000, `transaction ids already at ${current}`);
        const burn = boundary - 12 - current;
        // One committed transaction per loop turn, each taking an id.
        if (burn > 0)
          await db.query(
            `DO $$ BEGIN FOR i IN 1..${burn} LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$`,
          );
        for (let i = 0; i < 24; i++) await write(i);
      }
      sync.start();
      await waitUntil(
        async () =>
          (await divergentTables(pair.local, pair.cloud, suite.fixture.organizationId)).length === 0,
        30_000,
        () => `the sides did not converge: ${sync.recentOutput()}`,
      );
      const onFarm = await pair.local.query(
        "SELECT count(*)::int AS n FROM field_events WHERE id = ANY($1)",
        [eventIds],
      );
      assert.equal(onFarm.rows[0].n, 24);
      assert.equal((await pair.cloud.query("SELECT count(*)::int AS n FROM readings")).rows[0].n, 24);
    } finally {
      await sync.stop();
      await pair.drop();
    }
  });

  test("a link that black-holes in the middle of a batch: the service gives the connection up and catches up once healed", async () => {
    const pair = await createSitePair(suite.servers, "black_hole");
    const proxy = await startFaultProxy({ target: { port: suite.servers.cloud.port } });
    const sync = scenarioSync(pair, proxy.urlThrough(pair.syncCloudUrl), { batchRows: 50_000 });
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

  test("TLS through the fault proxy: a certificate from another CA is refused and nothing syncs; the right CA syncs", async () => {
    const pair = await createSitePair(suite.servers, "tls_ca");
    const otherCaDir = mkdtempSync(join(tmpdir(), "unicorn-sync-other-ca-"));
    const proxy = await startFaultProxy({
      target: { port: suite.servers.cloud.port },
      random: seededRandom(1),
    });
    const sync = scenarioSync(pair, proxy.urlThrough(pair.syncCloudUrl), {
      cloudCaFile: makeCertificates(otherCaDir).caFile,
    });
    try {
      await pair.cloud.query("UPDATE fields SET name = 'renamed in the cloud' WHERE id = $1", [
        suite.fixture.fieldIds[0],
      ]);
      sync.start();
      await waitUntil(
        async () => /certificate/i.test(String((await sync.status())?.lastError ?? "")),
        20_000,
        () => `no certificate error reported: ${sync.recentOutput()}`,
      );
      const farmName = async () =>
        (await pair.local.query("SELECT name FROM fields WHERE id = $1", [suite.fixture.fieldIds[0]])).rows[0]
          ?.name;
      assert.notEqual(await farmName(), "renamed in the cloud");
      await sync.stop();
      sync.configure({ cloudCaFile: suite.cloudCaFile });
      sync.start();
      await waitUntil(
        async () => (await farmName()) === "renamed in the cloud",
        20_000,
        () => `the right CA did not sync: ${sync.recentOutput()}`,
      );
    } finally {
      await sync.stop();
      await proxy.close();
      await pair.drop();
      rmSync(otherCaDir, { recursive: true, force: true });
    }
  });

  test("a migration applied on one side while a backlog waits: the behind side refuses clearly, nothing is lost", async () => {
    const pair = await createSitePair(suite.servers, "migration");
    const proxy = await startFaultProxy({ target: { port: suite.servers.cloud.port } });
    const sync = scenarioSync(pair, proxy.urlThrough(pair.syncCloudUrl));
    const random = seededRandom(REPLAYED_SEED);
    const sharedEventIds = [...suite.fixture.fieldEventIds];
    const farmWriter = new RandomWriter(
      "local",
      pair.local,
      suite.fixture,
      random.fork(),
      sharedEventIds,
      Date.now() - 86_400_000,
    );
    const cloudWriter = new RandomWriter(
      "cloud",
      pair.cloud,
      suite.fixture,
      random.fork(),
      sharedEventIds,
      Date.now(),
    );
    const writeFor = async (ms: number) => {
      const stop = AbortSignal.timeout(ms);
      await Promise.all([farmWriter.run(stop, 10), cloudWriter.run(stop, 10)]);
    };
    const cloudHas = async (readings: number) =>
      (await pair.cloud.query("SELECT count(*)::int AS n FROM readings")).rows[0].n === readings;
    const statusError = async () => String((await sync.status())?.lastError ?? "");
    try {
      sync.start();
      // The link is down: a backlog builds on both sides.
      proxy.setMode({ kind: "reset" });
      await writeFor(1_500);

      // The cloud is migrated first (a new nullable column on a synced table), and writes it.
      await migrate(pair.cloud, [CREW_COLUMN]);
      const crewEvent = suite.fixture.fieldEventIds[0]!;
      await pair.cloud.query(
        "UPDATE field_events SET crew = 'night shift', version = version + 1 WHERE id = $1",
        [crewEvent],
      );
      proxy.setMode({ kind: "pass" });
      // Farm → cloud goes on (the cloud reads the farm's older schema); cloud → farm waits, and says why.
      await waitUntil(
        async () =>
          (await cloudHas(farmWriter.acknowledgedReadings.length)) &&
          /the local database is at schema/.test(await statusError()),
        30_000,
        () =>
          `readings did not reach the cloud, or the farm did not refuse the newer schema: ${sync.recentOutput()}`,
      );
      await writeFor(500);

      // Now the farm is migrated too, and a column only it has appears (the farm ahead this time).
      await migrate(pair.local, [CREW_COLUMN, CALIBRATION_COLUMN]);
      // A new sensor, so the column's value meets no conflict (a conflict won by a version from an older schema
      // is a case of its own).
      const calibrated = await pair.local.query<{ id: string }>(
        `INSERT INTO sensors (organization_id, field_id, name, kind, unit, calibrated_at)
         VALUES ($1, $2, 'new probe', 'soil_moisture', '%', '2026-11-30T12:00:00Z') RETURNING id`,
        [suite.fixture.organizationId, suite.fixture.fieldIds[1]],
      );
      await writeFor(500);
      await waitUntil(
        async () => /the cloud database (is at schema|has no column)/.test(await statusError()),
        30_000,
        () => `the cloud did not refuse the farm's newer schema: ${sync.recentOutput()}`,
      );
      await migrate(pair.cloud, [CALIBRATION_COLUMN]);

      let divergent: string[] = [];
      await waitUntil(
        async () => {
          divergent = await divergentTables(pair.local, pair.cloud, suite.fixture.organizationId);
          return divergent.length === 0;
        },
        45_000,
        () =>
          `the sides did not converge after both migrations (${divergent.join(", ")}): ${sync.recentOutput().split("\n").slice(-4).join("\n")}`,
      );
      const verdict = await verifyConverged({
        local: pair.local,
        cloud: pair.cloud,
        organizationId: suite.fixture.organizationId,
        acknowledgedReadings: farmWriter.acknowledgedReadings,
        policies: {},
        reportedConflicts: undefined,
      });
      assert.deepEqual(verdict.failures, []);
      const crew = await pair.local.query("SELECT crew FROM field_events WHERE id = $1", [crewEvent]);
      assert.equal(crew.rows[0]?.crew, "night shift");
      const calibration = await pair.cloud.query("SELECT calibrated_at FROM sensors WHERE id = $1", [
        calibrated.rows[0]!.id,
      ]);
      assert.equal(calibration.rows[0]?.calibrated_at?.toISOString(), "2026-11-30T12:00:00.000Z");
    } finally {
      await sync.stop();
      await proxy.close();
      await pair.drop();
    }
  });

  const schedule = (name: string, seed: number, sizes: ScheduleSizes) =>
    test(`${name} (seed ${seed})`, async () => {
      const result = await suite.run(seed, sizes);
      console.log(result.report);
      assert.deepEqual(result.verdict.failures, [], result.report);
    });
  for (let index = 0; index < REPLAYED; index++)
    schedule(`fixed schedule ${index + 1}`, (REPLAYED_SEED + index) | 0, QUICK_SCHEDULE_SIZES);
  for (const seed of REGRESSION_SEEDS)
    schedule("slow-suite schedule, cloud crash ~1 s in", seed, SINGLE_SITE_SLOW_SIZES);
  schedule("fixed schedule, three sites of two organizations", MULTI_SITE_SEED, QUICK_MULTI_SITE_SIZES);
  for (let index = 0; index < FRESH; index++)
    schedule(`fresh schedule ${index + 1}`, (freshSeed + index) | 0, QUICK_SCHEDULE_SIZES);
});
