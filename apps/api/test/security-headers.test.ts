import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { bearer, type Harness, startHarness, type TestOrganization } from "./harness";

/**
 * What a browser needs to refuse framing (clickjacking), MIME sniffing, referrer leaks and any script or
 * style not served by us. Written out here rather than imported, so a weakened policy fails the test.
 */
export function assertSecurityHeaders(headers: Headers | Record<string, unknown>, what: string): void {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined);
  assert.equal(get("x-content-type-options"), "nosniff", `${what}: x-content-type-options`);
  assert.equal(get("x-frame-options"), "DENY", `${what}: x-frame-options`);
  assert.equal(get("referrer-policy"), "no-referrer", `${what}: referrer-policy`);
  const csp = get("content-security-policy");
  assert.ok(csp, `${what}: no content-security-policy`);
  const directives = new Map(
    csp.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );
  assert.equal(directives.get("default-src"), "'self'", `${what}: default-src`);
  assert.equal(directives.get("script-src"), "'self'", `${what}: script-src`);
  assert.equal(directives.get("style-src"), "'self'", `${what}: style-src`);
  assert.equal(directives.get("object-src"), "'none'", `${what}: object-src`);
  assert.equal(directives.get("base-uri"), "'none'", `${what}: base-uri`);
  assert.equal(directives.get("frame-ancestors"), "'none'", `${what}: frame-ancestors`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, `${what}: a wildcard or unsafe source`);
}

describe("security headers on every API response", () => {
  let h: Harness;
  let org: TestOrganization;
  before(async () => {
    h = await startHarness({ start: true });
    org = await h.createOrganization("Headers");
  });
  after(() => h.close());

  const cases: Array<{
    what: string;
    method: "GET" | "POST";
    url: string;
    auth?: boolean;
    payload?: unknown;
  }> = [
    { what: "liveness", method: "GET", url: "/healthz" },
    { what: "readiness", method: "GET", url: "/readyz" },
    { what: "metrics", method: "GET", url: "/metrics" },
    { what: "a JSON list", method: "GET", url: "/api/v1/farms", auth: true },
    { what: "a created resource", method: "POST", url: "/api/v1/farms", auth: true, payload: { name: "H" } },
    { what: "a 401 problem", method: "GET", url: "/api/v1/farms" },
    { what: "a 400 problem", method: "POST", url: "/api/v1/farms", auth: true, payload: { name: 5 } },
    { what: "an unknown route", method: "GET", url: "/api/v1/nowhere" },
    {
      what: "a failed login",
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "a@b.c", password: "x" },
    },
    { what: "the API docs page", method: "GET", url: "/api/docs/static/index.html" },
    { what: "the OpenAPI document", method: "GET", url: "/api/docs/json" },
  ];
  for (const c of cases)
    test(c.what, async () => {
      const response = await h.app.inject({
        method: c.method,
        url: c.url,
        ...(c.auth ? { headers: bearer(org.tokens.admin) } : {}),
        ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
      });
      assert.ok(response.statusCode < 500, `${c.url}: ${response.statusCode} ${response.body}`);
      assertSecurityHeaders(response.headers, c.what);
    });

  test("the live stream, whose reply is written by hand", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = h.app.server.address() as AddressInfo;
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/stream`, {
      headers: bearer(org.tokens.viewer),
      signal: abort.signal,
    });
    assert.equal(response.status, 200);
    assertSecurityHeaders(response.headers, "stream");
    abort.abort();
    await response.body?.cancel().catch(() => {});
  });
});
