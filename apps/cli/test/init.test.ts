import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildApi, loadApiConfig } from "@unicorn/api";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { unicorn } from "./run-cli";

describe("unicorn init: a real farm's first organization and admin", () => {
  let db: TestDatabase;
  let dir: string;
  before(async () => {
    db = await createTestDatabase({ migrated: false });
    dir = mkdtempSync(join(tmpdir(), "unicorn-init-"));
  });
  after(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function login(email: string, password: string) {
    const config = loadApiConfig({
      DATABASE_URL: db.url,
      UNICORN_MODE: "test",
      UNICORN_JWT_SECRET: "init-test-".repeat(4),
    });
    const api = await buildApi({
      config,
      pool: db.pool,
      logger: createLogger({ service: "api", level: "silent" }),
    });
    try {
      await api.app.ready();
      const response = await api.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email, password },
      });
      if (response.statusCode !== 200)
        return { status: response.statusCode, role: undefined, farms: undefined };
      const token = response.json().accessToken as string;
      const me = await api.app.inject({
        url: "/api/v1/farms",
        headers: { authorization: `Bearer ${token}` },
      });
      return {
        status: 200,
        farms: me.json().total as number,
        role: JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).role,
      };
    } finally {
      await api.app.close();
    }
  }

  test("bad arguments are refused before the database is touched", async () => {
    const noOrg = await unicorn(["init", "--email", "a@b.test"], { DATABASE_URL: db.url });
    assert.equal(noOrg.code, 2);
    assert.match(noOrg.stderr, /--organization <name> is required/);
    const badEmail = await unicorn(["init", "--organization", "Farm", "--email", "not-an-email"], {
      DATABASE_URL: db.url,
    });
    assert.equal(badEmail.code, 2);
    assert.match(badEmail.stderr, /--email must be an e-mail address/);
    const shortPassword = join(dir, "short");
    writeFileSync(shortPassword, "short\n");
    const weak = await unicorn(
      ["init", "--organization", "Farm", "--email", "a@b.test", "--password-file", shortPassword],
      {
        DATABASE_URL: db.url,
      },
    );
    assert.equal(weak.code, 2);
    assert.match(weak.stderr, /at least 10 characters/);
    const demoName = await unicorn(
      ["init", "--organization", " prairie creek FARMS ", "--email", "a@b.test"],
      { DATABASE_URL: db.url },
    );
    assert.equal(demoName.code, 2);
    assert.match(demoName.stderr, /--organization: "Prairie Creek Farms" is the demo organization's name/);
    const tables = await db.pool.query("SELECT to_regclass('organizations') AS t");
    assert.equal(tables.rows[0].t, null, "nothing was migrated");
  });

  test("creates the organization and an admin who can log in; a generated password is printed once", async () => {
    const created = await unicorn(
      ["init", "--organization", "Hawkeye Ridge Farms", "--email", "owner@prairie.test"],
      {
        DATABASE_URL: db.url,
      },
    );
    assert.equal(created.code, 0, created.stderr);
    const password = /password {2}(\S+)/.exec(created.stdout)?.[1];
    assert.ok(password && password.length >= 20, created.stdout);
    const session = await login("owner@prairie.test", password);
    assert.equal(session.status, 200);
    assert.equal(session.role, "admin");
    assert.equal(session.farms, 0, "no demo data");
  });

  test("a password from a file is used and not printed; an existing e-mail changes nothing", async () => {
    const file = join(dir, "password");
    writeFileSync(file, "a-chosen-password-42\n", { mode: 0o600 });
    const created = await unicorn(
      ["init", "--organization", "Second Farm", "--email", "boss@second.test", "--password-file", file],
      { DATABASE_URL: db.url },
    );
    assert.equal(created.code, 0, created.stderr);
    assert.doesNotMatch(created.stdout, /a-chosen-password-42/);
    assert.equal((await login("boss@second.test", "a-chosen-password-42")).status, 200);
    const organizations = Number((await db.pool.query("SELECT count(*) FROM organizations")).rows[0].count);
    const again = await unicorn(["init", "--organization", "Third", "--email", "BOSS@second.test"], {
      DATABASE_URL: db.url,
    });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    assert.equal(
      Number((await db.pool.query("SELECT count(*) FROM organizations")).rows[0].count),
      organizations,
    );
  });
});
