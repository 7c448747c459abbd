/**
 * `unicorn sync status` as an operator runs it on the farm box, against an HTTP server on loopback that answers
 * GET /status the way the sync service does (the SyncStatus contract), and against a port nothing listens on.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type { SyncStatus } from "@unicorn/contracts";
import { unicorn } from "./run-cli";

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function status(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    siteId: "prairie-creek",
    online: true,
    lastSuccessAt: minutesAgo(1),
    lastAttemptAt: minutesAgo(1),
    lastError: null,
    lagSeconds: 20,
    queued: [{ table: "readings", rows: 300 }],
    conflicts: { open: 0, total: 2 },
    directions: [
      { direction: "push", lastSuccessAt: minutesAgo(1), rowsSynced: 1_000 },
      { direction: "pull", lastSuccessAt: minutesAgo(1), rowsSynced: 5 },
    ],
    ...overrides,
  };
}

describe("unicorn sync status", () => {
  let server: Server;
  let base = "";
  /** What the stand-in answers next: a status code and a body. */
  let answer: { code: number; body: unknown } = { code: 200, body: status() };

  before(async () => {
    server = createServer((request, response) => {
      if (request.url !== "/status") {
        response.writeHead(404).end();
        return;
      }
      response
        .writeHead(answer.code, { "content-type": "application/json" })
        .end(JSON.stringify(answer.body));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  const run = (args: string[], env: Record<string, string> = {}) =>
    unicorn(
      ["sync", "status", ...args],
      { UNICORN_SYNC_STATUS_URL: `${base}/status`, TZ: "UTC", ...env },
      30_000,
    );

  test("healthy sync prints the report and exits 0", async () => {
    answer = { code: 200, body: status() };
    const result = await run([]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Sync of site prairie-creek: online/);
    assert.match(result.stdout, /last success +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(1 min/);
    assert.match(result.stdout, /queued +300 rows waiting to be sent\n +readings +300/);
    assert.match(result.stdout, /conflicts +none open \(2 in all\)/);
    assert.match(result.stdout, /✓ sync is healthy/);
  });

  test("lag above --max-lag exits 1 and says by how much", async () => {
    answer = { code: 200, body: status({ lagSeconds: 1_200 }) };
    const strict = await run(["--max-lag", "600"]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /✗ sync is not healthy: lag 20 min is above the threshold of 10 min/);
    // The default threshold is the SyncLagging alert's hour: 20 minutes pass it, 70 do not.
    assert.equal((await run([])).code, 0);
    answer = { code: 200, body: status({ lagSeconds: 4_200 }) };
    const lagging = await run([]);
    assert.equal(lagging.code, 1);
    assert.match(lagging.stdout, /lag 1 h 10 min is above the threshold of 1 h/);
  });

  test("an offline link exits 1 with the service's last error", async () => {
    answer = {
      code: 200,
      body: status({
        online: false,
        lastError: "connect ETIMEDOUT 10.20.0.5:5432",
        lastSuccessAt: minutesAgo(90),
      }),
    };
    const result = await run([]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /: offline/);
    assert.match(result.stdout, /last error +connect ETIMEDOUT 10\.20\.0\.5:5432/);
    assert.match(result.stdout, /the cloud database cannot be reached/);
  });

  test("--json prints the verdict with the service's status", async () => {
    const body = status({ conflicts: { open: 3, total: 4 } });
    answer = { code: 200, body };
    const result = await run(["--json"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { healthy: true, problems: [], status: body });
  });

  test("an unreachable service exits 3 with where it looked and what to check", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await run([], { UNICORN_SYNC_STATUS_URL: `http://127.0.0.1:${port}/status` });
    assert.equal(result.code, 3);
    assert.match(
      result.stderr,
      new RegExp(
        `the sync service does not answer at http://127\\.0\\.0\\.1:${port}/status \\(connection refused\\)`,
      ),
    );
    assert.match(result.stderr, /docker compose ps sync/);
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, "stack trace printed");
    const json = await run(["--json"], { UNICORN_SYNC_STATUS_URL: `http://127.0.0.1:${port}/status` });
    assert.equal(json.code, 3);
    assert.equal(JSON.parse(json.stdout).status, null);
  });

  test("the port comes from UNICORN_SYNC_PORT when no URL is set", async () => {
    answer = { code: 200, body: status() };
    const port = new URL(base).port;
    const result = await unicorn(
      ["sync", "status"],
      { UNICORN_SYNC_STATUS_URL: "", UNICORN_SYNC_PORT: port },
      30_000,
    );
    assert.equal(result.code, 0, result.stderr);
  });

  test("an answer outside the contract or an error status is reported, not trusted", async () => {
    answer = { code: 200, body: { siteId: "x", online: "yes" } };
    const shape = await run([]);
    assert.equal(shape.code, 3);
    assert.match(shape.stderr, /answered in an unexpected shape/);
    answer = { code: 503, body: { status: "unavailable" } };
    const failing = await run([]);
    assert.equal(failing.code, 3);
    assert.match(failing.stderr, /answered 503/);
  });

  test("wrong usage exits 2 with the usage", async () => {
    const missing = await unicorn(["sync"], {}, 30_000);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /usage: unicorn sync status/);
    const badLag = await run(["--max-lag", "soon"]);
    assert.equal(badLag.code, 2);
    assert.match(badLag.stderr, /--max-lag must be a number of seconds/);
  });
});
