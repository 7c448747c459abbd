/**
 * Password rules wherever a password is set, a taken email of another organization never confirmed, and
 * production secrets judged by entropy (issue 18, low findings).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { ConfigError, loadApiConfig } from "../src/config";
import { bearer, type Harness, startHarness, type TestOrganization } from "./harness";

describe("passwords set through the API follow the ASVS rules", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Rules");
    other = await h.createOrganization("Other");
  });
  after(() => h.close());

  const create = (payload: Record<string, unknown>, token = org.tokens.admin) =>
    h.app.inject({ method: "POST", url: "/api/v1/users", headers: bearer(token), payload });

  test("ten spaces, twelve spaces, short and common passwords are refused on create and on update", async () => {
    for (const password of [" ".repeat(10), " ".repeat(12), "short-11-ch", "Password1234", "qwertyuiop!!"]) {
      const created = await create({ email: "new@rules.test", name: "New", role: "viewer", password });
      assert.equal(created.statusCode, 400, `${JSON.stringify(password)}: ${created.body}`);
      assert.equal(created.json().field, "password");
      const updated = await h.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${org.users.viewer.id}`,
        headers: bearer(org.tokens.admin),
        payload: { password },
      });
      assert.equal(updated.statusCode, 400, `${JSON.stringify(password)}: ${updated.body}`);
    }
    const ok = await create({
      email: "new@rules.test",
      name: "New",
      role: "viewer",
      password: "🌽 rows of corn in July",
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test("an email of another organization gets the answer a new address gets, and nothing is stored", async () => {
    const password = "a perfectly fine passphrase";
    const users = async (o: TestOrganization) =>
      (await h.app.inject({ method: "GET", url: "/api/v1/users", headers: bearer(o.tokens.admin) })).json();
    const otherBefore = await users(other);
    const fresh = await create({ email: "brand.new@rules.test", name: "X", role: "viewer", password });
    const foreign = await create({ email: other.users.viewer.email, name: "X", role: "viewer", password });
    assert.equal(fresh.statusCode, 201, fresh.body);
    assert.equal(foreign.statusCode, 201, foreign.body);
    // Same status, headers that matter, and body shape: only the values typed in and a fresh id differ.
    assert.equal(foreign.headers["content-type"], fresh.headers["content-type"]);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    assert.deepEqual(shape(foreign.json()), shape(fresh.json()));
    assert.equal(foreign.json().email, other.users.viewer.email);
    assert.equal(foreign.json().organizationId, org.id);
    assert.match(foreign.json().id, /^[0-9a-f-]{36}$/);
    assert.notEqual(foreign.json().id, other.users.viewer.id);
    // Nothing changed: the other organization's user is where it was, and no user was added here.
    assert.deepEqual(await users(other), otherBefore);
    assert.ok(!(await users(org)).some((u: { email: string }) => u.email === other.users.viewer.email));
    // The asking admin's audit log does not name the other organization's address; the operator's table does.
    const audit = await h.app.inject({
      method: "GET",
      url: "/api/v1/audit-events?action=user.create&limit=100",
      headers: bearer(org.tokens.admin),
    });
    assert.doesNotMatch(audit.body, new RegExp(other.users.viewer.email.replace(/\./g, "\\.")));
    const recorded = await h.db.pool.query(
      "SELECT 1 FROM audit_events WHERE organization_id IS NULL AND outcome = 'refused' AND actor_label = $1",
      [other.users.viewer.email],
    );
    assert.equal(recorded.rowCount, 1);
  });

  test("an email already in the admin's own organization is a 409 naming the field", async () => {
    const password = "a perfectly fine passphrase";
    const own = await create({
      email: org.users.viewer.email.toUpperCase(),
      name: "X",
      role: "viewer",
      password,
    });
    assert.equal(own.statusCode, 409, own.body);
    assert.equal(own.json().field, "email");
  });
});

describe("production secrets are checked for entropy, not length", () => {
  const production = (env: Record<string, string>) => () =>
    loadApiConfig({ DATABASE_URL: "postgres://x@localhost/x", UNICORN_MODE: "production", ...env });
  const strong = "q0Xy7fK2vN9sL4pR8tW1mZ6cB3hJ5gD0aE7uY2iO9xQ";

  test("32 spaces, a repeated character or a repeated word are refused as the JWT secret", () => {
    for (const secret of [" ".repeat(32), "x".repeat(64), "release-test-secret-".repeat(3)])
      assert.throws(
        production({ UNICORN_JWT_SECRET: secret }),
        (e) => e instanceof ConfigError && /UNICORN_JWT_SECRET/.test(e.message),
      );
    assert.doesNotThrow(production({ UNICORN_JWT_SECRET: strong }));
  });

  test("the ML token is judged the same way when ML_URL is set", () => {
    assert.throws(
      production({ UNICORN_JWT_SECRET: strong, ML_URL: "http://ml:8001", UNICORN_ML_TOKEN: " ".repeat(32) }),
      /UNICORN_ML_TOKEN/,
    );
    assert.doesNotThrow(
      production({
        UNICORN_JWT_SECRET: strong,
        ML_URL: "http://ml:8001",
        UNICORN_ML_TOKEN: strong.split("").reverse().join(""),
      }),
    );
  });

  test("a configuration error stops the api and ml processes with one line naming the setting, no stack trace", () => {
    const runs = [
      {
        main: "apps/api/src/main.ts",
        env: { DATABASE_URL: "postgres://x@127.0.0.1:1/x", UNICORN_JWT_SECRET: " ".repeat(32) },
        names: /UNICORN_JWT_SECRET/,
      },
      { main: "apps/ml/src/main.ts", env: { UNICORN_ML_TOKEN: "x".repeat(40) }, names: /UNICORN_ML_TOKEN/ },
    ];
    for (const run of runs) {
      const result = spawnSync(process.execPath, ["--import", "tsx", run.main], {
        env: { PATH: process.env.PATH, UNICORN_MODE: "production", ...run.env },
        encoding: "utf8",
        timeout: 30_000,
      });
      assert.equal(result.status, 2, `${run.main}: ${result.stderr}`);
      const lines = result.stderr.trim().split("\n");
      assert.equal(lines.length, 1, `${run.main} printed:\n${result.stderr}`);
      assert.match(lines[0]!, run.names);
      assert.doesNotMatch(result.stderr, /^\s+at /m);
    }
  });

  test("an empty secret is refused in every mode (it used to start and then fail every login)", () => {
    assert.throws(
      () => loadApiConfig({ DATABASE_URL: "postgres://x@localhost/x", UNICORN_JWT_SECRET: "" }),
      ConfigError,
    );
  });
});
