import assert from "node:assert/strict";
import { test } from "node:test";
import { VersionedCache } from "../src/http/versioned-cache";

test("an entry is served while its version holds, rendered again when the version changes", async () => {
  const cache = new VersionedCache(10, 60_000);
  let renders = 0;
  const render = (body: string) => async () => {
    renders++;
    return body;
  };
  assert.equal(await cache.serve("k", "v1", render("a")), "a");
  assert.equal(await cache.serve("k", "v1", render("b")), "a");
  assert.equal(await cache.serve("k", "v2", render("c")), "c");
  assert.equal(renders, 2);
});

test("concurrent misses on one key and version share a single render", async () => {
  const cache = new VersionedCache(10, 60_000);
  let renders = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const render = async () => {
    renders++;
    await gate;
    return "body";
  };
  const pending = Array.from({ length: 5 }, () => cache.serve("k", "v", render));
  release();
  assert.deepEqual(await Promise.all(pending), Array(5).fill("body"));
  assert.equal(renders, 1);
});

test("a failed render is not kept; entries expire after the maximum age; the least recently used go first", async () => {
  let now = 0;
  const cache = new VersionedCache(2, 1_000, () => now);
  await assert.rejects(
    cache.serve("k", "v", async () => {
      throw new Error("boom");
    }),
  );
  assert.equal(await cache.serve("k", "v", async () => "after"), "after");

  now = 999;
  assert.equal(await cache.serve("k", "v", async () => "fresh"), "after");
  now = 1_000;
  assert.equal(await cache.serve("k", "v", async () => "expired"), "expired");

  await cache.serve("a", "v", async () => "a");
  await cache.serve("k", "v", async () => "unused"); // k used again: a is now the least recent
  await cache.serve("b", "v", async () => "b");
  assert.equal(cache.size, 2);
  assert.equal(await cache.serve("k", "v", async () => "evicted?"), "expired");
  assert.equal(await cache.serve("a", "v", async () => "a again"), "a again");
});

test("each request is told as a hit or a miss", async () => {
  const outcomes: string[] = [];
  const cache = new VersionedCache<string>(10, 60_000, Date.now, (outcome) => outcomes.push(outcome));
  const render = async () => "body";
  await cache.serve("k", "v1", render);
  await cache.serve("k", "v1", render);
  await cache.serve("k", "v2", render);
  assert.deepEqual(outcomes, ["miss", "hit", "miss"]);
});
