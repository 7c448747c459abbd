/**
 * Password rules wherever a password is set, the refusal of a taken email that does not say where it lives, and
 * production secrets judged by entropy (issue 18, low findings).
 */
import assert from "node:assert/strict";
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

  test("a taken email is refused with one answer, whether it lives in this organization or another", async () => {
    const password = "a perfectly fine passphrase";
    const ownDuplicate = await create({ email: org.users.viewer.email, name: "X", role: "viewer", password });
    const foreign = await create({ email: other.users.viewer.email, name: "X", role: "viewer", password });
    assert.equal(foreign.statusCode, 409);
    assert.equal(ownDuplicate.statusCode, 409);
    const strip = (body: { instance?: string }) => ({ ...body, instance: undefined });
    assert.deepEqual(strip(foreign.json()), strip(ownDuplicate.json()));
    assert.doesNotMatch(foreign.body, /organi[sz]ation|exists/i);
    // The attempt is visible to the admin who made it, in the audit log.
    const audit = await h.app.inject({
      method: "GET",
      url: "/api/v1/audit-events?action=user.create",
      headers: bearer(org.tokens.admin),
    });
    assert.ok(
      audit
        .json()
        .items.some(
          (e: { outcome: string; actorLabel: string }) =>
            e.outcome === "refused" && e.actorLabel === other.users.viewer.email,
        ),
    );
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

  test("an empty secret is refused in every mode (it used to start and then fail every login)", () => {
    assert.throws(
      () => loadApiConfig({ DATABASE_URL: "postgres://x@localhost/x", UNICORN_JWT_SECRET: "" }),
      ConfigError,
    );
  });
});
