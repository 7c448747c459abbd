import assert from "node:assert/strict";

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
  // Our own files, or one named inline style by its hash (the API docs page); never 'unsafe-inline'.
  assert.match(
    directives.get("style-src") ?? "",
    /^'self'( 'sha256-[A-Za-z0-9+/]+={0,2}')*$/,
    `${what}: style-src`,
  );
  assert.equal(directives.get("object-src"), "'none'", `${what}: object-src`);
  assert.equal(directives.get("base-uri"), "'none'", `${what}: base-uri`);
  assert.equal(directives.get("frame-ancestors"), "'none'", `${what}: frame-ancestors`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, `${what}: a wildcard or unsafe source`);
}
