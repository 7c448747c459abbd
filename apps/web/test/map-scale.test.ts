import assert from "node:assert/strict";
import { test } from "node:test";
import { scaleBar } from "../src/lib/map-scale";

test("scale bar: the longest 1-2-5 distance that fits, in m/km or ft/mi", () => {
  // 2 m per pixel, 160 px at most: 320 m fits, so 200 m = 100 px.
  assert.deepEqual(scaleBar(2, 160, "metric"), { pixels: 100, label: "200 m" });
  // 10 m/px × 160 px = 1600 m: 1 km = 100 px.
  assert.deepEqual(scaleBar(10, 160, "metric"), { pixels: 100, label: "1 km" });
  // 2 m/px × 160 = 320 m = 1049.9 ft: 1000 ft = 304.8 m = 152.4 px.
  const us = scaleBar(2, 160, "us");
  assert.equal(us.label, "1000 ft");
  assert.ok(Math.abs(us.pixels - 152.4) < 1e-9);
  // 20 m/px × 160 = 3200 m = 1.988 mi: 1 mi = 1609.344 m = 80.4672 px.
  const miles = scaleBar(20, 160, "us");
  assert.equal(miles.label, "1 mi");
  assert.ok(Math.abs(miles.pixels - 80.4672) < 1e-9);
});
