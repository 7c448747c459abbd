/**
 * The audit log (issue 18): security-relevant actions are recorded by the services that perform them and an
 * admin reads their own organization's, newest first, paged and filtered by action and time.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bearer, type Harness, startHarness, type TestOrganization } from "./harness";

interface Event {
  id: string;
  occurredAt: string;
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorLabel: string | null;
  targetId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
}

describe("audit log", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Audited");
    other = await h.createOrganization("Neighbour");
  });
  after(() => h.close());

  const events = async (query = "", token = org.tokens.admin) => {
    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/audit-events${query}`,
      headers: bearer(token),
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { items: Event[]; total: number; limit: number; offset: number };
  };

  const call = (method: "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    h.app.inject({ method, url, headers: bearer(org.tokens.admin), ...(payload ? { payload } : {}) });

  test("logins, failed logins, key creation and revocation, role changes and removals are recorded", async () => {
    const failed = await h.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "x-forwarded-for": "192.0.2.44" },
      payload: { email: org.users.viewer.email, password: "not-the-right-password" },
    });
    assert.equal(failed.statusCode, 401);
    const key = (await call("POST", "/api/v1/api-keys", { name: "gateway" })).json();
    assert.equal((await call("DELETE", `/api/v1/api-keys/${key.id}`)).statusCode, 204);
    const user = (
      await call("POST", "/api/v1/users", {
        email: "temp@audited.test",
        name: "Temp",
        role: "viewer",
        password: "a long enough passphrase",
      })
    ).json();
    assert.equal((await call("PATCH", `/api/v1/users/${user.id}`, { role: "agronomist" })).statusCode, 200);
    assert.equal(
      (await call("PATCH", `/api/v1/users/${user.id}`, { password: "another long passphrase" })).statusCode,
      200,
    );
    assert.equal((await call("DELETE", `/api/v1/users/${user.id}`)).statusCode, 204);

    const { items } = await events("?limit=100");
    const admin = org.users.admin.id;
    const find = (action: string, outcome = "success") =>
      items.find((e) => e.action === action && e.outcome === outcome);
    assert.ok(find("auth.login"), "successful login");
    const failure = find("auth.login", "failure")!;
    assert.equal(failure.actorUserId, org.users.viewer.id);
    assert.equal(failure.actorLabel, org.users.viewer.email);
    assert.equal(failure.clientAddress, "192.0.2.44");
    assert.equal(find("api_key.create")!.targetId, key.id);
    assert.equal(find("api_key.create")!.actorUserId, admin);
    assert.equal(find("api_key.revoke")!.targetId, key.id);
    assert.equal(find("user.create")!.targetId, user.id);
    assert.deepEqual(find("user.role_change")!.details, { from: "viewer", to: "agronomist" });
    assert.equal(find("user.password_change")!.targetId, user.id);
    assert.equal(find("user.remove")!.targetId, user.id);
    // The password never reaches the log.
    assert.ok(!JSON.stringify(items).includes("passphrase"));
  });

  test("newest first, paged, filtered by action and by time", async () => {
    const all = await events("?limit=500");
    const times = all.items.map((e) => Date.parse(e.occurredAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );

    const page = await events("?limit=2&offset=1");
    assert.equal(page.items.length, 2);
    assert.equal(page.total, all.total);
    assert.deepEqual(
      page.items.map((e) => e.id),
      all.items.slice(1, 3).map((e) => e.id),
    );

    const logins = await events("?action=auth.login&limit=500");
    assert.ok(logins.items.length > 0);
    assert.ok(logins.items.every((e) => e.action === "auth.login"));

    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await events(`?from=${encodeURIComponent(future)}`)).total, 0);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    assert.equal((await events(`?to=${encodeURIComponent(past)}`)).total, 0);
    assert.equal((await events(`?from=${encodeURIComponent(past)}&limit=500`)).total, all.total);

    const unknown = await h.app.inject({
      method: "GET",
      url: "/api/v1/audit-events?action=coffee.break",
      headers: bearer(org.tokens.admin),
    });
    assert.equal(unknown.statusCode, 400);
  });

  test("only admins read it, and only their organization's events", async () => {
    for (const role of ["agronomist", "viewer"] as const) {
      const response = await h.app.inject({
        method: "GET",
        url: "/api/v1/audit-events",
        headers: bearer(org.tokens[role]),
      });
      assert.equal(response.statusCode, 403);
    }
    const theirs = await events("?limit=500", other.tokens.admin);
    const ours = await events("?limit=500");
    const ourIds = new Set(ours.items.map((e) => e.id));
    assert.ok(theirs.items.every((e) => !ourIds.has(e.id)));
    assert.ok(
      theirs.items.every(
        (e) => e.actorUserId === null || Object.values(other.users).some((u) => u.id === e.actorUserId),
      ),
    );
  });
});
