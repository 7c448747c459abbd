import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_FIELDS, resetOfflineWarmup, warmOfflineCopy } from "../src/lib/offline-warmup";

test("every field's page data is asked for once, bounded, and a failing path does not stop the rest", async () => {
  resetOfflineWarmup();
  const asked: string[] = [];
  const get = async (path: string) => {
    asked.push(path);
    if (path.endsWith("/forecast")) throw new Error("ml down");
  };
  const ids = Array.from({ length: MAX_FIELDS + 5 }, (_, i) => `f${i}`);
  const loaded = await warmOfflineCopy(get, ids);
  // 6 paths a field for the first MAX_FIELDS fields; the forecasts fail.
  assert.equal(asked.length, MAX_FIELDS * 6);
  assert.equal(loaded, MAX_FIELDS * 5);
  assert.ok(asked.includes("/fields/f0/agronomy"));
  assert.ok(asked.includes("/field-events?fieldId=f3&limit=200"));
  assert.ok(!asked.some((p) => p.includes(`f${MAX_FIELDS}`)));
  // A second call in the same page life asks nothing more.
  await warmOfflineCopy(get, ids);
  assert.equal(asked.length, MAX_FIELDS * 6);
});
