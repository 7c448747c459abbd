/**
 * Sessions that end when they should (issue 18, findings 2 and 7): forged tokens, revocation within the
 * session-check TTL, streams of revoked users, refresh-token families with replay detection, the refresh
 * cookie, stream tickets instead of tokens in URLs, and the development JWT secret.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { sha256 } from "@unicorn/credentials";
import { SignJWT } from "jose";
import { DEVELOPMENT_SECRET_FILE } from "../src/auth/development-secret";
import { openSuccessor } from "../src/auth/successor-seal";
import { TokenService } from "../src/auth/tokens";
import { ConfigError, loadApiConfig } from "../src/config";
import { bearer, type Harness, startHarness, type TestOrganization } from "./harness";
import { collectSse } from "./sse-client";

const HARNESS_SECRET = "test-secret-".repeat(4);
// What `npm start` signed with before: published in the repository, so anyone could mint an admin token.
const OLD_PUBLIC_SECRET = "development-only-jwt-secret-never-use-in-production";
const SESSION_CHECK_TTL_MS = 300;

function forge(secret: string, claims: Record<string, unknown>, subject: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuer("unicorn-api")
    .setAudience("unicorn")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(secret));
}

type Cookie = { name: string; value: string; [attribute: string]: unknown };
const refreshCookie = (response: { cookies: Cookie[] }) =>
  response.cookies.find((cookie) => cookie.name === "unicorn_refresh");

describe("sessions", () => {
  let h: Harness;
  let org: TestOrganization;
  let base: string;

  before(async () => {
    h = await startHarness({
      start: true,
      env: { UNICORN_SESSION_CHECK_TTL_MS: String(SESSION_CHECK_TTL_MS) },
    });
    org = await h.createOrganization("Sessions");
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  after(() => h.close());

  let counter = 0;
  /** A fresh user of `role` (so revoking it spoils no other test), logged in: its token and refresh cookie. */
  async function newUser(role: "agronomist" | "viewer" | "admin" = "agronomist") {
    counter += 1;
    const email = `user${counter}@sessions.test`;
    const password = `a long password ${counter}`;
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: bearer(org.tokens.admin),
      payload: { email, name: `User ${counter}`, role, password },
    });
    assert.equal(created.statusCode, 201, created.body);
    const login = await h.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password },
    });
    assert.equal(login.statusCode, 200, login.body);
    return {
      id: created.json().id as string,
      email,
      password,
      token: login.json().accessToken as string,
      refresh: refreshCookie(login)!.value,
    };
  }

  const getMe = (token: string) => h.app.inject({ method: "GET", url: "/api/v1/me", headers: bearer(token) });
  const createFarm = (token: string) =>
    h.app.inject({ method: "POST", url: "/api/v1/farms", headers: bearer(token), payload: { name: "Farm" } });
  const refresh = (cookie: string) =>
    h.app.inject({ method: "POST", url: "/api/v1/auth/refresh", cookies: { unicorn_refresh: cookie } });

  describe("forged access tokens", () => {
    test("a token signed with the old public development constant is refused (401)", async () => {
      const token = await forge(
        OLD_PUBLIC_SECRET,
        { org: org.id, role: "admin", sid: randomUUID(), ver: 1 },
        org.users.admin.id,
      );
      assert.equal((await getMe(token)).statusCode, 401);
    });

    test("with the real key, an unknown role is 401, never 500", async () => {
      for (const role of ["root", "constructor", "__proto__", "toString", ""]) {
        const token = await forge(
          HARNESS_SECRET,
          { org: org.id, role, sid: randomUUID(), ver: 1 },
          org.users.admin.id,
        );
        const response = await createFarm(token);
        assert.equal(response.statusCode, 401, `role "${role}": ${response.statusCode} ${response.body}`);
      }
    });

    test("with the real key, ids that are not UUIDs, a missing session or version are 401", async () => {
      const claims = { org: org.id, role: "admin", sid: randomUUID(), ver: 1 };
      for (const [label, overrides, subject] of [
        ["org not a uuid", { org: "not-a-uuid" }, org.users.admin.id],
        ["sub not a uuid", {}, "1 OR 1=1"],
        ["no sid", { sid: undefined }, org.users.admin.id],
        ["no ver", { ver: undefined }, org.users.admin.id],
        ["ver a string", { ver: "1" }, org.users.admin.id],
      ] as const) {
        const token = await forge(HARNESS_SECRET, { ...claims, ...overrides }, subject);
        assert.equal((await getMe(token)).statusCode, 401, label);
      }
    });

    test("with the real key, an unknown user id or a session that was never opened is 401", async () => {
      const unknownUser = await forge(
        HARNESS_SECRET,
        { org: org.id, role: "admin", sid: randomUUID(), ver: 1 },
        randomUUID(),
      );
      assert.equal((await createFarm(unknownUser)).statusCode, 401);
      const realUserNoSession = await forge(
        HARNESS_SECRET,
        { org: org.id, role: "admin", sid: randomUUID(), ver: 1 },
        org.users.admin.id,
      );
      assert.equal((await createFarm(realUserNoSession)).statusCode, 401);
    });

    test("with the real key, a real session's token cannot claim another role or organization", async () => {
      const user = await newUser("viewer");
      const { payload } = await import("jose").then(({ decodeJwt }) => ({ payload: decodeJwt(user.token) }));
      const promoted = await forge(HARNESS_SECRET, { ...payload, role: "admin" }, user.id);
      assert.equal((await createFarm(promoted)).statusCode, 401);
      const moved = await forge(HARNESS_SECRET, { ...payload, org: randomUUID() }, user.id);
      assert.equal((await getMe(moved)).statusCode, 401);
    });
  });

  describe("revocation", () => {
    test("a deleted user's token is refused at once: the deleted agronomist cannot create a farm", async () => {
      const user = await newUser("agronomist");
      assert.equal((await createFarm(user.token)).statusCode, 201);
      const removed = await h.app.inject({
        method: "DELETE",
        url: `/api/v1/users/${user.id}`,
        headers: bearer(org.tokens.admin),
      });
      assert.equal(removed.statusCode, 204);
      assert.equal((await createFarm(user.token)).statusCode, 401);
      assert.equal((await refresh(user.refresh)).statusCode, 401);
    });

    test("a demoted user's token is refused at once, and their refresh cookie no longer works", async () => {
      const user = await newUser("agronomist");
      const demoted = await h.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${user.id}`,
        headers: bearer(org.tokens.admin),
        payload: { role: "viewer" },
      });
      assert.equal(demoted.statusCode, 200);
      assert.equal((await getMe(user.token)).statusCode, 401);
      assert.equal((await refresh(user.refresh)).statusCode, 401);
      // Logging in again gives a viewer's session.
      const login = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: user.email, password: user.password },
      });
      assert.equal(login.json().user.role, "viewer");
      assert.equal((await createFarm(login.json().accessToken)).statusCode, 403);
    });

    test("a password change ends the user's sessions", async () => {
      const user = await newUser("viewer");
      const changed = await h.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${user.id}`,
        headers: bearer(org.tokens.admin),
        payload: { password: "another long password" },
      });
      assert.equal(changed.statusCode, 200);
      assert.equal((await getMe(user.token)).statusCode, 401);
    });

    test("changes made elsewhere (another replica, the CLI) are seen within the session-check TTL", async () => {
      const demotedUser = await newUser("agronomist");
      const deletedUser = await newUser("agronomist");
      // Warm the cache: this replica has just seen both sessions valid.
      assert.equal((await getMe(demotedUser.token)).statusCode, 200);
      assert.equal((await getMe(deletedUser.token)).statusCode, 200);
      await h.db.pool.query("UPDATE users SET role = 'viewer' WHERE id = $1", [demotedUser.id]);
      await h.db.pool.query("UPDATE users SET deleted_at = now() WHERE id = $1", [deletedUser.id]);
      await delay(SESSION_CHECK_TTL_MS + 100);
      assert.equal((await createFarm(demotedUser.token)).statusCode, 401);
      assert.equal((await createFarm(deletedUser.token)).statusCode, 401);
    });

    test("logout ends the session's access token too; other sessions of the user live on", async () => {
      const user = await newUser("viewer");
      const second = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: user.email, password: user.password },
      });
      const logout = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        cookies: { unicorn_refresh: user.refresh },
      });
      assert.equal(logout.statusCode, 204);
      assert.equal(refreshCookie(logout)?.value, "", "the cookie is cleared");
      assert.equal((await getMe(user.token)).statusCode, 401);
      assert.equal((await refresh(user.refresh)).statusCode, 401);
      assert.equal((await getMe(second.json().accessToken)).statusCode, 200);
    });

    test("logout everywhere ends every session of the user", async () => {
      const user = await newUser("viewer");
      const second = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: user.email, password: user.password },
      });
      const all = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout-all",
        headers: bearer(user.token),
      });
      assert.equal(all.statusCode, 204);
      assert.equal((await getMe(user.token)).statusCode, 401);
      assert.equal((await getMe(second.json().accessToken)).statusCode, 401);
      assert.equal((await refresh(refreshCookie(second)!.value)).statusCode, 401);
    });
  });

  describe("open streams of revoked users", () => {
    async function openStream(token: string) {
      const started = Date.now();
      const stream = collectSse(`${base}/api/v1/stream`, bearer(token), () => false, 15_000);
      await stream.opened;
      return { events: stream.events, started };
    }

    test("deleting a user closes their open stream within seconds", async () => {
      const user = await newUser("viewer");
      const { events } = await openStream(user.token);
      await h.app.inject({
        method: "DELETE",
        url: `/api/v1/users/${user.id}`,
        headers: bearer(org.tokens.admin),
      });
      const deleted = Date.now();
      await events; // resolves when the server ends the stream (or after 15 s)
      const closedAfter = Date.now() - deleted;
      assert.ok(closedAfter < 3 * SESSION_CHECK_TTL_MS + 1_000, `stream closed only after ${closedAfter} ms`);
    });

    test("a user deleted elsewhere (directly in the database) has their stream closed too", async () => {
      const user = await newUser("viewer");
      const { events } = await openStream(user.token);
      await h.db.pool.query("UPDATE users SET deleted_at = now() WHERE id = $1", [user.id]);
      const deleted = Date.now();
      await events;
      const closedAfter = Date.now() - deleted;
      assert.ok(closedAfter < 3 * SESSION_CHECK_TTL_MS + 1_000, `stream closed only after ${closedAfter} ms`);
    });

    test("a valid user's stream stays open", async () => {
      const user = await newUser("viewer");
      const stream = collectSse(
        `${base}/api/v1/stream`,
        bearer(user.token),
        () => false,
        4 * SESSION_CHECK_TTL_MS,
      );
      await stream.opened;
      const started = Date.now();
      await stream.events;
      // Ended by the client's own timeout, not by the server.
      assert.ok(Date.now() - started >= 4 * SESSION_CHECK_TTL_MS - 100);
    });
  });

  describe("refresh-token families", () => {
    test("refreshing rotates the cookie, and the new access token works", async () => {
      const user = await newUser("viewer");
      const rotated = await refresh(user.refresh);
      assert.equal(rotated.statusCode, 200, rotated.body);
      const next = refreshCookie(rotated)!.value;
      assert.ok(next && next !== user.refresh, "the refresh token is rotated");
      assert.equal((await getMe(rotated.json().accessToken)).statusCode, 200);
    });

    /** The token's use moved back in time, as if its grace window had passed. */
    const ageUse = (token: string, seconds: number) =>
      h.db.pool.query(
        "UPDATE refresh_tokens SET used_at = used_at - make_interval(secs => $2) WHERE token_hash = $1",
        [sha256(token), seconds],
      );

    test("replaying a used refresh token after the grace window revokes the whole family, the token that replaced it too", async () => {
      const user = await newUser("agronomist");
      const first = await refresh(user.refresh);
      assert.equal(first.statusCode, 200);
      const successor = refreshCookie(first)!.value;
      const successorAccess = first.json().accessToken as string;

      // The stolen, already used token comes back a minute later.
      await ageUse(user.refresh, 60);
      const replay = await refresh(user.refresh);
      assert.equal(replay.statusCode, 401);

      assert.equal((await refresh(successor)).statusCode, 401, "the successor refresh token is revoked");
      assert.equal((await getMe(successorAccess)).statusCode, 401, "the successor's access token is refused");
      assert.equal((await getMe(user.token)).statusCode, 401, "the original access token is refused");
    });

    test("a refresh whose answer was lost is retried within the grace window and gets the same successor", async () => {
      const user = await newUser("viewer");
      const lost = await refresh(user.refresh); // the client never saw this answer
      assert.equal(lost.statusCode, 200);
      const retry = await refresh(user.refresh);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.equal(
        refreshCookie(retry)!.value,
        refreshCookie(lost)!.value,
        "the same successor, not a new one",
      );
      assert.equal((await getMe(retry.json().accessToken)).statusCode, 200);
      // The session goes on: the successor rotates as usual.
      const next = await refresh(refreshCookie(retry)!.value);
      assert.equal(next.statusCode, 200, next.body);
      assert.equal((await getMe(next.json().accessToken)).statusCode, 200);
    });

    test("within the grace window, a used token is real reuse once its successor was used, or on a second retry", async () => {
      // The successor was used: the legitimate client got its answer, so the old token is in other hands.
      const a = await newUser("viewer");
      const aSuccessor = refreshCookie(await refresh(a.refresh))!.value;
      const aNext = await refresh(aSuccessor);
      assert.equal(aNext.statusCode, 200);
      assert.equal((await refresh(a.refresh)).statusCode, 401);
      assert.equal((await getMe(aNext.json().accessToken)).statusCode, 401, "the family is revoked");
      assert.equal((await refresh(refreshCookie(aNext)!.value)).statusCode, 401);

      // One retry is granted; a second presentation of the same used token is a replay.
      const b = await newUser("viewer");
      const bFirst = await refresh(b.refresh);
      assert.equal((await refresh(b.refresh)).statusCode, 200);
      assert.equal((await refresh(b.refresh)).statusCode, 401);
      assert.equal((await getMe(bFirst.json().accessToken)).statusCode, 401, "the family is revoked");
      assert.equal((await refresh(refreshCookie(bFirst)!.value)).statusCode, 401);
    });

    test("the stored successor opens only with the token it replaced, never from the database alone", async () => {
      const user = await newUser("viewer");
      const successor = refreshCookie(await refresh(user.refresh))!.value;
      const row = await h.db.pool.query<{ sealed: string; hash: string }>(
        "SELECT successor_sealed AS sealed, successor_hash AS hash FROM refresh_tokens WHERE token_hash = $1",
        [sha256(user.refresh)],
      );
      const { sealed, hash } = row.rows[0]!;
      assert.equal(hash, sha256(successor));
      assert.ok(!sealed.includes(successor));
      assert.equal(openSuccessor(user.refresh, sealed), successor);
      assert.equal(openSuccessor(sha256(user.refresh), sealed), undefined, "the stored hash is not the key");
      assert.equal(openSuccessor(successor, sealed), undefined);
    });

    test("of two concurrent refreshes with one token, both get the same successor", async () => {
      const user = await newUser("viewer");
      const results = await Promise.all([refresh(user.refresh), refresh(user.refresh)]);
      assert.deepEqual(
        results.map((r) => r.statusCode),
        [200, 200],
      );
      assert.equal(refreshCookie(results[0]!)!.value, refreshCookie(results[1]!)!.value);
    });

    test("refresh without a cookie, or with an unknown one, is 401", async () => {
      assert.equal((await h.app.inject({ method: "POST", url: "/api/v1/auth/refresh" })).statusCode, 401);
      assert.equal((await refresh("not-a-token")).statusCode, 401);
    });
  });

  describe("the refresh cookie", () => {
    test("is httpOnly, SameSite=Strict, scoped to the auth path, and not in the body", async () => {
      const login = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: org.users.viewer.email, password: org.users.viewer.password },
      });
      assert.equal(login.statusCode, 200);
      const header = String(login.headers["set-cookie"]);
      assert.match(header, /^unicorn_refresh=[A-Za-z0-9_-]{43};/);
      assert.match(header, /; HttpOnly/);
      assert.match(header, /; SameSite=Strict/);
      assert.match(header, /; Path=\/api\/v1\/auth(;|$)/);
      assert.match(header, /; Max-Age=604800/);
      // Plain-HTTP localhost (npm start): browsers would drop a Secure cookie.
      assert.doesNotMatch(header, /; Secure/);
      assert.equal(login.json().refreshToken, undefined);
      assert.ok(!login.body.includes(refreshCookie(login)!.value), "the refresh token is not in the body");
    });

    test("is Secure when the request came over HTTPS (through a proxy)", async () => {
      const login = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        headers: { "x-forwarded-proto": "https" },
        payload: { email: org.users.viewer.email, password: org.users.viewer.password },
      });
      assert.match(String(login.headers["set-cookie"]), /; Secure/);
      const rotated = await h.app.inject({
        method: "POST",
        url: "/api/v1/auth/refresh",
        headers: { "x-forwarded-proto": "https" },
        cookies: { unicorn_refresh: refreshCookie(login)!.value },
      });
      assert.match(String(rotated.headers["set-cookie"]), /HttpOnly.*Secure|Secure.*HttpOnly/);
    });

    test("is Secure on plain HTTP too when UNICORN_SECURE_COOKIES=true", async () => {
      const secure = await startHarness({ env: { UNICORN_SECURE_COOKIES: "true" } });
      try {
        const other = await secure.createOrganization("Secure");
        const login = await secure.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email: other.users.viewer.email, password: other.users.viewer.password },
        });
        assert.match(String(login.headers["set-cookie"]), /; Secure/);
      } finally {
        await secure.close();
      }
    });
  });

  describe("stream tickets", () => {
    const ticketFor = async (token: string) => {
      const issued = await h.app.inject({
        method: "POST",
        url: "/api/v1/stream/tickets",
        headers: bearer(token),
      });
      assert.equal(issued.statusCode, 201, issued.body);
      assert.equal(issued.json().expiresIn, 30);
      return issued.json().ticket as string;
    };

    test("a ticket opens the stream once; a second use, or an access token in the URL, is 401", async () => {
      const ticket = await ticketFor(org.tokens.viewer);
      const first = collectSse(`${base}/api/v1/stream?ticket=${ticket}`, {}, () => false, 500);
      await first.opened;
      await first.events;
      const again = await fetch(`${base}/api/v1/stream?ticket=${ticket}`);
      assert.equal(again.status, 401);
      const withToken = await fetch(`${base}/api/v1/stream?access_token=${org.tokens.viewer}`);
      assert.equal(withToken.status, 401);
    });

    test("an expired ticket is 401, and a ticket is no bearer token elsewhere", async () => {
      const ticket = await ticketFor(org.tokens.viewer);
      assert.equal((await getMe(ticket)).statusCode, 401);
      const farms = await h.app.inject({ method: "GET", url: `/api/v1/farms?ticket=${ticket}` });
      assert.equal(farms.statusCode, 401);
      await h.db.pool.query("UPDATE stream_tickets SET expires_at = now() - interval '1 second'");
      const expired = await fetch(`${base}/api/v1/stream?ticket=${ticket}`);
      assert.equal(expired.status, 401);
    });

    test("a ticket of a user deleted before it is used is 401", async () => {
      const user = await newUser("viewer");
      const ticket = await ticketFor(user.token);
      await h.app.inject({
        method: "DELETE",
        url: `/api/v1/users/${user.id}`,
        headers: bearer(org.tokens.admin),
      });
      assert.equal((await fetch(`${base}/api/v1/stream?ticket=${ticket}`)).status, 401);
    });
  });
});

describe("the development JWT secret", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "unicorn-secret-"));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const developmentEnv = (dataDir: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: "postgres://unused@127.0.0.1:1/unused",
    UNICORN_MODE: "development",
    UNICORN_DATA_DIR: dataDir,
    ...extra,
  });

  test("is generated into the data directory, owner-only (0600), and reused on the next start", () => {
    const dataDir = join(tempDir(), "nested", ".unicorn");
    const first = loadApiConfig(developmentEnv(dataDir));
    const file = join(dataDir, DEVELOPMENT_SECRET_FILE);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, "utf8").trim(), first.jwtSecret);
    // 32 random bytes, base64url.
    assert.match(first.jwtSecret, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first.jwtSecret, OLD_PUBLIC_SECRET);
    assert.equal(loadApiConfig(developmentEnv(dataDir)).jwtSecret, first.jwtSecret);
  });

  test("differs between installations", () => {
    assert.notEqual(
      loadApiConfig(developmentEnv(tempDir())).jwtSecret,
      loadApiConfig(developmentEnv(tempDir())).jwtSecret,
    );
  });

  test("a secret file left readable by others is narrowed to 0600", () => {
    const dataDir = tempDir();
    const file = join(dataDir, DEVELOPMENT_SECRET_FILE);
    writeFileSync(file, `${"k".repeat(43)}\n`, { mode: 0o644 });
    assert.equal(loadApiConfig(developmentEnv(dataDir)).jwtSecret, "k".repeat(43));
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  test("an empty or truncated secret file, or an empty UNICORN_JWT_SECRET, stops start-up with one clear line", () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DEVELOPMENT_SECRET_FILE), "\n", { mode: 0o600 });
    assert.throws(
      () => loadApiConfig(developmentEnv(dataDir)),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /jwt-secret holds no usable secret/);
        assert.ok(!error.message.includes("\n"));
        return true;
      },
    );
    for (const empty of ["", "   "]) {
      assert.throws(
        () => loadApiConfig(developmentEnv(tempDir(), { UNICORN_JWT_SECRET: empty })),
        (error: Error) =>
          error instanceof ConfigError && /UNICORN_JWT_SECRET is set but empty/.test(error.message),
      );
    }
  });

  test("a token signed with the old public constant is refused by a development installation's key", async () => {
    const config = loadApiConfig(developmentEnv(tempDir()));
    const tokens = new TokenService(config.jwtSecret, 900);
    const forged = await forge(
      OLD_PUBLIC_SECRET,
      { org: randomUUID(), role: "admin", sid: randomUUID(), ver: 1 },
      randomUUID(),
    );
    assert.equal(await tokens.verifyAccessToken(forged), undefined);
  });

  test("test mode without a secret gets a random one per process, never a constant", () => {
    const env = { DATABASE_URL: "postgres://unused@127.0.0.1:1/unused", UNICORN_MODE: "test" };
    assert.notEqual(loadApiConfig(env).jwtSecret, loadApiConfig(env).jwtSecret);
  });
});
