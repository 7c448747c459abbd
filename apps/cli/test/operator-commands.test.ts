import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { unicorn } from "./run-cli";

describe("unicorn migrate and seed", () => {
  let db: TestDatabase;
  let dataDir: string;
  before(async () => {
    db = await createTestDatabase({ migrated: false });
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-seed-"));
  });
  after(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("without DATABASE_URL both commands say what to set and change nothing", async () => {
    for (const command of ["migrate", "seed"]) {
      const result = await unicorn([command], {});
      assert.equal(result.code, 2);
      assert.match(result.stderr, /needs DATABASE_URL/);
      assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, "stack trace printed");
    }
  });

  test("migrate applies pending migrations once, then reports the database up to date", async () => {
    const pendingBefore = await unicorn(["migrate", "--status"], { DATABASE_URL: db.url });
    assert.match(pendingBefore.stdout, /applied: none/);
    const first = await unicorn(["migrate"], { DATABASE_URL: db.url });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /applied 0001/);
    const second = await unicorn(["migrate"], { DATABASE_URL: db.url });
    assert.match(second.stdout, /up to date/);
    const status = await unicorn(["migrate", "--status"], { DATABASE_URL: db.url });
    assert.match(status.stdout, /pending: none/);
  });

  test("demo data the API refuses fails the seed and leaves no half-made demo organization", async () => {
    // The admin gets the viewer's address: the organization and its admin are created, then the API refuses
    // the viewer (the address is taken), and the seed must take the organization away again.
    const refused = await unicorn(["seed"], {
      DATABASE_URL: db.url,
      UNICORN_DATA_DIR: dataDir,
      UNICORN_ADMIN_EMAIL: "viewer@prairiecreek.farm",
      UNICORN_ADMIN_PASSWORD: "seed-password-123",
    });
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /POST \/users answered 409: .*email/);
    const left = await db.pool.query(
      "SELECT (SELECT count(*)::int FROM organizations) AS orgs, (SELECT count(*)::int FROM users) AS users",
    );
    assert.deepEqual(left.rows[0], { orgs: 0, users: 0 });
  });

  test("seed creates the demo farm with its logins; --reset recreates it without leftovers", async () => {
    const env = {
      DATABASE_URL: db.url,
      UNICORN_DATA_DIR: dataDir,
      UNICORN_ADMIN_EMAIL: "owner@seed.test",
      UNICORN_ADMIN_PASSWORD: "seed-password-123",
    };
    const first = await unicorn(["seed"], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /admin +owner@seed\.test \/ seed-password-123/);
    const credentials = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8"));
    assert.equal(credentials.adminEmail, "owner@seed.test");
    const fields = await db.pool.query("SELECT count(*)::int AS n FROM fields");
    assert.ok(fields.rows[0].n >= 4);

    const again = await unicorn(["seed"], env);
    assert.match(again.stdout, /already present/);

    const reset = await unicorn(["seed", "--reset"], env);
    assert.equal(reset.code, 0, reset.stderr);
    const counts = await db.pool.query(
      "SELECT (SELECT count(*)::int FROM organizations) AS orgs, (SELECT count(*)::int FROM fields) AS fields",
    );
    assert.deepEqual(counts.rows[0], { orgs: 1, fields: fields.rows[0].n });
  });
});
