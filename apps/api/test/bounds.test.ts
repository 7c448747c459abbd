/**
 * Bounded work per request (issue 18): whatever one client sends, the API does a bounded amount of work, creates
 * no unbounded state, and answers every other client promptly. Each test reproduces an attack from the report.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { Worker } from "node:worker_threads";
import { MAX_BOUNDARY_POSITIONS } from "@unicorn/contracts";
import { loadApiConfig } from "../src/config";
import { bearer, createSensorWithKey, type Harness, startHarness, type TestOrganization } from "./harness";
import { collectSse } from "./sse-client";

const DAY_MS = 24 * 3600 * 1000;

describe("readings: a time window and strict timestamps", () => {
  let h: Harness;
  let org: TestOrganization;
  let sensorId: string;
  let key: string;

  const partitions = async () =>
    (
      await h.db.pool.query<{ name: string }>(
        "SELECT relname AS name FROM pg_class WHERE relname LIKE 'readings_y%' AND relkind = 'r' ORDER BY 1",
      )
    ).rows.map((row) => row.name);
  const ingest = (payload: unknown) =>
    h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: { "x-api-key": key },
      payload: payload as object,
    });
  const stored = async (time: string) =>
    (
      await h.db.pool.query("SELECT value FROM readings WHERE sensor_id = $1 AND time = $2", [sensorId, time])
    ).rows.map((row) => row.value);

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Window");
    ({ sensorId, key } = await createSensorWithKey(h, org, "air_temperature"));
  });
  after(() => h.close());

  test("a reading dated in year 50 is that item's error: its neighbours are stored and no 19xx partition appears", async () => {
    const good = new Date(Date.now() - DAY_MS).toISOString();
    const response = await ingest([
      { sensorId, time: "0050-01-01T00:00:00Z", value: 1 },
      { sensorId, time: good, value: 2 },
      { sensorId, time: "0099-12-31T23:00:00Z", value: 3 },
    ]);
    assert.equal(response.statusCode, 207, response.body);
    const result = response.json();
    assert.equal(result.accepted, 1);
    assert.deepEqual(
      result.errors.map((e: { index: number; field: string }) => [e.index, e.field]),
      [
        [0, "time"],
        [2, "time"],
      ],
    );
    assert.match(result.errors[0].detail, /outside the accepted window/);
    assert.deepEqual(await stored(good), [2]);
    assert.ok(
      (await partitions()).every((name) => name >= "readings_y1970"),
      String(await partitions()),
    );
  });

  test("2,000 distinct months in one request create no partition and answer at once", async () => {
    const before = await partitions();
    const items = Array.from({ length: 2_000 }, (_, i) => ({
      sensorId,
      time: `${String(100 + Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}-01T00:00:00Z`,
      value: 1,
    }));
    const started = performance.now();
    const response = await ingest(items);
    assert.equal(response.statusCode, 422, response.body);
    assert.ok(performance.now() - started < 2_000, `${performance.now() - started} ms`);
    assert.deepEqual(await partitions(), before);
  });

  test("the window: 5 years back and 7 days ahead by default; outside it, per-item errors", async () => {
    const inside = [new Date(Date.now() - 4 * 365 * DAY_MS), new Date(Date.now() + 6 * DAY_MS)];
    const outside = [new Date(Date.now() - 6 * 366 * DAY_MS), new Date(Date.now() + 8 * DAY_MS)];
    const response = await ingest(
      [...inside, ...outside].map((time, i) => ({ sensorId, time: time.toISOString(), value: i })),
    );
    assert.equal(response.statusCode, 207, response.body);
    assert.deepEqual(
      response.json().errors.map((e: { index: number }) => e.index),
      [2, 3],
    );
  });

  test("the window is configurable", async () => {
    const narrow = await startHarness({
      env: { UNICORN_READINGS_MAX_AGE_DAYS: "2", UNICORN_READINGS_MAX_AHEAD_DAYS: "1" },
    });
    try {
      const other = await narrow.createOrganization("Narrow");
      const device = await createSensorWithKey(narrow, other, "rain");
      const response = await narrow.app.inject({
        method: "POST",
        url: "/api/v1/readings",
        headers: { "x-api-key": device.key },
        payload: [
          { sensorId: device.sensorId, time: new Date(Date.now() - DAY_MS).toISOString(), value: 1 },
          { sensorId: device.sensorId, time: new Date(Date.now() - 3 * DAY_MS).toISOString(), value: 1 },
          { sensorId: device.sensorId, time: new Date(Date.now() + 2 * DAY_MS).toISOString(), value: 1 },
        ],
      });
      assert.equal(response.statusCode, 207, response.body);
      assert.deepEqual(
        response.json().errors.map((e: { index: number }) => e.index),
        [1, 2],
      );
    } finally {
      await narrow.close();
    }
  });

  test("impossible dates and times are refused, not rewritten; sub-millisecond precision is refused, not truncated", async () => {
    const year = new Date().getUTCFullYear();
    const cases = [
      `${year}-02-30T00:00:00Z`, // Date.parse: March 2
      `${year}-04-31T00:00:00Z`,
      `${year}-01-01T24:00:00Z`, // Date.parse: the next day
      `${year}-01-01T12:60:00Z`,
      `${year}-01-01T12:00:60Z`,
      `${year}-13-01T00:00:00Z`,
      `${year}-01-01T12:00:00+24:00`,
      `${year}-01-01T12:00:00.0004Z`, // would collide with .000 as a "duplicate"
      `${year}-01-01T12:00:00.000001Z`,
    ];
    const response = await ingest(cases.map((time) => ({ sensorId, time, value: 5 })));
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json().errors.length, cases.length);
    assert.deepEqual(
      response.json().errors.map((e: { field: string }) => e.field),
      cases.map((_, i) => `readings[${i}].time`),
    );
  });

  test("what the strict parser accepts is stored exactly", async () => {
    const day = new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10);
    const response = await ingest([
      { sensorId, time: `${day}T10:00:00.123000Z`, value: 1 }, // trailing zeros are not precision
      { sensorId, time: `${day}T12:30+02:00`, value: 2 },
      { sensorId, time: `${day} 05:00:00-0500`, value: 3 },
    ]);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(await stored(`${day}T10:00:00.123Z`), [1]);
    assert.deepEqual(await stored(`${day}T10:30:00Z`), [2]);
    assert.deepEqual(await stored(`${day}T10:00:00Z`), [3]);
  });
});

/** A simple ring of `n` positions around (lon, lat): a star with alternating radii, so no three are collinear. */
function starRing(n: number, lon = -93.62, lat = 42.03, radiusDeg = 0.004): number[][] {
  const ring = Array.from({ length: n - 1 }, (_, i) => {
    const angle = (2 * Math.PI * i) / (n - 1);
    const radius = radiusDeg * (i % 2 === 0 ? 1 : 0.999);
    return [lon + radius * Math.cos(angle), lat + radius * Math.sin(angle)];
  });
  return [...ring, ring[0]!];
}

/** How long /healthz takes, probed from another thread (so only the server's event loop is measured) during `work`. */
async function healthzLatenciesDuring(base: string, work: () => Promise<void>): Promise<number[]> {
  const prober = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const latencies = [];
     let stop = false;
     parentPort.on("message", () => { stop = true; });
     const probe = async () => (await fetch(workerData + "/healthz")).text();
     (async () => {
       for (let i = 0; i < 5; i++) await probe();
       parentPort.postMessage("started");
       while (!stop) {
         const started = performance.now();
         await probe();
         latencies.push(performance.now() - started);
         await new Promise((resolve) => setTimeout(resolve, 5));
       }
       parentPort.postMessage(latencies);
     })();`,
    { eval: true, workerData: base },
  );
  const next = () => new Promise((resolve) => prober.once("message", resolve));
  try {
    await next();
    await work();
    prober.postMessage("stop");
    return (await next()) as number[];
  } finally {
    await prober.terminate();
  }
}

describe("field boundaries: bounded validation", () => {
  let h: Harness;
  let org: TestOrganization;
  let farmId: string;
  let base: string;

  const createField = (boundary: unknown) =>
    fetch(`${base}/api/v1/fields`, {
      method: "POST",
      headers: { ...bearer(org.tokens.admin), "content-type": "application/json" },
      body: JSON.stringify({ farmId, name: "Big", boundary }),
    });

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Shapes");
    const farm = await h.app.inject({
      method: "POST",
      url: "/api/v1/farms",
      headers: bearer(org.tokens.admin),
      payload: { name: "F" },
    });
    farmId = farm.json().id;
    base = await h.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(() => h.close());

  test("/healthz answers within 100 ms while the largest allowed polygon is validated", async () => {
    const body = JSON.stringify({
      farmId,
      name: "Big",
      boundary: { type: "Polygon", coordinates: [starRing(MAX_BOUNDARY_POSITIONS)] },
    });
    const post = () =>
      fetch(`${base}/api/v1/fields`, {
        method: "POST",
        headers: { ...bearer(org.tokens.admin), "content-type": "application/json" },
        body,
      });
    // Warm up (route, pool, and the JIT: a cold process interprets the sweep's first run) so what is measured
    // is the steady state an attacker repeating the request would see.
    for (let i = 0; i < 3; i++) assert.equal((await post()).status, 201);
    const slowestProbeDuringPost = async () => {
      let status = 0;
      const latencies = await healthzLatenciesDuring(base, async () => {
        const created = await post();
        await created.arrayBuffer();
        status = created.status;
      });
      assert.equal(status, 201);
      assert.ok(latencies.length > 1, String(latencies.length));
      return Math.max(...latencies);
    };
    // A second attempt only if the first was slow: on a shared 2-core machine one probe can wait for a garbage
    // collection or the scheduler. The quadratic check this replaced blocked ~1.6 s on every attempt.
    let slowest = await slowestProbeDuringPost();
    if (slowest >= 100) slowest = Math.min(slowest, await slowestProbeDuringPost());
    assert.ok(slowest < 100, `slowest /healthz: ${slowest.toFixed(0)} ms`);
  });

  test("more positions than the cap, over all rings, is a 400 naming boundary.coordinates", async () => {
    const shell = starRing(6_000, -93.62, 42.03, 0.01);
    const hole = starRing(6_000, -93.62, 42.03, 0.002).reverse();
    const response = await createField({ type: "Polygon", coordinates: [shell, hole] });
    assert.equal(response.status, 400);
    const problem = await response.json();
    assert.equal(problem.field, "boundary.coordinates");
    assert.match(problem.detail, /at most 10000 positions/);
  });

  test("a small polygon across the antimeridian is refused, not stored as 444 million ha", async () => {
    const response = await createField({
      type: "Polygon",
      coordinates: [
        [
          [179.99, -16.5],
          [-179.99, -16.5],
          [-179.99, -16.49],
          [179.99, -16.49],
          [179.99, -16.5],
        ],
      ],
    });
    assert.equal(response.status, 400);
    const problem = await response.json();
    assert.equal(problem.field, "boundary.coordinates[0][1]");
    assert.match(problem.detail, /antimeridian/);
  });
});

describe("ingest bodies are read as streams that stop at the cap", () => {
  let h: Harness;
  let org: TestOrganization;
  let sensorId: string;
  let key: string;
  let base: string;

  const send = (contentType: string, body: Buffer | string, path = "/api/v1/readings") =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": contentType },
      body: body as BodyInit,
    });

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Streams");
    ({ sensorId, key } = await createSensorWithKey(h, org, "soil_moisture"));
    base = await h.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(() => h.close());

  test("three parallel 32 MB bodies of empty NDJSON objects: refused at the cap, fast, in bounded memory", async () => {
    const body = Buffer.from("{}\n".repeat(Math.floor((32 * 1024 * 1024 - 1) / 3)));
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const responses = await Promise.all(
      [1, 2, 3].map(async () => {
        const response = await send("application/x-ndjson", body);
        return { status: response.status, problem: await response.json() };
      }),
    );
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    for (const { status, problem } of responses) {
      assert.equal(status, 400);
      assert.match(problem.detail, /at most 50000 readings/);
    }
    assert.ok(elapsed < 5_000, `${elapsed.toFixed(0)} ms`);
    const grownMb = (rssPeak - rssBefore) / 2 ** 20;
    assert.ok(grownMb < 300, `RSS grew ${grownMb.toFixed(0)} MB`);
  });

  /** Peak RSS growth while `work` runs, sampled every 10 ms. */
  async function peakRssGrowthMb<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; grownMb: number; ms: number }> {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    try {
      const result = await work();
      return { result, grownMb: (peak - before) / 2 ** 20, ms: performance.now() - started };
    } finally {
      clearInterval(sampler);
    }
  }

  test("three parallel 32 MB JSON arrays of empty objects: refused at the cap, fast, in bounded memory", async () => {
    // `[{},{},...]`: about eleven million objects if parsed whole (gigabytes of heap), 50,001 scanned here.
    const count = Math.floor((32 * 1024 * 1024 - 2) / 3);
    const body = Buffer.from(`[${"{},".repeat(count - 1)}{}]`);
    assert.ok(body.length <= 32 * 1024 * 1024);
    const { result, grownMb, ms } = await peakRssGrowthMb(() =>
      Promise.all(
        [1, 2, 3].map(async () => {
          const response = await send("application/json", body);
          return { status: response.status, problem: await response.json() };
        }),
      ),
    );
    for (const { status, problem } of result) {
      assert.equal(status, 400);
      assert.match(problem.detail, /at most 50000 readings/);
    }
    console.log(`JSON: three 32 MB bodies refused in ${ms.toFixed(0)} ms, RSS +${grownMb.toFixed(0)} MB`);
    assert.ok(ms < 5_000, `${ms.toFixed(0)} ms`);
    assert.ok(grownMb < 300, `RSS grew ${grownMb.toFixed(0)} MB`);
  });

  test("the same object form ({readings: [...]}) is refused the same way", async () => {
    const count = Math.floor((32 * 1024 * 1024 - 20) / 3);
    const body = Buffer.from(`{"readings":[${"{},".repeat(count - 1)}{}]}`);
    const { result, grownMb } = await peakRssGrowthMb(async () => {
      const response = await send("application/json", body);
      return { status: response.status, problem: await response.json() };
    });
    assert.equal(result.status, 400);
    assert.match(result.problem.detail, /at most 50000 readings/);
    assert.ok(grownMb < 300, `RSS grew ${grownMb.toFixed(0)} MB`);
  });

  test("three parallel 32 MB CSV bodies of short rows: refused at the cap, in bounded memory", async () => {
    const row = "x,y,1\n";
    const body = Buffer.from(
      `sensor_id,time,value\n${row.repeat(Math.floor((32 * 1024 * 1024 - 21) / row.length))}`,
    );
    const { result, grownMb, ms } = await peakRssGrowthMb(() =>
      Promise.all([1, 2, 3].map(async () => (await send("text/csv", body, "/api/v1/readings/csv")).status)),
    );
    assert.deepEqual(result, [400, 400, 400]);
    console.log(`CSV: three 32 MB bodies refused in ${ms.toFixed(0)} ms, RSS +${grownMb.toFixed(0)} MB`);
    assert.ok(grownMb < 300, `RSS grew ${grownMb.toFixed(0)} MB`);
  });

  test("a JSON body past the limit is 413 naming the limit, and a valid JSON batch is stored as before", async () => {
    const oversized = Buffer.alloc(33 * 1024 * 1024, 0x20);
    const response = await send("application/json", oversized);
    assert.equal(response.status, 413);
    assert.match((await response.json()).detail, /33554432 bytes/);
    const time = new Date(Date.now() - DAY_MS).toISOString();
    const ok = await send(
      "application/json; charset=utf-8",
      JSON.stringify({ readings: [{ sensorId, time, value: 0.25 }], note: { nested: [1, "]"] } }, null, 2),
    );
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal((await ok.json()).accepted, 1);
  });

  test("a CSV of more rows than the cap is refused the same way", async () => {
    const rows = `sensor_id,time,value\n${`${sensorId},2026-06-01T00:00:00Z,1\n`.repeat(60_000)}`;
    const started = performance.now();
    const response = await send("text/csv", rows, "/api/v1/readings/csv");
    assert.equal(response.status, 400);
    assert.match((await response.json()).detail, /at most 50000 readings/);
    assert.ok(performance.now() - started < 5_000);
  });

  test("a body past the limit is 413 without being held, whatever Content-Length said", async () => {
    const oversized = Buffer.alloc(33 * 1024 * 1024, 0x20); // spaces: no lines, so only the limit stops it
    const response = await send("application/x-ndjson", oversized);
    assert.equal(response.status, 413);
    const csv = await send("text/csv", oversized, "/api/v1/readings/csv");
    assert.equal(csv.status, 413);
  });

  test("a line longer than a reading can be is that item's error, not a parse of it", async () => {
    const time = new Date(Date.now() - DAY_MS).toISOString();
    const long = JSON.stringify({ sensorId, time, value: 1, padding: "x".repeat(5_000) });
    const good = JSON.stringify({ sensorId, time, value: 0.3 });
    const response = await send("application/x-ndjson", `${long}\n${good}\n`);
    assert.equal(response.status, 207);
    const result = await response.json();
    assert.equal(result.accepted, 1);
    assert.match(result.errors[0].detail, /longer than/);
  });

  test("text/plain is not read as NDJSON: 415", async () => {
    const time = new Date(Date.now() - DAY_MS).toISOString();
    const response = await send("text/plain", JSON.stringify({ sensorId, time, value: 0.3 }));
    assert.equal(response.status, 415);
  });

  test("CSV numbers are decimal: 0x10, 0b11 and 1_000 are not read as numbers", async () => {
    const time = new Date(Date.now() - DAY_MS).toISOString();
    const csv = `sensor_id,time,value\n${sensorId},${time},0x10\n${sensorId},${time},0b11\n${sensorId},${time},1_000\n${sensorId},${new Date(Date.now() - 2 * DAY_MS).toISOString()},1.5e-1\n`;
    const response = await send("text/csv", csv, "/api/v1/readings/csv");
    assert.equal(response.status, 207);
    const result = await response.json();
    assert.deepEqual(
      result.errors.map((e: { index: number; field: string }) => [e.index, e.field]),
      [
        [0, "value"],
        [1, "value"],
        [2, "value"],
      ],
    );
  });
});

describe("slow clients are cut off", () => {
  let h: Harness;
  let port: number;
  let key: string;

  before(async () => {
    h = await startHarness({
      env: { UNICORN_REQUEST_TIMEOUT_MS: "2000", UNICORN_HEADERS_TIMEOUT_MS: "1000" },
    });
    ({ key } = await createSensorWithKey(h, await h.createOrganization("Slow"), "rain"));
    const base = await h.app.listen({ host: "127.0.0.1", port: 0 });
    port = Number(new URL(base).port);
  });
  after(() => h.close());

  /** Opens a connection, writes `head`, then one byte every `everyMs`; resolves with when the server closed it. */
  function dribble(
    head: string,
    everyMs: number,
    giveUpMs: number,
  ): Promise<{ closedAfterMs: number; reply: string }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = connect(port, "127.0.0.1");
      let reply = "";
      const timer = setInterval(() => socket.write("a"), everyMs);
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error(`still open after ${giveUpMs} ms`));
      }, giveUpMs);
      socket.on("data", (data) => {
        reply += data.toString();
      });
      socket.on("error", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ closedAfterMs: performance.now() - started, reply });
      });
      socket.write(head);
    });
  }

  test("a body sent a byte at a time is closed after the request timeout", async () => {
    const { closedAfterMs, reply } = await dribble(
      `POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${key}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n`,
      300,
      10_000,
    );
    assert.ok(closedAfterMs < 6_000, `${closedAfterMs.toFixed(0)} ms`);
    assert.match(reply, /^HTTP\/1.1 408/);
  });

  test("headers sent a byte at a time are closed after the headers timeout", async () => {
    const { closedAfterMs } = await dribble("GET /healthz HTTP/1.1\r\nX-Slow: ", 300, 10_000);
    assert.ok(closedAfterMs < 5_000, `${closedAfterMs.toFixed(0)} ms`);
  });

  test("the timeouts are configurable and the headers timeout may not exceed the request timeout", () => {
    assert.throws(
      () =>
        loadApiConfig({
          DATABASE_URL: "postgres://x",
          UNICORN_REQUEST_TIMEOUT_MS: "1000",
          UNICORN_HEADERS_TIMEOUT_MS: "5000",
        }),
      /UNICORN_HEADERS_TIMEOUT_MS/,
    );
  });
});

describe("numbers in queries and calculators have meaningful bounds", () => {
  let h: Harness;
  let org: TestOrganization;
  const calc = (path: string, payload: object) =>
    h.app.inject({
      method: "POST",
      url: `/api/v1/calc/${path}`,
      headers: bearer(org.tokens.viewer),
      payload,
    });
  const get = (url: string) => h.app.inject({ method: "GET", url, headers: bearer(org.tokens.viewer) });

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Numbers");
  });
  after(() => h.close());

  test("offset=1e20 and year=2147483648 are 400 naming the parameter, not 500", async () => {
    for (const [url, field] of [
      ["/api/v1/farms?offset=100000000000000000000", "offset"],
      ["/api/v1/farms?offset=1000001", "offset"],
      ["/api/v1/seasons?year=2147483648", "year"],
      ["/api/v1/seasons?year=-5", "year"],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      assert.match(response.json().field ?? response.json().detail, new RegExp(field));
    }
    assert.equal((await get("/api/v1/farms?offset=1000000")).statusCode, 200);
  });

  test("a seeding curve with quadratic -1e-300 has no finite optimum: 422, not -2.5e300", async () => {
    const response = await calc("seeding-rate", {
      response: { intercept: 80, linear: 6.5, quadratic: -1e-300 },
      seedPricePerThousand: 3,
      cornPricePerBu: 4,
    });
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json().field, "response.quadratic");
  });

  test("a nitrogen curve of 1e308 coefficients is a 400 naming the coefficient, not 500", async () => {
    const response = await calc("nitrogen", {
      response: { intercept: 1e308, linear: 1e308, quadratic: -1e308 },
      nitrogenPricePerLb: 0.5,
      cornPricePerBu: 4,
    });
    assert.equal(response.statusCode, 400, response.body);
    assert.match(response.json().field, /^response\./);
  });

  test("published curves still work (Iowa State MRTN-style soybean-corn curve, a 6.5/-0.09 seeding curve)", async () => {
    const nitrogen = await calc("nitrogen", {
      response: { intercept: 160, linear: 0.45, quadratic: -0.00125 },
      nitrogenPricePerLb: 0.5,
      cornPricePerBu: 4,
    });
    assert.equal(nitrogen.statusCode, 200, nitrogen.body);
    // EONR = (price ratio − b) / 2c = (0.125 − 0.45) / (2 × −0.00125) = 130 lb N/acre.
    assert.equal(nitrogen.json().eonrLbPerAcre, 130);
    const seeding = await calc("seeding-rate", {
      response: { intercept: 80, linear: 6.5, quadratic: -0.09 },
      seedPricePerThousand: 3,
      cornPricePerBu: 4,
    });
    assert.equal(seeding.statusCode, 200, seeding.body);
    // (0.75 − 6.5) / (2 × −0.09) = 31.94 thousand seeds/acre.
    assert.equal(seeding.json().optimumThousandSeedsPerAcre, 31.94);
  });
});

describe("stream event ids reveal nothing of other organizations", () => {
  let h: Harness;
  let base: string;

  before(async () => {
    h = await startHarness({ start: true });
    base = await h.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(() => h.close());

  test("each organization numbers its own events, and Last-Event-ID resumes in that numbering", async () => {
    const busy = await h.createOrganization("Busy");
    const quiet = await h.createOrganization("Quiet");
    const busyDevice = await createSensorWithKey(h, busy, "rain");
    const quietDevice = await createSensorWithKey(h, quiet, "rain");
    const ingest = (device: { sensorId: string; key: string }, hoursAgo: number) =>
      fetch(`${base}/api/v1/readings`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": device.key },
        body: JSON.stringify([
          {
            sensorId: device.sensorId,
            time: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
            value: 1,
          },
        ]),
      });
    // The busy organization's 25 batches must not show in the quiet one's ids.
    for (let i = 0; i < 25; i++) assert.equal((await ingest(busyDevice, i + 1)).status, 200);

    const first = collectSse(`${base}/api/v1/stream`, bearer(quiet.tokens.viewer), (e) => e.length >= 1);
    await first.opened;
    assert.equal((await ingest(quietDevice, 1)).status, 200);
    const [seen] = await first.events;
    assert.equal(seen?.id, "1");

    await ingest(quietDevice, 2);
    await ingest(busyDevice, 30);
    await ingest(quietDevice, 3);
    const resumed = await collectSse(
      `${base}/api/v1/stream`,
      { ...bearer(quiet.tokens.viewer), "last-event-id": "1" },
      (e) => e.length >= 2,
    ).events;
    assert.deepEqual(
      resumed.map((e) => e.id),
      ["2", "3"],
    );
  });
});
