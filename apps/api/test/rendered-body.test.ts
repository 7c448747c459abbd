/**
 * Conditional and compressed answers of kept bodies, checked against the header examples of RFC 9110 (Fielding,
 * Nottingham, Reschke, 2022): §12.5.3 Accept-Encoding and §13.1.2 If-None-Match.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { acceptsGzip, matchesEtag, RenderedBody } from "../src/http/serialized-reply";

test("Accept-Encoding: the RFC's examples", () => {
  assert.equal(acceptsGzip("compress, gzip"), true);
  assert.equal(acceptsGzip(""), false, "an empty field value: no encoding is preferred");
  assert.equal(acceptsGzip("*"), true);
  assert.equal(acceptsGzip("compress;q=0.5, gzip;q=1.0"), true);
  assert.equal(acceptsGzip("gzip;q=1.0, identity; q=0.5, *;q=0"), true);
  assert.equal(acceptsGzip(undefined), false);
  // q=0 means "not acceptable" (§12.4.2), whether for gzip itself or for * with gzip not named.
  assert.equal(acceptsGzip("gzip;q=0, identity"), false);
  assert.equal(acceptsGzip("br, *;q=0"), false);
  assert.equal(acceptsGzip("GZIP"), true, "content codings are case-insensitive (§8.4.1)");
});

test("If-None-Match: the RFC's examples, weak tags compared weakly", () => {
  const etag = '"xyzzy"';
  assert.equal(matchesEtag('"xyzzy"', etag), true);
  assert.equal(matchesEtag('W/"xyzzy"', etag), true);
  assert.equal(matchesEtag('"xyzzy", "r2d2xxxx", "c3piozzzz"', etag), true);
  assert.equal(matchesEtag('W/"xyzzy", W/"r2d2xxxx", W/"c3piozzzz"', etag), true);
  assert.equal(matchesEtag("*", etag), true);
  assert.equal(matchesEtag('"r2d2xxxx", "c3piozzzz"', etag), false);
  assert.equal(matchesEtag(undefined, etag), false);
});

test("a kept body: its tag follows its text alone, its gzip decodes to it and is made once", async () => {
  const body = new RenderedBody('{"series":[]}');
  assert.equal(body.etag, new RenderedBody('{"series":[]}').etag);
  assert.notEqual(body.etag, new RenderedBody('{"series":[1]}').etag);
  assert.match(body.etag, /^"[A-Za-z0-9_-]{32}"$/);
  const zipped = await body.gzipped();
  assert.equal(gunzipSync(zipped).toString("utf8"), body.json);
  assert.equal(await body.gzipped(), zipped);
});
