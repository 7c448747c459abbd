import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type FaultProxy,
  randomFaultMode,
  seededRandom,
  startFaultProxy,
  startRandomFaults,
} from "../src/index";

/** An echo server on loopback that remembers how many of its connections are still open. */
async function startEcho(): Promise<{ server: Server; port: number; open: () => number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    socket.pipe(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as { port: number }).port, open: () => sockets.size };
}

/** A client that collects everything it hears and how the connection ended. */
async function client(port: number) {
  const socket = connect({ host: "127.0.0.1", port });
  const chunks: Buffer[] = [];
  let ended: "fin" | "reset" | "error" | undefined;
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.on("end", () => {
    ended ??= "fin";
  });
  socket.on("error", (error: NodeJS.ErrnoException) => {
    ended = error.code === "ECONNRESET" ? "reset" : "error";
  });
  await once(socket, "connect");
  return {
    socket,
    received: () => Buffer.concat(chunks),
    ended: () => ended,
    async waitFor(bytes: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (Buffer.concat(chunks).length < bytes && Date.now() < deadline) await sleep(10);
      return Buffer.concat(chunks);
    },
    async waitEnded(timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (!ended && Date.now() < deadline) await sleep(10);
      return ended;
    },
  };
}

describe("fault proxy", () => {
  let echo: Awaited<ReturnType<typeof startEcho>>;
  let proxy: FaultProxy;

  before(async () => {
    echo = await startEcho();
    proxy = await startFaultProxy({ target: { port: echo.port }, upstreamGiveUpMs: 300 });
  });
  after(async () => {
    await proxy.close();
    echo.server.close();
  });

  test("pass forwards both ways untouched and counts the bytes", async () => {
    proxy.setMode({ kind: "pass" });
    proxy.resetStats();
    const payload = randomBytes(256 * 1024);
    const c = await client(proxy.port);
    c.socket.write(payload);
    assert.deepEqual(await c.waitFor(payload.length), payload);
    assert.equal(proxy.stats().bytesToTarget, payload.length);
    assert.equal(proxy.stats().bytesToClient, payload.length);
    c.socket.end();
    assert.equal(await c.waitEnded(), "fin");
  });

  test("delay holds every chunk in both directions and keeps their order despite jitter", async () => {
    proxy.setMode({ kind: "delay", latencyMs: 120, jitterMs: 80 });
    const c = await client(proxy.port);
    const started = performance.now();
    const parts = Array.from({ length: 20 }, (_, i) => Buffer.from(`part-${String(i).padStart(2, "0")};`));
    for (const part of parts) {
      c.socket.write(part);
      await sleep(2);
    }
    const expected = Buffer.concat(parts);
    const echoed = await c.waitFor(expected.length);
    // Out and back: at least two one-way latencies.
    assert.ok(performance.now() - started >= 240, "the round trip took less than 2 × 120 ms");
    assert.equal(echoed.toString(), expected.toString());
    c.socket.destroy();
  });

  test("throttle caps each direction at its rate", async () => {
    const rate = 64 * 1024;
    proxy.setMode({ kind: "throttle", bytesPerSecond: rate });
    await sleep(100); // let the bucket fill to its burst (max(1460, rate / 20) = 3277 bytes)
    const payload = randomBytes(64 * 1024);
    const c = await client(proxy.port);
    const started = performance.now();
    c.socket.write(payload);
    assert.deepEqual(await c.waitFor(payload.length, 10_000), payload);
    // (65536 − 3277) / 65536 s ≈ 0.95 s at the very least on the way out alone.
    assert.ok(performance.now() - started >= 900, `64 KiB crossed in ${performance.now() - started} ms`);
    c.socket.destroy();
  });

  test("stall moves nothing and loses nothing; the bytes flow on when the link heals", async () => {
    proxy.setMode({ kind: "pass" });
    const c = await client(proxy.port);
    proxy.setMode({ kind: "stall" });
    const payload = randomBytes(32 * 1024);
    c.socket.write(payload);
    await sleep(300);
    assert.equal(c.received().length, 0);
    assert.equal(c.ended(), undefined);
    proxy.setMode({ kind: "pass" });
    assert.deepEqual(await c.waitFor(payload.length), payload);
    c.socket.destroy();
  });

  test("black-hole swallows open and new connections without FIN or RST; only new ones recover", async () => {
    proxy.setMode({ kind: "pass" });
    const before = await client(proxy.port);
    before.socket.write("hello");
    await before.waitFor(5);
    proxy.setMode({ kind: "black-hole" });
    const during = await client(proxy.port);
    before.socket.write("lost");
    during.socket.write("lost too");
    await sleep(500);
    assert.equal(before.received().toString(), "hello");
    assert.equal(during.received().length, 0);
    assert.equal(before.ended(), undefined);
    assert.equal(during.ended(), undefined);
    // The server side of the swallowed connection was given up after upstreamGiveUpMs (300 ms).
    assert.equal(echo.open(), 0);

    proxy.setMode({ kind: "pass" });
    before.socket.write("still lost");
    const healed = await client(proxy.port);
    healed.socket.write("back");
    assert.equal((await healed.waitFor(4)).toString(), "back");
    await sleep(200);
    assert.equal(before.received().toString(), "hello");
    for (const c of [before, during, healed]) c.socket.destroy();
  });

  test("cut closes open connections with FIN and closes new ones at once", async () => {
    proxy.setMode({ kind: "pass" });
    const open = await client(proxy.port);
    open.socket.write("x");
    await open.waitFor(1);
    proxy.setMode({ kind: "cut" });
    assert.equal(await open.waitEnded(), "fin");
    const late = await client(proxy.port);
    assert.equal(await late.waitEnded(), "fin");
    proxy.setMode({ kind: "pass" });
    for (const c of [open, late]) c.socket.destroy();
  });

  test("reset sends RST to open connections and to new ones", async () => {
    proxy.setMode({ kind: "pass" });
    const open = await client(proxy.port);
    open.socket.write("x");
    await open.waitFor(1);
    proxy.setMode({ kind: "reset" });
    assert.equal(await open.waitEnded(), "reset");
    const late = await client(proxy.port).catch(() => undefined);
    if (late) assert.equal(await late.waitEnded(), "reset");
    await sleep(100);
    assert.equal(echo.open(), 0, "the server side was reset too");
    proxy.setMode({ kind: "pass" });
  });

  test("a target that is down closes the client's connection instead of hanging it", async () => {
    const down = await startFaultProxy({ target: { port: await closedPort() } });
    try {
      const c = await client(down.port);
      assert.ok(await c.waitEnded(), "the client heard nothing");
    } finally {
      await down.close();
    }
  });

  test("setTarget sends new connections to a target restarted on another port", async () => {
    const other = await startEcho();
    try {
      proxy.setMode({ kind: "pass" });
      proxy.setTarget({ port: other.port });
      const c = await client(proxy.port);
      c.socket.write("moved");
      assert.equal((await c.waitFor(5)).toString(), "moved");
      assert.equal(other.open(), 1);
      c.socket.destroy();
    } finally {
      proxy.setTarget({ port: echo.port });
      other.server.close();
    }
  });
});

describe("random fault schedules", () => {
  test("the same seed draws the same faults", () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, () => randomFaultMode(random));
    };
    assert.deepEqual(draw(12345), draw(12345));
    assert.notDeepEqual(draw(12345), draw(54321));
    const kinds = new Set(draw(7).map((mode) => mode.kind));
    assert.ok(kinds.size >= 5, `only ${[...kinds].join(", ")} in 50 draws`);
  });

  test("a zero weight is never drawn", () => {
    const random = seededRandom(99);
    for (let i = 0; i < 200; i++)
      assert.notEqual(randomFaultMode(random, { pass: 1, reset: 0, cut: 1 }).kind, "reset");
  });

  test("a schedule is bounded in steps and leaves the link healed", async () => {
    const echo = await startEcho();
    const proxy = await startFaultProxy({ target: { port: echo.port } });
    try {
      const faults = startRandomFaults(proxy, { random: seededRandom(3), holdMs: [5, 15], maxSteps: 10 });
      await sleep(400); // 10 steps of at most 15 ms are over by now
      await faults.stop();
      assert.equal(proxy.log().length, 1 + 10 + 1, "the start, ten draws and the final heal");
      assert.deepEqual(proxy.mode(), { kind: "pass" });
      const c = await client(proxy.port);
      c.socket.write("ok");
      assert.equal((await c.waitFor(2)).toString(), "ok");
      c.socket.destroy();
    } finally {
      await proxy.close();
      echo.server.close();
    }
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
