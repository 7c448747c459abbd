import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createPool, migrate, type Pool } from "@unicorn/db";
import { freePort } from "../../../test/support/ports";
import type { ReadingsRewind } from "../src/readings-pusher";
import { newCycleState, runSyncCycle } from "../src/sync-cycle";
import { type DatabaseServer, startDatabaseServer } from "./support/database-servers";
import {
  dropAllDatabases,
  freshDatabase,
  ingest,
  registerSite,
  type SideDatabase,
  scalar,
  seedOrganization,
} from "./support/two-sides";

const SITE = "restored-farm";
let farmServer: DatabaseServer;
let cloud: SideDatabase;
let farm: Pool;
let sensorId: string;

before(async () => {
  farmServer = await startDatabaseServer("farm", await freePort());
  await farmServer.createDatabase("farm");
  farm = createPool({ connectionString: farmServer.urlFor("farm"), max: 4 });
  await migrate(farm);
  cloud = await freshDatabase();
  const seeded = await seedOrganization(cloud.pool, "Restored Acres");
  sensorId = seeded.sensorId;
  await registerSite(cloud.pool, SITE, seeded.organizationId);
});
after(async () => {
  await farm.end();
  await farmServer.close();
  await cloud.drop();
  await dropAllDatabases();
});

/** Cycles until quiet (bounded), collecting the rewinds the sync reports. */
async function syncUntilQuiet(rewinds: ReadingsRewind[] = []): Promise<void> {
  const state = newCycleState();
  for (let i = 0; i < 20; i++) {
    const result = await runSyncCycle(
      { local: farm, cloud: cloud.pool },
      { siteId: SITE, batchRows: 10_000, policies: {}, onReadingsRewind: (r) => rewinds.push(r) },
      state,
    );
    if (!result.more) return;
  }
  throw new Error("sync did not settle in 20 cycles");
}

/** `count` readings, one ingest statement (one farm transaction) each, a minute apart from `start`. */
async function ingestEach(start: string, count: number, value: number): Promise<string[]> {
  const times = Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(start) + i * 60_000).toISOString(),
  );
  for (const time of times) await ingest(farm, sensorId, [{ time, value }]);
  return times;
}

test("a farm restored from a physical backup: the cloud gets every reading of both of its lives, once", async () => {
  await syncUntilQuiet(); // the organization's sensor reaches the farm
  const beforeBackup = await ingestEach("2026-12-01T00:00:00Z", 3, 1);
  await syncUntilQuiet();

  // A physical backup of the stopped farm cluster, then a life the restore will lose on the farm: it reaches
  // the cloud and moves the site's cursor past transaction ids the restored farm will issue again.
  await farm.end();
  const restore = await farmServer.physicalBackup();
  farm = createPool({ connectionString: farmServer.urlFor("farm"), max: 4 });
  const lostLife = await ingestEach("2026-12-02T00:00:00Z", 4, 2);
  await syncUntilQuiet();
  assert.equal(await scalar<number>(cloud.pool, "SELECT count(*)::int FROM readings"), 7);

  // The farm comes back from the backup and takes readings before sync runs again: more transactions than the
  // lost life had, so their ids fall both below and above the cloud's cursor.
  await farm.end();
  await restore();
  farm = createPool({ connectionString: farmServer.urlFor("farm"), max: 4 });
  const restoredLife = await ingestEach("2026-12-03T00:00:00Z", 8, 3);
  const rewinds: ReadingsRewind[] = [];
  await syncUntilQuiet(rewinds);

  const inCloud = await cloud.pool.query<{ time: Date; n: number }>(
    "SELECT time, count(*)::int AS n FROM readings WHERE sensor_id = $1 GROUP BY time ORDER BY time",
    [sensorId],
  );
  const expected = [...beforeBackup, ...lostLife, ...restoredLife];
  assert.deepEqual(
    inCloud.rows.map((r) => r.time.toISOString()),
    expected,
  );
  assert.deepEqual(
    inCloud.rows.filter((r) => r.n !== 1),
    [],
  );
  // Reported once: after the first batch the farm's record and the cloud's cursor agree again.
  assert.equal(rewinds.length, 1);
  assert.equal(await scalar<number>(farm, "SELECT count(*)::int FROM sync_reading_changes"), 0);

  // And sync carries on as usual.
  const later = await ingestEach("2026-12-04T00:00:00Z", 2, 4);
  await syncUntilQuiet(rewinds);
  assert.equal(
    await scalar<number>(cloud.pool, "SELECT count(*)::int FROM readings WHERE time >= $1", [later[0]]),
    2,
  );
  assert.equal(rewinds.length, 1);
});

test("a farm whose cursors are ahead of its transaction ids (a dump restored onto a new server) is refused, and keeps its queue", async () => {
  await syncUntilQuiet();
  // A dump restored onto a new server brings cursors from the old server's transaction ids; the new server's ids
  // start far below them. Stand-in: the farm's readings cursor moved a billion ids ahead of the farm's own.
  const saved = await farm.query(
    "SELECT xid::text AS xid, seq FROM sync_cursors WHERE site_id = $1 AND stream = 'readings'",
    [SITE],
  );
  await farm.query(
    "UPDATE sync_cursors SET xid = (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + 1000000000)::text::xid8 WHERE site_id = $1 AND stream = 'readings'",
    [SITE],
  );
  const [time] = await ingestEach("2026-12-05T00:00:00Z", 1, 5);
  await assert.rejects(
    runSyncCycle(
      { local: farm, cloud: cloud.pool },
      { siteId: SITE, batchRows: 10_000, policies: {} },
      newCycleState(),
    ),
    /readings cursor \(transaction \d+\) is ahead of its next transaction id .*restored onto a new database server/,
  );
  // Nothing was removed from the farm's queue and nothing reached the cloud.
  assert.equal(await scalar<number>(farm, "SELECT count(*)::int FROM sync_reading_changes"), 1);
  assert.equal(
    await scalar<number>(cloud.pool, "SELECT count(*)::int FROM readings WHERE time = $1", [time]),
    0,
  );

  // With the cursor back where it belongs (the physical copy's), the reading goes.
  await farm.query(
    "UPDATE sync_cursors SET xid = $2::xid8, seq = $3 WHERE site_id = $1 AND stream = 'readings'",
    [SITE, saved.rows[0].xid, saved.rows[0].seq],
  );
  await syncUntilQuiet();
  assert.equal(
    await scalar<number>(cloud.pool, "SELECT count(*)::int FROM readings WHERE time = $1", [time]),
    1,
  );
});
