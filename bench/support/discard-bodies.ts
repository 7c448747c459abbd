import { createRequire } from "node:module";

/**
 * autocannon keeps every response body as a string for its `verifyBody`, `expectBody` and per-request
 * `onResponse` options (`lib/pipelinedRequestsQueue.js`, `addBody`: `req.body += chunk`), so each byte a server
 * sends is decoded as UTF-8 by the load generator, a single thread on the cores it shares with the api and
 * PostgreSQL. The read benches use none of those options. Under 50 clients that decoding was a third of the
 * generator's samples for a 30 KB gzip body (the season by hour for a field), which measured about a quarter of a
 * 10 KB one's req/s while the api itself sat idle half the time: the figure was the generator's, not the api's.
 * Bodies are still received and their bytes counted; only the string is not built. BENCH_KEEP_BODIES=1 measures
 * with the strings kept, as before.
 */
export function discardResponseBodies(): void {
  if (process.env.BENCH_KEEP_BODIES === "1") return;
  const require = createRequire(import.meta.url);
  const queue = require(require.resolve("autocannon/lib/pipelinedRequestsQueue.js")) as {
    prototype: { addBody?: (data: Buffer) => void };
  };
  // A newer autocannon that moved or renamed it must be looked at again, not silently measured the old way.
  if (typeof queue.prototype.addBody !== "function")
    throw new Error("autocannon's PipelinedRequestsQueue.addBody is gone: review discard-bodies.ts");
  queue.prototype.addBody = () => {};
}
