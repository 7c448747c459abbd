/**
 * No plaintext secrets on disk (issue 18): the demo passwords are printed once and kept nowhere, each demo login
 * has its own, the simulator's key is never stored, and `unicorn demo reset-password` gives a login a new one.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Api, buildApi, loadApiConfig } from "@unicorn/api";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { unicorn } from "./run-cli";

describe("demo logins leave no secret on disk", () => {
  let db: TestDatabase;
  let dataDir: string;
  let api: Api;
  let seeded: { stdout: string };
  before(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-demo-secrets-"));
    api = await buildApi({
      config: loadApiConfig({
        DATABASE_URL: db.url,
        UNICORN_MODE: "test",
        UNICORN_JWT_SECRET: "q".repeat(8) + "Zx9!".repeat(8),
      }),
      pool: db.pool,
      logger: createLogger({ service: "api", level: "silent" }),
    });
    await api.app.ready();
    seeded = await unicorn(["seed"], { DATABASE_URL: db.url, UNICORN_DATA_DIR: dataDir });
  });
  after(async () => {
    await api.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = async (email: string, password: string) =>
    (await api.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } }))
      .statusCode;

  const printed = (stdout: string) =>
    Object.fromEntries(
      [...stdout.matchAll(/^\s+(admin|agronomist|viewer)\s+(\S+@\S+) \/ (\S+)$/gm)].map((m) => [
        m[1],
        { email: m[2]!, password: m[3]! },
      ]),
    ) as Record<"admin" | "agronomist" | "viewer", { email: string; password: string }>;

  test("the passwords are printed once, each login has its own, and they work", async () => {
    const logins = printed(seeded.stdout);
    assert.equal(Object.keys(logins).length, 3, seeded.stdout);
    assert.notEqual(logins.viewer.password, logins.agronomist.password);
    assert.notEqual(logins.viewer.password, logins.admin.password);
    for (const { email, password } of Object.values(logins)) assert.equal(await login(email, password), 200);
  });

  test("the data folder holds no password and no API key", () => {
    const logins = printed(seeded.stdout);
    for (const file of readdirSync(dataDir)) {
      const text = readFileSync(join(dataDir, file), "utf8");
      for (const { password } of Object.values(logins))
        assert.ok(!text.includes(password), `${file} holds a password`);
      assert.doesNotMatch(text, /uk_[A-Za-z0-9_-]{20,}/, `${file} holds an API key`);
    }
    const stored = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8"));
    assert.deepEqual(Object.keys(stored).sort(), ["adminEmail", "agronomistEmail", "viewerEmail"]);
  });

  test("no device key of the seed stays active; a second run prints no password", async () => {
    const active = await db.pool.query("SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL");
    assert.equal(active.rows[0].n, 0);
    const again = await unicorn(["seed"], { DATABASE_URL: db.url, UNICORN_DATA_DIR: dataDir });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /not kept/);
    assert.match(again.stdout, /unicorn demo reset-password/);
  });

  test("an old credentials file with secrets is rewritten without them", async () => {
    const file = join(dataDir, "demo-credentials.json");
    const old = {
      ...JSON.parse(readFileSync(file, "utf8")),
      adminPassword: "old-plain-password",
      simulatorApiKey: "uk_oldkeyoldkeyoldkeyoldkey",
    };
    writeFileSync(file, JSON.stringify(old));
    const run = await unicorn(["seed"], { DATABASE_URL: db.url, UNICORN_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(file, "utf8");
    assert.ok(!text.includes("old-plain-password") && !text.includes("uk_old"), text);
  });

  test("demo reset-password prints a new password that works; the old one no longer does", async () => {
    const { viewer } = printed(seeded.stdout);
    const reset = await unicorn(["demo", "reset-password", viewer.email], {
      DATABASE_URL: db.url,
      UNICORN_DATA_DIR: dataDir,
    });
    assert.equal(reset.code, 0, reset.stderr);
    const fresh = /new password for \S+: (\S+)/.exec(reset.stdout)?.[1];
    assert.ok(fresh, reset.stdout);
    assert.equal(await login(viewer.email, fresh), 200);
    assert.equal(await login(viewer.email, viewer.password), 401);
    const unknown = await unicorn(["demo", "reset-password", "nobody@prairiecreek.farm"], {
      DATABASE_URL: db.url,
    });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no login nobody@prairiecreek\.farm/);
  });
});
