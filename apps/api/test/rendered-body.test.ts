/**
 * Conditional and compressed answers of kept bodies, checked against the header examples of RFC 9110 (Fielding,
 * Nottingham, Reschke, 2022): §12.5.3 Accept-Encoding and §13.1.2 If-None-Match.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { matchesEtag, preferredCoding, RenderedBody } from "../src/http/serialized-reply";

test("Accept-Encoding: the RFC's examples, and the header browsers send", () => {
  assert.equal(preferredCoding("compress, gzip"), "gzip");
  assert.equal(preferredCoding(""), undefined, "an empty field value: no encoding is preferred");
  assert.equal(preferredCoding("*"), "br", "any coding: the smaller");
  assert.equal(preferredCoding("compress;q=0.5, gzip;q=1.0"), "gzip");
  assert.equal(preferredCoding("gzip;q=1.0, identity; q=0.5, *;q=0"), "gzip");
  assert.equal(preferredCoding(undefined), undefined);
  // q=0 means "not acceptable" (§12.4.2), whether for a coding itself or for * with the coding not named.
  assert.equal(preferredCoding("gzip;q=0, identity"), undefined);
  assert.equal(preferredCoding("br, *;q=0"), "br");
  assert.equal(preferredCoding("br;q=0, *"), "gzip");
  assert.equal(preferredCoding("GZIP"), "gzip", "content codings are case-insensitive (§8.4.1)");
  // The higher weight wins; on a tie (every browser's header) the smaller coding.
  assert.equal(preferredCoding("gzip, deflate, br"), "br");
  assert.equal(preferredCoding("br;q=0.5, gzip"), "gzip");
  assert.equal(preferredCoding("gzip;q=0.8, br;q=0.9"), "br");
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

test("a kept body: its tag follows its text alone, each encoding decodes to it and is made once", async () => {
  const body = new RenderedBody('{"series":[]}');
  assert.equal(body.etag, new RenderedBody('{"series":[]}').etag);
  assert.notEqual(body.etag, new RenderedBody('{"series":[1]}').etag);
  assert.match(body.etag, /^"[A-Za-z0-9_-]{32}"$/);
  const zipped = await body.encoded("gzip");
  assert.equal(gunzipSync(zipped).toString("utf8"), body.json);
  assert.equal(await body.encoded("gzip"), zipped);
  const brotli = await body.encoded("br");
  assert.equal(brotliDecompressSync(brotli).toString("utf8"), body.json);
  assert.equal(await body.encoded("br"), brotli);
});
