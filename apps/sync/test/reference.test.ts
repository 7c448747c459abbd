import assert from "node:assert/strict";
import { after, afterEach, test } from "node:test";
import { withTransaction } from "@unicorn/db";
import { pullReference } from "../src/reference-puller";
import { pushReference } from "../src/reference-pusher";
import { applyRows, markApplying } from "../src/rows.repository";
import {
  backupOf,
  dropAllDatabases,
  freshDatabase,
  registerSite,
  scalar,
  seedOrganization,
  syncUntilQuiet,
  type TwoSides,
  twoSides,
} from "./support/two-sides";

let sides: TwoSides | undefined;
afterEach(async () => {
  await sides?.drop();
  sides = undefined;
});
after(() => dropAllDatabases());

async function setup(): Promise<TwoSides> {
  sides = await twoSides();
  await syncUntilQuiet(sides.databases, sides.siteId);
  return sides;
}

const fieldName = (pool: TwoSides["databases"]["local"], id: string) =>
  scalar<string>(pool, "SELECT name FROM fields WHERE id = $1", [id]);
const conflicts = (s: TwoSides) =>
  s.local.pool.query(
    "SELECT table_name, row_id, rule, winner, local_version ->> 'name' AS local_name, cloud_version ->> 'name' AS cloud_name FROM sync_conflicts ORDER BY detected_at",
  );

/** After the farm wrote 'farm name' and the cloud 'cloud name' on the field: cloud-wins, the farm's kept. */
async function expectCloudWon(s: TwoSides) {
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await fieldName(s.local.pool, s.fieldId), "cloud name");
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "cloud name");
  assert.deepEqual((await conflicts(s)).rows, [
    {
      table_name: "fields",
      row_id: s.fieldId,
      rule: "cloud-wins",
      winner: "cloud",
      local_name: "farm name",
      cloud_name: "cloud name",
    },
  ]);
}

test("edits travel both ways, only the changed rows, and nothing echoes back", async () => {
  const s = await setup();
  await s.local.pool.query("UPDATE fields SET name = 'North 40 (farm)' WHERE id = $1", [s.fieldId]);
  await s.cloud.pool.query("UPDATE sensors SET name = 'probe (cloud)' WHERE id = $1", [s.sensorId]);
  const [first] = await syncUntilQuiet(s.databases, s.siteId);
  assert.deepEqual(
    [...(first?.pushed ?? [])].filter(([, n]) => n > 0),
    [["fields", 1]],
  );
  assert.deepEqual(
    [...(first?.pulled ?? [])].filter(([, n]) => n > 0),
    [["sensors", 1]],
  );
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "North 40 (farm)");
  assert.equal(
    await scalar(s.local.pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]),
    "probe (cloud)",
  );
  // No ping-pong: the next cycles move nothing in either direction.
  for (let i = 0; i < 3; i++) {
    const [quiet] = await syncUntilQuiet(s.databases, s.siteId);
    assert.equal(
      [...(quiet?.pushed.values() ?? [])].reduce((a, b) => a + b, 0),
      0,
    );
    assert.equal(
      [...(quiet?.pulled.values() ?? [])].reduce((a, b) => a + b, 0),
      0,
    );
  }
  assert.equal((await conflicts(s)).rows.length, 0);
  // Applied rows are not captured again on the farm.
  assert.equal(
    await scalar<number>(s.local.pool, "SELECT count(*) FROM sync_changes WHERE table_name = 'sensors'"),
    0,
  );
});

test("cloud-wins (default): the farm's concurrent edit loses and is kept as a conflict", async () => {
  const s = await setup();
  await s.local.pool.query("UPDATE fields SET name = 'farm name' WHERE id = $1", [s.fieldId]);
  await s.cloud.pool.query("UPDATE fields SET name = 'cloud name' WHERE id = $1", [s.fieldId]);
  await expectCloudWon(s);
});

test("local-wins: the farm's version reaches the cloud and the cloud's is kept", async () => {
  const s = await setup();
  await s.local.pool.query("UPDATE fields SET name = 'farm name' WHERE id = $1", [s.fieldId]);
  await s.cloud.pool.query("UPDATE fields SET name = 'cloud name' WHERE id = $1", [s.fieldId]);
  await syncUntilQuiet(s.databases, s.siteId, { policies: { fields: "local-wins" } });
  assert.equal(await fieldName(s.local.pool, s.fieldId), "farm name");
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "farm name");
  const rows = (await conflicts(s)).rows;
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0], {
    table_name: "fields",
    row_id: s.fieldId,
    rule: "local-wins",
    winner: "local",
    local_name: "farm name",
    cloud_name: "cloud name",
  });
});

test("lww-hlc: the later write by hybrid logical clock wins, on either side", async () => {
  const s = await setup();
  // Farm writes first, cloud second (same machine clock here): the cloud's clock is later.
  await s.local.pool.query("UPDATE fields SET name = 'farm first' WHERE id = $1", [s.fieldId]);
  await s.cloud.pool.query("UPDATE fields SET name = 'cloud second' WHERE id = $1", [s.fieldId]);
  // Cloud writes first, farm second on the sensor.
  await s.cloud.pool.query("UPDATE sensors SET name = 'cloud first' WHERE id = $1", [s.sensorId]);
  await s.local.pool.query("UPDATE sensors SET name = 'farm second' WHERE id = $1", [s.sensorId]);
  const policies = { fields: "lww-hlc", sensors: "lww-hlc" } as const;
  await syncUntilQuiet(s.databases, s.siteId, { policies });
  for (const pool of [s.local.pool, s.cloud.pool]) {
    assert.equal(await fieldName(pool, s.fieldId), "cloud second");
    assert.equal(await scalar(pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]), "farm second");
  }
  const rows = await s.local.pool.query("SELECT table_name, winner FROM sync_conflicts ORDER BY table_name");
  assert.deepEqual(rows.rows, [
    { table_name: "fields", winner: "cloud" },
    { table_name: "sensors", winner: "local" },
  ]);
});

test("deletes are tombstones both ways; an edit meeting a delete is a conflict", async () => {
  const s = await setup();
  const local = s.local.pool;
  // An irrigation system is removed by DELETE (the table has no deleted_at): created on the farm, then deleted.
  await local.query(
    `INSERT INTO irrigation_systems (field_id, organization_id, kind, capacity_mm_per_day, efficiency, min_depth_mm,
                                     max_depth_mm, run_days, hours_per_day, mad_fraction)
     VALUES ($1, $2, 'center_pivot', 6, 0.85, 5, 25, '{1,2,3}', 20, 0.5)`,
    [s.fieldId, s.organizationId],
  );
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await scalar<number>(s.cloud.pool, "SELECT count(*) FROM irrigation_systems"), 1);
  await local.query("DELETE FROM irrigation_systems WHERE field_id = $1", [s.fieldId]);
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await scalar<number>(s.cloud.pool, "SELECT count(*) FROM irrigation_systems"), 0);
  // Soft delete in the cloud while the farm edits the same sensor: cloud wins, the farm's edit is kept.
  await s.cloud.pool.query("UPDATE sensors SET deleted_at = now() WHERE id = $1", [s.sensorId]);
  await local.query("UPDATE sensors SET name = 'renamed on the farm' WHERE id = $1", [s.sensorId]);
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(
    await scalar(local, "SELECT deleted_at IS NOT NULL FROM sensors WHERE id = $1", [s.sensorId]),
    true,
  );
  const kept = await local.query(
    "SELECT local_version ->> 'name' AS name FROM sync_conflicts WHERE table_name = 'sensors'",
  );
  assert.deepEqual(kept.rows, [{ name: "renamed on the farm" }]);
});

test("a farm behind the cloud's schema refuses the batch, and catches up once migrated", async () => {
  const s = await setup();
  await s.cloud.pool.query("UPDATE fields SET name = 'after the cloud migrated' WHERE id = $1", [s.fieldId]);
  // The cloud runs a newer release: a migration the farm has not applied yet, with a new column.
  await s.cloud.pool.query("ALTER TABLE fields ADD COLUMN drainage text");
  await s.cloud.pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')");
  await assert.rejects(
    syncUntilQuiet(s.databases, s.siteId),
    /local database is at schema \d+ but the other side sends schema 9999/,
  );
  assert.equal(await fieldName(s.local.pool, s.fieldId), "North 40");
  // Meanwhile the farm keeps writing; once it migrates, both directions resume with nothing lost.
  await s.local.pool.query("UPDATE sensors SET name = 'farm edit during the gap' WHERE id = $1", [
    s.sensorId,
  ]);
  await s.local.pool.query("ALTER TABLE fields ADD COLUMN drainage text");
  await s.local.pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')");
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await fieldName(s.local.pool, s.fieldId), "after the cloud migrated");
  assert.equal(
    await scalar(s.cloud.pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]),
    "farm edit during the gap",
  );
});

test("a newer farm's extra column is refused by an older cloud; an older farm's rows are accepted", async () => {
  const s = await setup();
  await s.local.pool.query("ALTER TABLE sensors ADD COLUMN calibration double precision DEFAULT 1");
  await s.local.pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')");
  await s.local.pool.query("UPDATE sensors SET name = 'farm newer' WHERE id = $1", [s.sensorId]);
  // Pull still works (the newer farm reads the older cloud's rows); the push is refused.
  await s.cloud.pool.query("UPDATE fields SET name = 'cloud older' WHERE id = $1", [s.fieldId]);
  await assert.rejects(syncUntilQuiet(s.databases, s.siteId), /cloud database is at schema/);
  assert.equal(await fieldName(s.local.pool, s.fieldId), "cloud older");
  assert.equal(await scalar(s.cloud.pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]), "probe");
  assert.equal(await scalar(s.local.pool, "SELECT calibration FROM sensors WHERE id = $1", [s.sensorId]), 1);
});

test("sites only receive their own organization's rows; another site's edits reach them through the cloud", async () => {
  const s = await setup();
  const other = await seedOrganization(s.cloud.pool, "Other Org");
  await registerSite(s.cloud.pool, "other-org-farm", other.organizationId);
  await registerSite(s.cloud.pool, "south-farm", s.organizationId);
  const south = await freshDatabase();
  try {
    const southSides = { local: south.pool, cloud: s.cloud.pool };
    await syncUntilQuiet(southSides, "south-farm");
    await syncUntilQuiet(s.databases, s.siteId);
    for (const pool of [s.local.pool, south.pool]) {
      assert.equal(await scalar<number>(pool, "SELECT count(*) FROM organizations"), 1);
      assert.equal(
        await scalar<number>(pool, "SELECT count(*) FROM fields WHERE organization_id = $1", [
          other.organizationId,
        ]),
        0,
      );
    }
    await south.pool.query("UPDATE fields SET name = 'renamed at the south farm' WHERE id = $1", [s.fieldId]);
    await syncUntilQuiet(southSides, "south-farm");
    await syncUntilQuiet(s.databases, s.siteId);
    assert.equal(await fieldName(s.local.pool, s.fieldId), "renamed at the south farm");
    assert.equal((await conflicts(s)).rows.length, 0);
  } finally {
    await south.drop();
  }
});

test("clock skew of ±1 h on the farm changes no outcome", async () => {
  for (const skewMs of [3_600_000, -3_600_000]) {
    const s = await setup();
    const localDb = new URL(s.local.url).pathname.slice(1);
    // The farm database's clock (where its edits are stamped) runs an hour off.
    await s.local.pool.query(`ALTER DATABASE ${localDb} SET unicorn.clock_offset_ms = '${skewMs}'`);
    const local = await s.local.reconnect();
    const policies = { fields: "lww-hlc", sensors: "lww-hlc" } as const;
    // Causal chain: the farm edits and syncs; the cloud edits after seeing it; the farm edits again after that.
    await local.query("UPDATE fields SET name = 'farm 1' WHERE id = $1", [s.fieldId]);
    await syncUntilQuiet(s.databases, s.siteId, { policies });
    await s.cloud.pool.query("UPDATE fields SET name = 'cloud 2' WHERE id = $1", [s.fieldId]);
    await syncUntilQuiet(s.databases, s.siteId, { policies });
    assert.equal(await fieldName(local, s.fieldId), "cloud 2", `skew ${skewMs}`);
    await local.query("UPDATE fields SET name = 'farm 3' WHERE id = $1", [s.fieldId]);
    await syncUntilQuiet(s.databases, s.siteId, { policies });
    assert.equal(await fieldName(s.cloud.pool, s.fieldId), "farm 3", `skew ${skewMs}`);
    assert.equal(await scalar<number>(local, "SELECT count(*) FROM sync_conflicts"), 0);
    // Concurrent edits under the default rule: the cloud's, whatever the clocks.
    await local.query("UPDATE sensors SET name = 'farm' WHERE id = $1", [s.sensorId]);
    await s.cloud.pool.query("UPDATE sensors SET name = 'cloud' WHERE id = $1", [s.sensorId]);
    await syncUntilQuiet(s.databases, s.siteId);
    assert.equal(await scalar(local, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]), "cloud");
    assert.equal(await scalar<number>(local, "SELECT count(*) FROM sync_conflicts"), 1);
    await s.drop();
    sides = undefined;
  }
});

test("the same alert raised on both sides (one natural key, two ids) is kept as a conflict and stops nothing", async () => {
  const s = await setup();
  const raise = (pool: TwoSides["databases"]["local"], message: string) =>
    pool.query(
      `INSERT INTO alerts (organization_id, field_id, kind, rule_id, event_date, severity, message)
       VALUES ($1, $2, 'frost', 'frost-risk', '2026-05-10', 'warning', $3)`,
      [s.organizationId, s.fieldId, message],
    );
  await raise(s.local.pool, "raised on the farm");
  await raise(s.cloud.pool, "raised in the cloud");
  // In the same batches, an ordinary edit each way.
  await s.local.pool.query("UPDATE fields SET name = 'farm edit' WHERE id = $1", [s.fieldId]);
  await s.cloud.pool.query("UPDATE sensors SET name = 'cloud edit' WHERE id = $1", [s.sensorId]);
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "farm edit");
  assert.equal(
    await scalar(s.local.pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]),
    "cloud edit",
  );
  const kept = await s.local.pool.query(
    `SELECT table_name, winner, coalesce(local_version, cloud_version) ->> 'message' AS message
     FROM sync_conflicts ORDER BY winner`,
  );
  assert.deepEqual(kept.rows, [
    { table_name: "alerts", winner: "cloud", message: "raised on the farm" },
    { table_name: "alerts", winner: "local", message: "raised in the cloud" },
  ]);
  // Settled: further cycles neither fail nor add conflicts.
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await scalar<number>(s.local.pool, "SELECT count(*) FROM sync_conflicts"), 2);
});

test("users come from the cloud only; a farm edit loses, and no password hash is copied into the conflicts", async () => {
  const s = await setup();
  const user = await s.cloud.pool.query<{ id: string }>(
    `INSERT INTO users (organization_id, email, name, role, password_hash)
     VALUES ($1, 'ana@example.com', 'Ana', 'agronomist', 'scrypt$not-a-real-hash') RETURNING id`,
    [s.organizationId],
  );
  const userId = user.rows[0]!.id;
  await syncUntilQuiet(s.databases, s.siteId);
  // The farm needs the hash to sign Ana in offline.
  assert.equal(
    await scalar(s.local.pool, "SELECT password_hash FROM users WHERE id = $1", [userId]),
    "scrypt$not-a-real-hash",
  );
  await s.local.pool.query("UPDATE users SET name = 'Ana (farm)' WHERE id = $1", [userId]);
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await scalar(s.cloud.pool, "SELECT name FROM users WHERE id = $1", [userId]), "Ana");
  await s.cloud.pool.query("UPDATE users SET role = 'admin' WHERE id = $1", [userId]);
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(
    await scalar(s.local.pool, "SELECT name || ' ' || role FROM users WHERE id = $1", [userId]),
    "Ana admin",
  );
  const kept = await s.local.pool.query(
    "SELECT rule, winner, local_version ? 'password_hash' AS local_hash, cloud_version ? 'password_hash' AS cloud_hash FROM sync_conflicts",
  );
  assert.deepEqual(kept.rows, [
    { rule: "cloud-wins", winner: "cloud", local_hash: false, cloud_hash: false },
  ]);
});

test("a row pulled from an older cloud keeps the farm's newer column, which reaches the cloud once it migrates", async () => {
  const s = await setup();
  const migrateSide = async (pool: TwoSides["databases"]["local"]) => {
    await pool.query("ALTER TABLE sensors ADD COLUMN calibration double precision DEFAULT 1");
    await pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')");
  };
  await migrateSide(s.local.pool);
  await s.local.pool.query("UPDATE sensors SET calibration = 2.5 WHERE id = $1", [s.sensorId]);
  await s.cloud.pool.query("UPDATE sensors SET name = 'renamed in the cloud' WHERE id = $1", [s.sensorId]);
  await assert.rejects(syncUntilQuiet(s.databases, s.siteId), /cloud database is at schema/);
  const row = "SELECT name || ' ' || calibration FROM sensors WHERE id = $1";
  // Cloud-wins on what the cloud knows; the farm's calibration stays.
  assert.equal(await scalar(s.local.pool, row, [s.sensorId]), "renamed in the cloud 2.5");
  await migrateSide(s.cloud.pool);
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await scalar(s.cloud.pool, row, [s.sensorId]), "renamed in the cloud 2.5");
  assert.equal(await scalar(s.local.pool, row, [s.sensorId]), "renamed in the cloud 2.5");
});

test("a change log that cannot take the entry (a sequence rewound by a crash) stops the push without dropping the row", async () => {
  const s = await setup();
  await s.local.pool.query("UPDATE fields SET name = 'farm edit' WHERE id = $1", [s.fieldId]);
  await s.local.pool.query("UPDATE sensors SET name = 'farm probe' WHERE id = $1", [s.sensorId]);
  // A copy of a template database that crashes before its first checkpoint gets its sequences back at the
  // template's values: the cloud's next change entries take keys its log already holds.
  await s.cloud.pool.query("SELECT setval(pg_get_serial_sequence('sync_changes', 'seq'), 1, false)");
  await assert.rejects(syncUntilQuiet(s.databases, s.siteId), /sync_changes_pkey/);
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "North 40");
  assert.equal((await conflicts(s)).rows.length, 0, "a bookkeeping failure is not a conflict");
  assert.equal(
    await scalar<number>(s.local.pool, "SELECT count(*)::int FROM sync_changes WHERE origin IS NULL"),
    2,
    "the farm's changes stay queued",
  );
  // Once the sequence is past the log's keys again (each failed attempt takes one), the rows go through.
  await s.cloud.pool.query(
    "SELECT setval(pg_get_serial_sequence('sync_changes', 'seq'), (SELECT max(seq) FROM sync_changes))",
  );
  await syncUntilQuiet(s.databases, s.siteId);
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "farm edit");
  assert.equal(
    await scalar(s.cloud.pool, "SELECT name FROM sensors WHERE id = $1", [s.sensorId]),
    "farm probe",
  );
  assert.equal((await conflicts(s)).rows.length, 0);
});

test("both sides writing a row with the same clock (the same millisecond) is a conflict, not one version", async () => {
  const s = await setup();
  // Each side's next clock is max(physical, previous + 1, highest received + 1): with the highest received set
  // ahead of the wall clock alike on both, the two concurrent edits get the same clock, as two writes in the
  // same millisecond on top of older versions do.
  const ahead = "(((extract(epoch FROM clock_timestamp()) * 1000)::bigint + 60000) << 16)";
  const { rows } = await s.cloud.pool.query<{ clock: string }>(`SELECT ${ahead}::text AS clock`);
  for (const pool of [s.local.pool, s.cloud.pool])
    await pool.query("UPDATE sync_settings SET seen_hlc = $1", [rows[0]!.clock]);
  await s.local.pool.query("UPDATE fields SET name = 'farm name' WHERE id = $1", [s.fieldId]);
  await s.cloud.pool.query("UPDATE fields SET name = 'cloud name' WHERE id = $1", [s.fieldId]);
  const clockOf = (pool: typeof s.local.pool) =>
    scalar<string>(
      pool,
      "SELECT hlc::text FROM sync_row_versions WHERE table_name = 'fields' AND row_id = $1",
      [s.fieldId],
    );
  assert.equal(await clockOf(s.local.pool), await clockOf(s.cloud.pool), "the two versions share a clock");
  await expectCloudWon(s);
});

/** A push whose cloud commit lands and whose farm commit does not: the farm's database is gone in between. */
async function pushThenCrash(s: TwoSides) {
  const crashing = new Proxy(s.databases.local, {
    get(target, key) {
      if (key === "connect") return () => Promise.reject(new Error("the farm's database crashed"));
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  await assert.rejects(
    pushReference(
      { local: crashing, cloud: s.databases.cloud },
      { siteId: s.siteId, organizationId: s.organizationId, batchRows: 200, rule: () => "cloud-wins" },
    ),
    /crashed/,
  );
}

test("a push the farm did not get to record (a crash between the two commits) is completed from the cloud's receipt: a cloud edit on top of it is no conflict", async () => {
  const s = await setup();
  await s.local.pool.query("UPDATE fields SET name = 'farm name' WHERE id = $1", [s.fieldId]);
  await pushThenCrash(s);
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "farm name");
  // Someone in the cloud edits the field after seeing the farm's version: it replaces it, nothing is lost.
  await s.cloud.pool.query("UPDATE fields SET name = 'cloud name' WHERE id = $1", [s.fieldId]);
  await syncUntilQuiet(s.databases, s.siteId, { policies: { fields: "local-wins" } });
  assert.equal(await fieldName(s.local.pool, s.fieldId), "cloud name");
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "cloud name");
  assert.deepEqual((await conflicts(s)).rows, [], "the cloud's edit descends from the farm's version");
});

test("a farm edit on top of a push the farm did not record: the cloud's copy of the farm's older version is no conflict", async () => {
  const s = await setup();
  await s.local.pool.query("UPDATE fields SET name = 'farm name' WHERE id = $1", [s.fieldId]);
  await pushThenCrash(s);
  await s.local.pool.query("UPDATE fields SET name = 'farm name, again' WHERE id = $1", [s.fieldId]);
  // The farm compares the organization's rows whole (the cloud's log was trimmed past its cursor), so it meets the
  // cloud's copy of its own first version.
  await s.cloud.pool.query(
    "INSERT INTO sync_change_horizons (organization_id, xid, seq) VALUES ($1, pg_current_xact_id(), 0)",
    [s.organizationId],
  );
  const cycles = await syncUntilQuiet(s.databases, s.siteId);
  assert.ok(cycles.some((cycle) => cycle.rebaselined));
  assert.equal(await fieldName(s.local.pool, s.fieldId), "farm name, again");
  assert.equal(await fieldName(s.cloud.pool, s.fieldId), "farm name, again");
  assert.deepEqual((await conflicts(s)).rows, [], "the farm's edit descends from its own pushed version");
});

test("local-wins with three sites: an edit of a row two other sites deleted reaches the cloud and every site, the delete kept as the conflict", async () => {
  const s = await setup();
  const policies = { field_events: "local-wins" } as const;
  const farms = [
    { siteId: s.siteId, pool: s.local.pool },
    ...(await Promise.all(
      ["south-farm", "west-farm"].map(async (siteId) => {
        await registerSite(s.cloud.pool, siteId, s.organizationId);
        return { siteId, pool: (await freshDatabase()).pool };
      }),
    )),
  ];
  const [north, south, west] = farms as [(typeof farms)[0], (typeof farms)[0], (typeof farms)[0]];
  const sync = (farm: typeof north) =>
    syncUntilQuiet({ local: farm.pool, cloud: s.cloud.pool }, farm.siteId, { policies });
  const event = await s.cloud.pool.query<{ id: string }>(
    `INSERT INTO field_events (organization_id, field_id, kind, date, notes)
     VALUES ($1, $2, 'irrigation', '2026-07-14', 'as planned') RETURNING id`,
    [s.organizationId, s.fieldId],
  );
  const id = event.rows[0]!.id;
  for (const farm of farms) await sync(farm);
  const notes = (pool: typeof north.pool) =>
    scalar<string | undefined>(pool, "SELECT notes FROM field_events WHERE id = $1", [id]);
  assert.equal(await notes(south.pool), "as planned");

  // West deletes the event and syncs; south deletes it too and north edits it, both before hearing of it.
  await west.pool.query("DELETE FROM field_events WHERE id = $1", [id]);
  await sync(west);
  await south.pool.query("DELETE FROM field_events WHERE id = $1", [id]);
  await north.pool.query("UPDATE field_events SET notes = 'moved to Thursday' WHERE id = $1", [id]);
  // North pulls west's delete (its edit wins by the rule) but has not pushed yet when south syncs: south's delete
  // meets west's, the same state.
  await pullReference(
    { local: north.pool, cloud: s.cloud.pool },
    { siteId: north.siteId, organizationId: s.organizationId, batchRows: 200, rule: () => "local-wins" },
  );
  await sync(south);
  for (let round = 0; round < 2; round++) for (const farm of farms) await sync(farm);

  // local-wins on north: its edit is the row everywhere; the delete it overrode is kept there.
  assert.equal(await notes(s.cloud.pool), "moved to Thursday");
  for (const farm of farms) assert.equal(await notes(farm.pool), "moved to Thursday", farm.siteId);
  const kept = (pool: typeof north.pool) =>
    pool.query(
      `SELECT table_name, row_id, rule, winner, local_version ->> 'notes' AS local_notes,
              cloud_version IS NULL AS cloud_deleted
       FROM sync_conflicts`,
    );
  assert.deepEqual((await kept(north.pool)).rows, [
    {
      table_name: "field_events",
      row_id: id,
      rule: "local-wins",
      winner: "local",
      local_notes: "moved to Thursday",
      cloud_deleted: true,
    },
  ]);
  // Two deletes of one row agree: nothing was lost on south or west, so nothing is kept there.
  assert.deepEqual((await kept(south.pool)).rows, []);
  assert.deepEqual((await kept(west.pool)).rows, []);
  await Promise.all([south.pool.end(), west.pool.end()]);
});

test("a tombstone the cloud takes for a row it no longer has is in its change log, for the organization's other sites", async () => {
  const s = await setup();
  const event = await s.cloud.pool.query<{ id: string }>(
    `INSERT INTO field_events (organization_id, field_id, kind, date) VALUES ($1, $2, 'irrigation', '2026-07-14')
     RETURNING id`,
    [s.organizationId, s.fieldId],
  );
  const id = event.rows[0]!.id;
  await s.cloud.pool.query("DELETE FROM field_events WHERE id = $1", [id]);
  const deletedAt = BigInt(
    await scalar<string>(
      s.cloud.pool,
      "SELECT hlc::text FROM sync_row_versions WHERE table_name = 'field_events' AND row_id = $1",
      [id],
    ),
  );
  // A site's later tombstone of the row: no row is left to delete, so no capture trigger fires.
  await withTransaction(s.cloud.pool, async (client) => {
    await markApplying(client, "cloud", "south-farm");
    await applyRows(client, "field_events", [{ rowId: id, hlc: deletedAt + 1n, row: null }], {
      origin: "south-farm",
      markBase: false,
      columns: new Set(),
      receiver: "cloud",
      organizationId: s.organizationId,
    });
  });
  const entries = await s.cloud.pool.query(
    `SELECT hlc::text, deleted, origin, organization_id FROM sync_changes
     WHERE table_name = 'field_events' AND row_id = $1 ORDER BY xid, seq`,
    [id],
  );
  assert.deepEqual(entries.rows.slice(-2), [
    { hlc: deletedAt.toString(), deleted: true, origin: null, organization_id: s.organizationId },
    {
      hlc: (deletedAt + 1n).toString(),
      deleted: true,
      origin: "south-farm",
      organization_id: s.organizationId,
    },
  ]);
});

test("a farm restored from a backup older than its push: its edit meets the cloud's copy of the lost version as a conflict, kept", async () => {
  const s = await setup();
  const backup = await backupOf(s.local);
  try {
    await s.local.pool.query("UPDATE fields SET name = 'lost in the restore' WHERE id = $1", [s.fieldId]);
    await syncUntilQuiet(s.databases, s.siteId);
    assert.equal(await fieldName(s.cloud.pool, s.fieldId), "lost in the restore");
    // The farm comes back from the backup (its last push's receipt is ahead of its cursor), someone edits the
    // field there, and the organization's rows are compared whole (the cloud trimmed past the old cursor).
    await backup.pool.query("UPDATE fields SET name = 'edited after the restore' WHERE id = $1", [s.fieldId]);
    await s.cloud.pool.query(
      "INSERT INTO sync_change_horizons (organization_id, xid, seq) VALUES ($1, pg_current_xact_id(), 0)",
      [s.organizationId],
    );
    const restored = { local: backup.pool, cloud: s.databases.cloud };
    await syncUntilQuiet(restored, s.siteId);
    // Nothing says the edit was made on top of the lost version: a conflict, cloud-wins, the edit kept.
    assert.equal(await fieldName(backup.pool, s.fieldId), "lost in the restore");
    const kept = await backup.pool.query(
      "SELECT rule, winner, local_version ->> 'name' AS local_name, cloud_version ->> 'name' AS cloud_name FROM sync_conflicts",
    );
    assert.deepEqual(kept.rows, [
      {
        rule: "cloud-wins",
        winner: "cloud",
        local_name: "edited after the restore",
        cloud_name: "lost in the restore",
      },
    ]);
  } finally {
    await backup.drop();
  }
});
