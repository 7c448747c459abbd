import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  createTestDatabase,
  ensureReadingPartitions,
  migrate,
  migrationStatus,
  PartitionRangeError,
  type TestDatabase,
} from "../src/index";

describe("migrations", () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  after(() => db.drop());

  test("a fresh database has every migration pending", async () => {
    const status = await migrationStatus(db.pool);
    assert.deepEqual(status.applied, []);
    assert.ok(status.pending.includes(1));
  });

  test("migrate applies all, and a second run applies nothing", async () => {
    const first = await migrate(db.pool);
    assert.ok(first.length >= 1);
    assert.deepEqual(await migrate(db.pool), []);
    assert.deepEqual((await migrationStatus(db.pool)).pending, []);
  });

  test("concurrent migrators do not apply a migration twice", async () => {
    const fresh = await createTestDatabase({ migrated: false });
    try {
      const [a, b] = await Promise.all([migrate(fresh.pool), migrate(fresh.pool)]);
      assert.equal(a.length + b.length, (await migrationStatus(fresh.pool)).applied.length);
    } finally {
      await fresh.drop();
    }
  });

  test("a failing migration rolls back and leaves the version unapplied", async () => {
    const broken = [{ version: 9_999, name: "broken", sql: "CREATE TABLE half_done (x int); SELECT 1/0;" }];
    await assert.rejects(migrate(db.pool, broken), /9999_broken failed/);
    const table = await db.pool.query("SELECT to_regclass('half_done') AS t");
    assert.equal(table.rows[0].t, null);
  });

  test("reading partitions are created per month on demand and reused", async () => {
    const known = new Set<string>();
    await ensureReadingPartitions(
      db.pool,
      [new Date("2026-05-31T23:00:00Z"), new Date("2026-06-01T00:00:00Z")],
      known,
    );
    assert.deepEqual([...known].sort(), ["readings_y2026m05", "readings_y2026m06"]);
    await db.pool.query(
      "INSERT INTO readings (sensor_id, time, value) VALUES (gen_random_uuid(), '2026-06-01T00:00:00Z', 1)",
    );
    await ensureReadingPartitions(db.pool, [new Date("2026-06-15T00:00:00Z")], new Set());
    const count = await db.pool.query("SELECT count(*)::int AS n FROM readings_y2026m06");
    assert.equal(count.rows[0].n, 1);
  });

  test("batches creating the same new month at once all succeed, and each month is made once", async () => {
    // The race is narrow (two creators between the existence check and the catalog insert): ten months, each
    // created by twelve batches at once, hit it most runs without the fix.
    const months = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2027, i, 15)));
    for (const month of months)
      await Promise.all(
        Array.from({ length: 12 }, () => ensureReadingPartitions(db.pool, [month], new Set())),
      );
    const attached = await db.pool.query(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'readings'::regclass AND c.relname LIKE 'readings_y2027m%'`,
    );
    assert.equal(attached.rows[0].n, 10);
  });

  test("no partition is created outside the sane range, and years 0-99 are not read as 19xx", async () => {
    const partitions = async () =>
      (
        await db.pool.query<{ name: string }>(
          "SELECT relname AS name FROM pg_class WHERE relname LIKE 'readings_y%' ORDER BY 1",
        )
      ).rows.map((row) => row.name);
    const before = await partitions();
    const year50 = new Date("0050-01-15T00:00:00Z");
    assert.equal(year50.getUTCFullYear(), 50);
    await assert.rejects(ensureReadingPartitions(db.pool, [year50], new Set()), PartitionRangeError);
    await assert.rejects(
      ensureReadingPartitions(
        db.pool,
        [new Date("2026-06-01T00:00:00Z"), new Date("3000-01-01T00:00:00Z")],
        new Set(),
      ),
      PartitionRangeError,
    );
    // The caller's own, narrower window is honoured too.
    await assert.rejects(
      ensureReadingPartitions(db.pool, [new Date("2020-01-01T00:00:00Z")], new Set(), {
        from: new Date("2025-01-01T00:00:00Z"),
        to: new Date("2027-01-01T00:00:00Z"),
      }),
      PartitionRangeError,
    );
    assert.deepEqual(await partitions(), before);
  });
});
