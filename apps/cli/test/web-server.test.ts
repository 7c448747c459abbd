import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
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
    ["a path that is not valid percent-encoding", "/api/v1/farms/%E0%A4%A"],
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

  test("a path the router refuses is a problem+json with the page's policy", async () => {
    const response = await fetch(`${urlOf(built)}/fields/%E0%A4%A`);
    assert.equal(response.status, 400);
    assert.match(response.headers.get("content-type") ?? "", /^application\/problem\+json/);
    assertSecurityHeaders(response.headers, "bad percent-encoding");
  });

  test("the page shown when the dashboard has not been built", async () => {
    const response = await fetch(`${urlOf(unbuilt)}/`);
    assert.equal(response.status, 200);
    assertSecurityHeaders(response.headers, "unbuilt page");
  });
});

/** Sends `head`, then one byte every `everyMs`; resolves with how long the server kept the socket open. */
function dribble(port: number, head: string, everyMs: number, giveUpMs: number) {
  return new Promise<{ closedAfterMs: number; answer: string }>((resolve) => {
    const started = Date.now();
    let answer = "";
    const socket = connect(port, "127.0.0.1", () => socket.write(head));
    const drip = setInterval(() => socket.write("x"), everyMs);
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, answer });
    });
  });
}

describe("the launcher's dashboard server cuts off slow clients", () => {
  let distDir: string;
  let web: FastifyInstance;
  before(async () => {
    distDir = mkdtempSync(join(tmpdir(), "unicorn-web-"));
    writeFileSync(join(distDir, "index.html"), "<!doctype html>");
    web = await startWebServer({
      distDir,
      port: 0,
      // Nothing listens there: a request that reached the proxy would fail fast, not hang.
      apiUrl: "http://127.0.0.1:9",
      slowClients: { requestTimeoutMs: 1_000, headersTimeoutMs: 500, connectionTimeoutMs: 5_000 },
    });
  });
  after(async () => {
    await web.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  test("a body sent a byte at a time to a page is cut off at the request timeout", async () => {
    const port = (web.server.address() as AddressInfo).port;
    // Fastify's defaults (no request or connection timeout) kept this open for as long as bytes kept coming.
    const { closedAfterMs } = await dribble(
      port,
      "POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n",
      200,
      10_000,
    );
    assert.ok(closedAfterMs < 4_000, `closed after ${closedAfterMs} ms`);
  });

  test("headers sent a byte at a time are cut off at the headers timeout", async () => {
    const port = (web.server.address() as AddressInfo).port;
    const { closedAfterMs } = await dribble(port, "GET / HTTP/1.1\r\nX-Slow: ", 100, 10_000);
    assert.ok(closedAfterMs < 4_000, `closed after ${closedAfterMs} ms`);
  });
});
