import assert from "node:assert/strict";
import { after, afterEach, test } from "node:test";
import type { Pool } from "@unicorn/db";
import { trimCloudChangesBatch } from "../src/change-log.repository";
import {
  backupOf,
  dropAllDatabases,
  freshDatabase,
  registerSite,
  type SideDatabase,
  scalar,
  seedOrganization,
  syncUntilQuiet,
  type TwoSides,
  twoSides,
} from "./support/two-sides";
import { referenceDivergence } from "./support/verify";

const opened: { drop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((side) => side.drop()));
});
after(() => dropAllDatabases());

/** Trimming as soon as every site has pulled past: no retention floor, every cycle. */
const TRIM_NOW = { retentionMs: 0, everyMs: 0 };
const SOUTH = "south-farm";

async function setup(): Promise<TwoSides> {
  const sides = await twoSides();
  opened.push(sides);
  await syncUntilQuiet(sides.databases, sides.siteId);
  return sides;
}

/** A second farm of the same organization, synced once. */
async function southFarm(s: TwoSides): Promise<{ local: Pool; cloud: Pool; side: SideDatabase }> {
  await registerSite(s.cloud.pool, SOUTH, s.organizationId);
  const side = await freshDatabase();
  opened.push(side);
  const databases = { local: side.pool, cloud: s.cloud.pool, side };
  await syncUntilQuiet(databases, SOUTH);
  return databases;
}

const logRows = (s: TwoSides) =>
  scalar<number>(s.cloud.pool, "SELECT count(*)::int FROM sync_changes WHERE organization_id = $1", [
    s.organizationId,
  ]);

async function renameFieldInCloud(s: TwoSides, times: number) {
  for (let i = 0; i < times; i++)
    await s.cloud.pool.query("UPDATE fields SET name = $2 WHERE id = $1", [s.fieldId, `cloud name ${i}`]);
}

test("the cloud's log is trimmed only past every site's pulled cursor and the retention floor, in bounded batches", async () => {
  const s = await setup();
  const south = await southFarm(s);
  // Both sites have pulled everything so far; ten new entries follow.
  await syncUntilQuiet(s.databases, s.siteId, { changeLog: TRIM_NOW });
  await syncUntilQuiet(south, SOUTH, { changeLog: TRIM_NOW });
  assert.equal(await logRows(s), 0);
  await renameFieldInCloud(s, 10);

  // The north farm pulls them; the south farm has not yet: nothing it still needs goes.
  const north = await syncUntilQuiet(s.databases, s.siteId, { changeLog: TRIM_NOW });
  assert.equal(
    north.reduce((sum, cycle) => sum + cycle.changeLog.trimmed, 0),
    0,
  );
  assert.equal(await logRows(s), 10);

  // The south farm pulls them too, but the entries are younger than an hour's floor.
  await syncUntilQuiet(south, SOUTH, { changeLog: { retentionMs: 3_600_000, everyMs: 0 } });
  assert.equal(await logRows(s), 10);

  // Without the floor: three rows per transaction, two transactions per cycle.
  const bounded = { ...TRIM_NOW, batchRows: 3, maxBatches: 2 };
  const trimmedPerCycle: number[] = [];
  for (let cycle = 0; cycle < 3; cycle++) {
    const [result] = await syncUntilQuiet(south, SOUTH, { changeLog: bounded });
    trimmedPerCycle.push(result!.changeLog.trimmed);
    assert.equal(result!.changeLog.rows, 10 - trimmedPerCycle.reduce((a, b) => a + b, 0));
  }
  assert.deepEqual(trimmedPerCycle, [6, 4, 0]);
  const horizon = await s.cloud.pool.query(
    "SELECT trimmed_rows::int, (xid, seq) = (SELECT xid, seq FROM sync_cursors WHERE site_id = $2 AND stream = 'pull') AS at_cursor FROM sync_change_horizons WHERE organization_id = $1",
    [s.organizationId, s.siteId],
  );
  // The first trim took the four seeded rows' entries (organization, farm, field, sensor), this one the ten.
  assert.deepEqual(horizon.rows, [{ trimmed_rows: 4 + 10, at_cursor: true }]);
  // Nobody was behind: no site re-baselined, and both farms have the last name.
  for (const pool of [s.local.pool, south.local])
    assert.equal(await scalar(pool, "SELECT name FROM fields WHERE id = $1", [s.fieldId]), "cloud name 9");
});

test("a trim neither waits for nor blocks capture: a writing transaction stays open meanwhile", async () => {
  const s = await setup();
  await syncUntilQuiet(s.databases, s.siteId, { changeLog: TRIM_NOW });
  await renameFieldInCloud(s, 4);
  await syncUntilQuiet(s.databases, s.siteId, { changeLog: { retentionMs: 3_600_000, everyMs: 0 } });
  const writer = await s.cloud.pool.connect();
  try {
    await writer.query("BEGIN");
    await writer.query("UPDATE sensors SET name = 'written during the trim' WHERE id = $1", [s.sensorId]);
    // Another trimmer holds two of the entries (as a second site trimming at the same moment would).
    const rival = await s.cloud.pool.connect();
    try {
      await rival.query("BEGIN");
      await rival.query(
        "SELECT seq FROM sync_changes WHERE organization_id = $1 ORDER BY xid, seq LIMIT 2 FOR UPDATE",
        [s.organizationId],
      );
      const trimmed = await trimCloudChangesBatch(s.cloud.pool, s.organizationId, {
        retentionMs: 0,
        batchRows: 100,
      });
      assert.equal(trimmed, 2);
      await rival.query("ROLLBACK");
    } finally {
      rival.release();
    }
    await writer.query("COMMIT");
  } finally {
    writer.release();
  }
  await syncUntilQuiet(s.databases, s.siteId, { changeLog: TRIM_NOW });
  assert.equal(await logRows(s), 0);
  assert.equal(
    await scalar(s.local.pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]),
    "written during the trim",
  );
});

test("a farm restored from a backup older than the trimmed log re-baselines: it gets every change, its own edit decided by the rule", async () => {
  const s = await setup();
  const south = await southFarm(s);
  const doomed = await s.cloud.pool.query<{ id: string }>(
    `INSERT INTO field_events (organization_id, field_id, kind, date, notes)
     VALUES ($1, $2, 'irrigation', '2026-07-01', 'deleted after the backup') RETURNING id`,
    [s.organizationId, s.fieldId],
  );
  await syncUntilQuiet(s.databases, s.siteId, { changeLog: TRIM_NOW });
  await syncUntilQuiet(south, SOUTH, { changeLog: TRIM_NOW });
  const backup = await backupOf(s.local);
  opened.push(backup);

  // After the backup: the cloud renames the field, adds a sensor and hard-deletes the event; the south farm
  // renames the sensor; both farms pull it all and the log is trimmed.
  await s.cloud.pool.query("UPDATE fields SET name = 'renamed after the backup' WHERE id = $1", [s.fieldId]);
  const added = await s.cloud.pool.query<{ id: string }>(
    `INSERT INTO sensors (organization_id, field_id, name, kind, unit)
     VALUES ($1, $2, 'added after the backup', 'air_temperature', '°C') RETURNING id`,
    [s.organizationId, s.fieldId],
  );
  await s.cloud.pool.query("DELETE FROM field_events WHERE id = $1", [doomed.rows[0]!.id]);
  await south.local.query("UPDATE sensors SET name = 'renamed at the south farm' WHERE id = $1", [
    s.sensorId,
  ]);
  await syncUntilQuiet(south, SOUTH, { changeLog: TRIM_NOW });
  await syncUntilQuiet(s.databases, s.siteId, { changeLog: TRIM_NOW });
  await syncUntilQuiet(south, SOUTH, { changeLog: TRIM_NOW });
  // All but the south farm's own push, the last entry: a site's cursor moves past the entries it reads.
  assert.equal(await logRows(s), 1);

  // The north farm's box is restored from the backup, and someone edits the field there before it syncs.
  await backup.pool.query("UPDATE fields SET name = 'edited on the restored farm' WHERE id = $1", [
    s.fieldId,
  ]);
  const restored = { local: backup.pool, cloud: s.cloud.pool };
  const cycles = await syncUntilQuiet(restored, s.siteId, { changeLog: TRIM_NOW });
  assert.equal(cycles[0]!.rebaselined, true);
  assert.equal(
    cycles.filter((cycle) => cycle.rebaselined).length,
    1,
    "the re-baseline moves the cursor past the horizon",
  );

  assert.deepEqual(await referenceDivergence(backup.pool, s.cloud.pool, s.organizationId), []);
  assert.equal(
    await scalar(backup.pool, "SELECT name FROM fields WHERE id = $1", [s.fieldId]),
    "renamed after the backup",
  );
  assert.equal(
    await scalar(backup.pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]),
    "renamed at the south farm",
  );
  assert.equal(
    await scalar<number>(backup.pool, "SELECT count(*)::int FROM sensors WHERE id = $1", [added.rows[0]!.id]),
    1,
  );
  assert.equal(
    await scalar<number>(backup.pool, "SELECT count(*)::int FROM field_events WHERE id = $1", [
      doomed.rows[0]!.id,
    ]),
    0,
  );
  // The restored farm's edit met a newer cloud version: a conflict, cloud-wins, the farm's version kept.
  const conflicts = await backup.pool.query(
    "SELECT table_name, winner, local_version ->> 'name' AS local_name FROM sync_conflicts WHERE row_id = $1",
    [s.fieldId],
  );
  assert.deepEqual(conflicts.rows, [
    { table_name: "fields", winner: "cloud", local_name: "edited on the restored farm" },
  ]);
  // And from here on it syncs as usual.
  await s.cloud.pool.query("UPDATE fields SET name = 'after the re-baseline' WHERE id = $1", [s.fieldId]);
  const [next] = await syncUntilQuiet(restored, s.siteId, { changeLog: TRIM_NOW });
  assert.equal(next!.rebaselined, false);
  assert.equal(
    await scalar(backup.pool, "SELECT name FROM fields WHERE id = $1", [s.fieldId]),
    "after the re-baseline",
  );
});

test("a site registered after the log was trimmed starts with a re-baseline of its organization's rows only", async () => {
  const s = await setup();
  const other = await seedOrganization(s.cloud.pool, "Other Org");
  await registerSite(s.cloud.pool, "other-org-farm", other.organizationId);
  await renameFieldInCloud(s, 3);
  await syncUntilQuiet(s.databases, s.siteId, { changeLog: TRIM_NOW });
  assert.equal(await logRows(s), 0);

  await registerSite(s.cloud.pool, SOUTH, s.organizationId);
  const south = await freshDatabase();
  opened.push(south);
  const cycles = await syncUntilQuiet({ local: south.pool, cloud: s.cloud.pool }, SOUTH, {
    changeLog: TRIM_NOW,
  });
  assert.equal(cycles[0]!.rebaselined, true);
  assert.deepEqual(await referenceDivergence(south.pool, s.cloud.pool, s.organizationId), []);
  assert.equal(
    await scalar(south.pool, "SELECT name FROM fields WHERE id = $1", [s.fieldId]),
    "cloud name 2",
  );
  assert.equal(
    await scalar<number>(south.pool, "SELECT count(*)::int FROM organizations WHERE id <> $1", [
      s.organizationId,
    ]),
    0,
  );
  assert.equal(
    await scalar<number>(south.pool, "SELECT count(*)::int FROM sensors WHERE organization_id <> $1", [
      s.organizationId,
    ]),
    0,
  );
  assert.equal(await scalar<number>(south.pool, "SELECT count(*)::int FROM sync_conflicts"), 0);
});
