import assert from "node:assert/strict";
import { test } from "node:test";
import { relaxTowards } from "../src/demo/sensor-simulator";

test("a live reading starts where the history ends: no step at the first tick", () => {
  assert.equal(relaxTowards(4, 8, 0), 4);
  // 5 s of a one-hour relaxation moves 4 °C by 4 × (1 − e^(−5/3600)) = 0.0056 °C, not 4 °C.
  assert.ok(Math.abs(relaxTowards(4, 8, 5) - 4.005_553) < 1e-5);
});

test("after one time constant the gap to the model has shrunk to 1/e (10 → 20: 16.32), after many it is gone", () => {
  assert.ok(Math.abs(relaxTowards(10, 20, 3_600) - 16.321_206) < 1e-5);
  assert.ok(Math.abs(relaxTowards(10, 20, 36_000) - 20) < 1e-3);
  assert.equal(relaxTowards(10, 20, -5), 10);
});
