/**
 * Login and API-key throttling (issue 18, finding 6). The policy under test, from auth/throttle.service.ts: an
 * account gets 5 free failures, then a back-off doubling from UNICORN_AUTH_BACKOFF_MS, and is locked at its 10th
 * failure; an address gets 20 free failures and is locked at its 50th. Attempts refused by the throttle are not
 * checked and do not count. A lock expires; an admin can lift an account's lock; an address the user signed in
 * from before is not held by the account lock.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { hashPassword } from "@unicorn/credentials";
import { createTestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { buildApi } from "../src/app";
import { bearer, type Harness, startHarness, type TestOrganization, testApiConfig } from "./harness";

const ACCOUNT_LOCK_AFTER = 10;
const ADDRESS_LOCK_AFTER = 50;

function metricValues(text: string, name: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = new RegExp(`^${name}\\{[^}]*reason="([^"]+)"[^}]*\\} (\\S+)$`).exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

describe("login and API-key throttling", () => {
  let h: Harness;
  let org: TestOrganization;
  /** Every 429 this suite received, to compare with the metric. */
  let refusedSeen = 0;

  // A back-off of 1 ms lets a test reach the lock in a few hundred sequential attempts; the lock itself is real.
  before(async () => {
    h = await startHarness({ env: { UNICORN_AUTH_BACKOFF_MS: "1", UNICORN_AUTH_LOCK_SECONDS: "900" } });
    org = await h.createOrganization("Throttle");
  });
  after(() => h.close());

  /**
   * Repeats a failing attempt until the subject is locked (a 429 whose Retry-After is the lock's 900 s), waiting
   * out each short back-off; returns how many attempts were checked (401) on the way.
   */
  async function failUntilLocked(
    attempt: (i: number) => Promise<{ statusCode: number; headers: Record<string, unknown> }>,
  ) {
    let checked = 0;
    for (let i = 0; i < 1000; i++) {
      const response = await attempt(i);
      if (response.statusCode === 401) checked += 1;
      else if (response.statusCode === 429) {
        if (Number(response.headers["retry-after"]) > 800) return checked;
        await new Promise((resolve) => setTimeout(resolve, 40));
      } else assert.fail(`unexpected ${response.statusCode}`);
    }
    assert.fail("never locked");
  }

  async function login(email: string, password: string, address: string) {
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "x-forwarded-for": address },
      payload: { email, password },
    });
    if (response.statusCode === 429) refusedSeen += 1;
    return response;
  }

  test("200 wrong passwords: 10 are checked, the rest refused unchecked; the right password is refused while locked", async () => {
    const { email, password } = org.users.agronomist;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++)
      statuses.push((await login(email, `wrong-password-${i}`, "203.0.113.7")).statusCode);
    assert.equal(statuses.filter((s) => s === 401).length, ACCOUNT_LOCK_AFTER);
    assert.equal(statuses.filter((s) => s === 429).length, 200 - ACCOUNT_LOCK_AFTER);

    const right = await login(email, password, "203.0.113.7");
    assert.equal(right.statusCode, 429);
    assert.ok(Number(right.headers["retry-after"]) > 800, `retry-after ${right.headers["retry-after"]}`);
    assert.equal(right.json().type, "https://unicorn.farm/problems/too_many_requests");
    // From an address the user never signed in from: still locked.
    assert.equal((await login(email, password, "198.51.100.20")).statusCode, 429);
    // From the address the user signed in from before (the harness logs in from 127.0.0.1): let through.
    assert.equal((await login(email, password, "127.0.0.1")).statusCode, 200);
  });

  test("a lock expires: once its time is over the right password works from anywhere", async () => {
    const { email, password } = org.users.agronomist;
    assert.equal((await login(email, password, "198.51.100.21")).statusCode, 429);
    await h.db.pool.query(
      "UPDATE auth_throttle SET blocked_until = now() - interval '1 second' WHERE scope = 'login_account' AND subject = $1",
      [email],
    );
    assert.equal((await login(email, password, "198.51.100.21")).statusCode, 200);
  });

  test("an admin lifts a lock early; nobody else may; the lock and the unlock are audited", async () => {
    const { email, password, id } = org.users.viewer;
    for (let i = 0; i < 40; i++) await login(email, `not-the-password-${i}`, "203.0.113.8");
    assert.equal((await login(email, password, "198.51.100.30")).statusCode, 429);

    const byAgronomist = await h.app.inject({
      method: "POST",
      url: `/api/v1/users/${id}/unlock`,
      headers: bearer(org.tokens.agronomist),
    });
    assert.equal(byAgronomist.statusCode, 403);
    const other = await h.createOrganization("Elsewhere");
    const foreign = await h.app.inject({
      method: "POST",
      url: `/api/v1/users/${id}/unlock`,
      headers: bearer(other.tokens.admin),
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await login(email, password, "198.51.100.30")).statusCode, 429);

    const unlock = await h.app.inject({
      method: "POST",
      url: `/api/v1/users/${id}/unlock`,
      headers: bearer(org.tokens.admin),
    });
    assert.equal(unlock.statusCode, 204);
    assert.equal((await login(email, password, "198.51.100.30")).statusCode, 200);

    const audit = await h.app.inject({
      method: "GET",
      url: "/api/v1/audit-events?limit=500",
      headers: bearer(org.tokens.admin),
    });
    const events = audit.json().items as { action: string; targetId: string | null; outcome: string }[];
    assert.ok(events.some((e) => e.action === "auth.lock" && e.targetId === email));
    assert.ok(events.some((e) => e.action === "auth.unlock" && e.targetId === id));
  });

  test("one address spraying many accounts is locked for every account, known or not", async () => {
    const checked = await failUntilLocked((i) =>
      login(`nobody-${i}@spray.test`, "some-guess-password", "203.0.113.9"),
    );
    assert.equal(checked, ADDRESS_LOCK_AFTER);
    const admin = org.users.admin;
    const refused = await login(admin.email, admin.password, "203.0.113.9");
    assert.equal(refused.statusCode, 429);
    assert.equal((await login(admin.email, admin.password, "198.51.100.40")).statusCode, 200);
  });

  test("a client on the internet cannot pick its own address: its X-Forwarded-For is ignored by the throttle", async () => {
    // The peer itself is public (not the stack's proxy or a load balancer), so every forged header is ignored
    // and all the attempts count against 198.51.100.77.
    const checked = await failUntilLocked(async (i) => {
      const response = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: "198.51.100.77",
        headers: { "x-forwarded-for": `192.0.2.${i % 250}` },
        payload: { email: `forger-${i}@spray.test`, password: "some-guess-password" },
      });
      if (response.statusCode === 429) refusedSeen += 1;
      return response;
    });
    assert.equal(checked, ADDRESS_LOCK_AFTER);
  });

  test("an address presenting unknown API keys is refused even with a valid key; other addresses are not", async () => {
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: bearer(org.tokens.admin),
      payload: { name: "gateway" },
    });
    const key = created.json().key as string;
    const ingest = async (apiKey: string, address: string) => {
      const response = await h.app.inject({
        method: "POST",
        url: "/api/v1/readings",
        headers: { "x-api-key": apiKey, "x-forwarded-for": address },
        payload: [],
      });
      if (response.statusCode === 429) refusedSeen += 1;
      return response;
    };
    const checked = await failUntilLocked((i) => ingest(`uk_guess${i}`, "203.0.113.10"));
    assert.equal(checked, ADDRESS_LOCK_AFTER);
    const blocked = await ingest(key, "203.0.113.10");
    assert.equal(blocked.statusCode, 429);
    assert.notEqual((await ingest(key, "198.51.100.50")).statusCode, 401);
    assert.notEqual((await ingest(key, "198.51.100.50")).statusCode, 429);
  });

  test("the metric counts every refused attempt, by reason", async () => {
    const metrics = await h.app.inject({ method: "GET", url: "/metrics" });
    const values = metricValues(metrics.body, "unicorn_auth_throttled_total");
    const total = [...values.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, refusedSeen);
    assert.ok((values.get("account_locked") ?? 0) > 0);
    assert.ok((values.get("address_locked") ?? 0) > 0);
    assert.ok((values.get("api_key_address_locked") ?? 0) > 0);
  });
});

describe("a login flood does not starve other requests", () => {
  let h: Harness;
  let org: TestOrganization;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Flood");
  });
  after(() => h.close());

  test("16 threads of wrong passwords on one account: almost none reach the password hash", async () => {
    let checked = 0;
    let attempts = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async (_, thread) => {
        for (let i = 0; i < 25; i++) {
          attempts += 1;
          const response = await h.app.inject({
            method: "POST",
            url: "/api/v1/auth/login",
            headers: { "x-forwarded-for": "203.0.113.50" },
            payload: { email: org.users.admin.email, password: `flood-${thread}-${i}-password` },
          });
          if (response.statusCode === 401) checked += 1;
        }
      }),
    );
    // 5 free failures, then back-off of 1, 2, 4 … s: only the attempts in flight when the failures were stored
    // (one a thread) and, on a slow machine, those in flight when a back-off window ran out reach the hash.
    const elapsedS = (performance.now() - started) / 1000;
    const windowsElapsed = Math.floor(Math.log2(elapsedS + 1));
    assert.equal(attempts, 400);
    assert.ok(
      checked <= 5 + 16 * (1 + windowsElapsed),
      `${checked} of ${attempts} attempts were hashed in ${elapsedS.toFixed(1)} s`,
    );
  });

  test("while 16 threads log in with wrong passwords from changing addresses, GET /farms stays fast", async () => {
    let flooding = true;
    let floodRequests = 0;
    const flood = Array.from({ length: 16 }, async (_, thread) => {
      for (let i = 0; flooding; i++) {
        floodRequests += 1;
        await h.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          // Each attempt from another address and account, so the throttle cannot help: only the hashing gate does.
          headers: { "x-forwarded-for": `10.${thread}.${(i >> 8) & 255}.${i & 255}` },
          payload: { email: `flood-${thread}-${i}@flood.test`, password: "wrong-password-flood" },
        });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the flood fill the hashing queue
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const farms = await h.app.inject({
        method: "GET",
        url: "/api/v1/farms",
        headers: bearer(org.tokens.viewer),
      });
      latencies.push(performance.now() - started);
      assert.equal(farms.statusCode, 200);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    flooding = false;
    await Promise.all(flood);
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)]!;
    const p90 = latencies[Math.floor(latencies.length * 0.9)]!;
    console.log(
      `# flood: ${floodRequests} login attempts; GET /farms median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms`,
    );
    assert.ok(floodRequests > 16, "the flood ran");
    assert.ok(median < 100, `median ${median.toFixed(1)} ms`);
    assert.ok(p90 < 250, `p90 ${p90.toFixed(1)} ms`);
  });
});

describe("a lock is a log event", () => {
  test("locking an account logs one warning naming the account, the failures and the address, never a password", async () => {
    const lines: string[] = [];
    const db = await createTestDatabase();
    const api = await buildApi({
      config: testApiConfig(db.url, { UNICORN_AUTH_BACKOFF_MS: "1", UNICORN_AUTH_LOCK_SECONDS: "900" }),
      pool: db.pool,
      logger: createLogger({
        service: "api",
        level: "info",
        destination: { write: (line: string) => lines.push(line) },
      }),
    });
    await api.app.ready();
    try {
      const org = await db.pool.query<{ id: string }>(
        "INSERT INTO organizations (name) VALUES ('Logged') RETURNING id",
      );
      await db.pool.query(
        "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, 'locked@logged.test', 'L', 'viewer', $2)",
        [org.rows[0]!.id, await hashPassword("the real passphrase")],
      );
      for (let i = 0; i < 40; i++) {
        const response = await api.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          headers: { "x-forwarded-for": "203.0.113.99" },
          payload: { email: "locked@logged.test", password: `wrong guess ${i}` },
        });
        if (response.statusCode === 429 && Number(response.headers["retry-after"]) > 800) break;
        if (response.statusCode === 429) await new Promise((done) => setTimeout(done, 40));
      }
      const events = lines.map((line) => JSON.parse(line)).filter((entry) => entry.event === "auth.locked");
      assert.equal(events.length, 1, lines.join(""));
      assert.equal(events[0].scope, "login_account");
      assert.equal(events[0].subject, "locked@logged.test");
      assert.equal(events[0].failures, ACCOUNT_LOCK_AFTER);
      assert.equal(events[0].clientAddress, "203.0.113.99");
      assert.ok(!lines.join("").includes("wrong guess"), "a tried password is in the log");
    } finally {
      await api.close();
      await db.drop();
    }
  });
});
