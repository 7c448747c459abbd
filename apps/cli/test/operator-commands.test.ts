import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPool, createTestDatabase, type TestDatabase } from "@unicorn/db";
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

  test("migrate with the sync credentials creates the cloud's sync login, then rotates its password", async () => {
    const role = `sync_cli_${process.pid}`;
    const password = "cli-test-sync-login-password-1";
    try {
      const short = await unicorn(["migrate"], { DATABASE_URL: db.url, UNICORN_SYNC_DB_PASSWORD: "short" });
      assert.equal(short.code, 2);
      assert.match(short.stderr, /UNICORN_SYNC_DB_PASSWORD: .*at least 16/);
      const env = { DATABASE_URL: db.url, UNICORN_SYNC_DB_USER: role, UNICORN_SYNC_DB_PASSWORD: password };
      const created = await unicorn(["migrate"], env);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, new RegExp(`sync login ${role} created, its tables granted`));
      assert.ok(!created.stdout.includes(password) && !created.stderr.includes(password), "password printed");
      const rotated = await unicorn(["migrate"], { ...env, UNICORN_SYNC_DB_PASSWORD: `${password}-rotated` });
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, new RegExp(`sync login ${role} password set`));
      const url = new URL(db.url);
      url.username = role;
      url.password = `${password}-rotated`;
      const login = createPool({ connectionString: url.toString(), max: 1 });
      try {
        const fields = await login.query("SELECT count(*)::int AS n FROM fields");
        assert.equal(typeof fields.rows[0].n, "number");
      } finally {
        await login.end();
      }
    } finally {
      await db.pool.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await db.pool.query(`DROP ROLE IF EXISTS ${role}`);
    }
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
