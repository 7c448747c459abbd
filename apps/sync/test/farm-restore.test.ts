import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createPool, migrate, type Pool } from "@unicorn/db";
import { freePort } from "../../../test/support/ports";
import type { FarmRekey } from "../src/farm-restore";
import type { ReadingsRewind } from "../src/readings-pusher";
import { newCycleState, runSyncCycle } from "../src/sync-cycle";
import { type DatabaseServer, startDatabaseServer } from "./support/database-servers";
import { restoreLogically } from "./support/logical-restore";
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
let fieldId: string;

before(async () => {
  farmServer = await startDatabaseServer("farm", await freePort());
  await farmServer.createDatabase("farm");
  farm = createPool({ connectionString: farmServer.urlFor("farm"), max: 4 });
  await migrate(farm);
  cloud = await freshDatabase();
  const seeded = await seedOrganization(cloud.pool, "Restored Acres");
  sensorId = seeded.sensorId;
  fieldId = seeded.fieldId;
  await registerSite(cloud.pool, SITE, seeded.organizationId);
});
after(async () => {
  await farm.end();
  await farmServer.close();
  await cloud.drop();
  await dropAllDatabases();
});

/** Cycles until quiet (bounded), collecting the rewinds and re-keys the sync reports. */
async function syncUntilQuiet(rewinds: ReadingsRewind[] = [], rekeys: FarmRekey[] = []): Promise<void> {
  const state = newCycleState();
  for (let i = 0; i < 20; i++) {
    const result = await runSyncCycle(
      { local: farm, cloud: cloud.pool },
      {
        siteId: SITE,
        batchRows: 10_000,
        policies: {},
        onReadingsRewind: (r) => rewinds.push(r),
        onFarmRekey: (r) => rekeys.push(r),
      },
      state,
    );
    if (!result.more) return;
  }
  throw new Error("sync did not settle in 20 cycles");
}

const fieldName = (pool: Pool) => scalar<string>(pool, "SELECT name FROM fields WHERE id = $1", [fieldId]);
const renameField = (pool: Pool, name: string) =>
  pool.query("UPDATE fields SET name = $2 WHERE id = $1", [fieldId, name]);

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
  await renameField(farm, "renamed in the lost life");
  await syncUntilQuiet();
  assert.equal(await fieldName(cloud.pool), "renamed in the lost life");
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
  // Reported once: the cloud's cursor follows the farm's record at once.
  assert.equal(rewinds.length, 1);
  // The edit the restored farm lost comes back from the cloud (a pull alone never sends a site what it sent):
  // its version there descends from the farm's, so no conflict; and the cloud keeps it.
  assert.equal(await fieldName(farm), "renamed in the lost life");
  assert.equal(await fieldName(cloud.pool), "renamed in the lost life");
  assert.equal(await scalar<number>(farm, "SELECT count(*)::int FROM sync_conflicts"), 0);
  assert.equal(await scalar<number>(farm, "SELECT count(*)::int FROM sync_rebaseline_requests"), 0);
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

test("a farm restored from a dump onto a new database server: its log is re-keyed, and every reading and edit of its new life reaches the cloud", async () => {
  const oldServer = farmServer;
  await syncUntilQuiet();
  // A busy old server: its transaction ids run well ahead of where a new server starts.
  for (let i = 0; i < 2_000; i++) await farm.query("SELECT pg_current_xact_id()");
  const beforeDump = await ingestEach("2026-12-05T00:00:00Z", 2, 5);
  await syncUntilQuiet();
  // The dump holds an edit and readings not sent yet.
  await renameField(farm, "renamed before the dump");
  const unsentAtDump = await ingestEach("2026-12-06T00:00:00Z", 3, 6);
  const newServer = await startDatabaseServer("farm-new-host", await freePort());
  await newServer.createDatabase("farm");
  const restored = createPool({ connectionString: newServer.urlFor("farm"), max: 4 });
  await migrate(restored);
  await restoreLogically(farm, restored);

  // The old host syncs once more, then its disk fails: what it sent is in the cloud only.
  await syncUntilQuiet();
  await renameField(farm, "renamed in the lost life on the old host");
  const lostLife = await ingestEach("2026-12-07T00:00:00Z", 2, 7);
  await syncUntilQuiet();
  await farm.end();
  await oldServer.close();
  farmServer = newServer;
  farm = restored;

  // The new host works before sync runs again: readings and an edit, under transaction ids the log has passed.
  const next = await scalar<string>(farm, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text");
  const pushed = await scalar<string>(
    farm,
    "SELECT xid::text FROM sync_cursors WHERE site_id = $1 AND stream = 'readings'",
    [SITE],
  );
  assert.ok(
    BigInt(next) < BigInt(pushed),
    `the new server's ids (${next}) start below the log's (${pushed})`,
  );
  const newLife = await ingestEach("2026-12-08T00:00:00Z", 4, 8);
  await farm.query("UPDATE sensors SET name = 'probe on the new host' WHERE id = $1", [sensorId]);
  const rewinds: ReadingsRewind[] = [];
  const rekeys: FarmRekey[] = [];
  await syncUntilQuiet(rewinds, rekeys);

  assert.equal(rekeys.length, 1);
  assert.notEqual(rekeys[0]!.previousServer, rekeys[0]!.server);
  const inCloud = await cloud.pool.query<{ time: Date; n: number }>(
    "SELECT time, count(*)::int AS n FROM readings WHERE sensor_id = $1 AND time >= $2 GROUP BY time ORDER BY time",
    [sensorId, beforeDump[0]],
  );
  assert.deepEqual(
    inCloud.rows.map((r) => r.time.toISOString()),
    [...beforeDump, ...unsentAtDump, ...lostLife, ...newLife],
  );
  assert.deepEqual(
    inCloud.rows.filter((r) => r.n !== 1),
    [],
  );
  assert.equal(await scalar<number>(farm, "SELECT count(*)::int FROM sync_reading_changes"), 0);
  // The new host's edit went; the field came back as the old host last sent it. The dump's older edit of it met
  // that version as a conflict (cloud-wins), and is kept as the losing version.
  assert.equal(
    await scalar<string>(cloud.pool, "SELECT name FROM sensors WHERE id = $1", [sensorId]),
    "probe on the new host",
  );
  assert.equal(await fieldName(farm), "renamed in the lost life on the old host");
  assert.equal(await fieldName(cloud.pool), "renamed in the lost life on the old host");
  const conflicts = await farm.query<{ name: string; winner: string }>(
    "SELECT local_version->>'name' AS name, winner FROM sync_conflicts WHERE row_id = $1",
    [fieldId],
  );
  assert.deepEqual(conflicts.rows, [{ name: "renamed before the dump", winner: "cloud" }]);

  // Sync carries on as usual on the new server, with no second re-key.
  const later = await ingestEach("2026-12-09T00:00:00Z", 2, 9);
  await syncUntilQuiet(rewinds, rekeys);
  assert.equal(
    await scalar<number>(cloud.pool, "SELECT count(*)::int FROM readings WHERE time >= $1", [later[0]]),
    2,
  );
  assert.equal(rekeys.length, 1);
  assert.equal(rewinds.length, 1);
});

/** A farm on a server of its own, migrated, that `farm` then is; the old one is closed. */
async function moveFarmTo(name: string, restoreFrom?: Pool): Promise<void> {
  const oldServer = farmServer;
  const server = await startDatabaseServer(name, await freePort());
  await server.createDatabase("farm");
  const pool = createPool({ connectionString: server.urlFor("farm"), max: 4 });
  await migrate(pool);
  if (restoreFrom) await restoreLogically(restoreFrom, pool);
  await farm.end();
  await oldServer.close();
  farmServer = server;
  farm = pool;
}

/** Burns transaction ids until the farm server's next one is past `xid` (bounded). */
async function passTransactionId(xid: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const next = await scalar<string>(farm, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text");
    if (BigInt(next) > BigInt(xid)) return;
    for (let j = 0; j < 500; j++) await farm.query("SELECT pg_current_xact_id()");
  }
  throw new Error(`could not pass transaction id ${xid}`);
}

test("a dump of a release that recorded no server, restored onto a new server that has passed its cursors: re-keyed all the same", async () => {
  await syncUntilQuiet();
  const unsentAtDump = await ingestEach("2026-12-10T00:00:00Z", 2, 10);
  await moveFarmTo("farm-third-host", farm);
  // The dump came from a release before migration 0026: no server recorded with its log.
  await farm.query("DELETE FROM sync_farm_server");
  const pushed = await scalar<string>(
    farm,
    "SELECT xid::text FROM sync_cursors WHERE site_id = $1 AND stream = 'readings'",
    [SITE],
  );
  await passTransactionId(pushed);
  const newLife = await ingestEach("2026-12-11T00:00:00Z", 3, 11);
  const rekeys: FarmRekey[] = [];
  await syncUntilQuiet([], rekeys);

  assert.equal(rekeys.length, 1);
  assert.equal(rekeys[0]!.previousServer, undefined);
  const inCloud = await cloud.pool.query<{ time: Date }>(
    "SELECT time FROM readings WHERE sensor_id = $1 AND time >= $2 ORDER BY time",
    [sensorId, unsentAtDump[0]],
  );
  assert.deepEqual(
    inCloud.rows.map((r) => r.time.toISOString()),
    [...unsentAtDump, ...newLife],
  );
  assert.equal(await scalar<number>(farm, "SELECT count(*)::int FROM sync_reading_changes"), 0);
});

test("a new, empty farm database for a site that synced before: its readings reach the cloud, though its ids start below the cloud's cursor", async () => {
  await syncUntilQuiet();
  await moveFarmTo("farm-fresh-host");
  const cloudCursor = await scalar<string>(
    cloud.pool,
    "SELECT xid::text FROM sync_cursors WHERE site_id = $1 AND stream = 'readings'",
    [SITE],
  );
  const next = await scalar<string>(farm, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text");
  assert.ok(BigInt(next) < BigInt(cloudCursor), `the new server's ids (${next}) start below ${cloudCursor}`);
  // The first pull brings the organization and its sensor; the farm then takes readings before it pushes any.
  await syncUntilQuiet();
  const first = await ingestEach("2026-12-12T00:00:00Z", 3, 12);
  const rekeys: FarmRekey[] = [];
  await syncUntilQuiet([], rekeys);
  assert.equal(rekeys.length, 0, "a fresh database records its server when migrated");
  assert.equal(
    await scalar<number>(cloud.pool, "SELECT count(*)::int FROM readings WHERE time >= $1", [first[0]]),
    3,
  );
});
