import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { contentSecurityPolicy } from "@unicorn/http";
import type { FastifyInstance } from "fastify";
import { assertSecurityHeaders } from "../../api/test/security-headers-assertions";
import { startWebServer } from "../src/launcher/web-server";

const urlOf = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

describe("the launcher's dashboard server sends the security headers", () => {
  let distDir: string;
  let upstream: Server;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;
  const forwardedFor: string[] = [];
  before(async () => {
    distDir = mkdtempSync(join(tmpdir(), "unicorn-web-"));
    mkdirSync(join(distDir, "assets"));
    writeFileSync(
      join(distDir, "index.html"),
      '<!doctype html><script type="module" src="/assets/a.js"></script>',
    );
    writeFileSync(join(distDir, "assets/a.js"), "console.log(1)");
    // An upstream that sets none of the headers itself: the proxy must still answer with them.
    upstream = createServer((request, response) => {
      forwardedFor.push(String(request.headers["x-forwarded-for"]));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    built = await startWebServer({ distDir, port: 0, apiUrl });
    unbuilt = await startWebServer({ distDir: join(distDir, "missing"), port: 0, apiUrl });
  });
  after(async () => {
    await built.close();
    await unbuilt.close();
    await new Promise((resolve) => upstream.close(resolve));
    rmSync(distDir, { recursive: true, force: true });
  });

  for (const [what, path] of [
    ["the dashboard page", "/"],
    ["a bundled script", "/assets/a.js"],
    ["a client-side route", "/fields/123"],
    ["a proxied API response", "/api/v1/farms"],
    ["a missing asset", "/assets/none.js"],
  ] as const)
    test(what, async () => {
      const response = await fetch(`${urlOf(built)}${path}`);
      assert.ok(response.status < 500, `${path}: ${response.status}`);
      assertSecurityHeaders(response.headers, what);
    });

  test("the api sees the caller's own address, never an X-Forwarded-For the caller sent", async () => {
    forwardedFor.length = 0;
    await fetch(`${urlOf(built)}/api/v1/farms`, { headers: { "x-forwarded-for": "6.6.6.6" } });
    assert.deepEqual(forwardedFor, ["127.0.0.1"]);
  });

  test("with a configured tile origin the page's policy allows images from it and nothing else more", async () => {
    const withTiles = await startWebServer({
      distDir,
      port: 0,
      apiUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      imageOrigins: ["http://tiles.farm.lan:8080"],
    });
    try {
      const policy = (await fetch(`${urlOf(withTiles)}/`)).headers.get("content-security-policy");
      assert.equal(policy, contentSecurityPolicy(["http://tiles.farm.lan:8080"]));
      assert.match(policy ?? "", /img-src 'self' data: http:\/\/tiles\.farm\.lan:8080;/);
      assert.match(policy ?? "", /connect-src 'self';/);
    } finally {
      await withTiles.close();
    }
  });

  test("the page shown when the dashboard has not been built", async () => {
    const response = await fetch(`${urlOf(unbuilt)}/`);
    assert.equal(response.status, 200);
    assertSecurityHeaders(response.headers, "unbuilt page");
  });
});
