/**
 * The dashboard's API client keeps tokens out of script-readable storage and out of every URL it uses
 * (issue 18): the access token stays in memory, the refresh token is the server's httpOnly cookie, and the
 * live stream opens with a single-use ticket.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

const ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.access-token-under-test.signature";
const TICKET = "ticket-under-test";

const stored = new Map<string, string>();
const storage = {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => void stored.set(key, value),
  removeItem: (key: string) => void stored.delete(key),
};
Object.assign(globalThis, { localStorage: storage, sessionStorage: storage });

interface Call {
  url: string;
  init: RequestInit | undefined;
}
let calls: Call[] = [];
let refreshWorks = true;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = String(input);
  calls.push({ url, init });
  const authorization = new Headers(init?.headers).get("authorization");
  if (url.endsWith("/auth/login")) return json(200, { accessToken: ACCESS_TOKEN, expiresIn: 900, user: {} });
  if (url.endsWith("/auth/refresh"))
    return refreshWorks ? json(200, { accessToken: ACCESS_TOKEN, expiresIn: 900 }) : json(401, {});
  if (url.endsWith("/auth/logout")) return new Response(null, { status: 204 });
  if (authorization !== `Bearer ${ACCESS_TOKEN}`) return json(401, { title: "Unauthorized" });
  if (url.endsWith("/stream/tickets")) return json(201, { ticket: TICKET, expiresIn: 30 });
  return json(200, { ok: true });
}) as typeof fetch;

const client = await import("../src/api/client");

describe("dashboard session client", () => {
  beforeEach(async () => {
    await client.logout();
    stored.clear();
    calls = [];
    refreshWorks = true;
  });

  test("after login the access token is in no storage a script can read", async () => {
    await client.login("a@b.test", "pw");
    for (const [key, value] of stored) {
      assert.ok(!value.includes(ACCESS_TOKEN), `localStorage ${key} holds the access token`);
    }
    assert.equal(client.loadSession(), true);
    await client.api("/farms");
    const farms = calls.find((call) => call.url.endsWith("/farms"));
    assert.equal(new Headers(farms?.init?.headers).get("authorization"), `Bearer ${ACCESS_TOKEN}`);
  });

  test("the live stream URL carries a ticket, never the access token", async () => {
    await client.login("a@b.test", "pw");
    const url = await client.streamUrl("42");
    assert.equal(url, `/api/v1/stream?ticket=${TICKET}&lastEventId=42`);
    await client.api("/farms");
    for (const call of calls) {
      assert.ok(!call.url.includes(ACCESS_TOKEN), `${call.url} carries the access token`);
      assert.ok(!/access_token|[?&]token=/.test(call.url), `${call.url} carries a token parameter`);
    }
  });

  test("refresh sends no token in the body or URL: the browser's cookie is the credential", async () => {
    await client.login("a@b.test", "pw");
    assert.equal(await client.refreshSession(), true);
    const call = calls.find((c) => c.url.endsWith("/auth/refresh"));
    assert.equal(call?.url, "/api/v1/auth/refresh");
    assert.equal(call?.init?.body, undefined);
  });

  test("a reload (no token in memory) resumes the session through the refresh cookie", async () => {
    stored.set("unicorn.signedIn", "1");
    assert.equal(client.loadSession(), true);
    assert.deepEqual(await client.api("/farms"), { ok: true });
    assert.ok(calls.some((call) => call.url.endsWith("/auth/refresh")));
  });

  test("when the refresh cookie is refused, the session ends and listeners hear of it", async () => {
    stored.set("unicorn.signedIn", "1");
    refreshWorks = false;
    let expired = 0;
    const stop = client.onSessionExpired(() => {
      expired += 1;
    });
    await assert.rejects(
      client.api("/farms"),
      (error: Error) => error instanceof client.ApiError && error.status === 401,
    );
    stop();
    assert.equal(expired, 1);
    assert.equal(client.loadSession(), false);
  });

  test("an ended session clears the device's copy: cached answers and the offline field list", async () => {
    const deleted: string[] = [];
    Object.assign(globalThis, {
      caches: {
        delete: async (name: string) => {
          deleted.push(name);
          return true;
        },
      },
    });
    try {
      stored.set("unicorn.signedIn", "1");
      stored.set("unicorn.scouting.fields", '[{"id":"f1","name":"North"}]');
      refreshWorks = false;
      await assert.rejects(client.api("/farms"));
      assert.deepEqual(deleted, ["unicorn-api"]);
      assert.equal(stored.has("unicorn.scouting.fields"), false);
    } finally {
      Reflect.deleteProperty(globalThis, "caches");
    }
  });
});
