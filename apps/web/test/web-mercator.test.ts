import assert from "node:assert/strict";
import { test } from "node:test";
import { groundResolution, tileCorner, tileOf, tilesCovering, zoomFor } from "../src/lib/web-mercator";

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

test("ground resolution matches the Bing Maps Tile System table (equator, levels 1 and 12)", () => {
  // Schwartz (2009), "Bing Maps Tile System", table of ground resolution: level 1 78,271.5170 m/px,
  // level 12 38.2185 m/px.
  close(groundResolution(0, 1), 78_271.517, 0.001);
  close(groundResolution(0, 12), 38.2185, 0.0001);
  // At 42° N: 38.2185 · cos 42° = 28.4019 m/px (hand calculation).
  close(groundResolution(42, 12), 28.4019, 0.0001);
});

test("tile numbers and corners by the slippy-map formulas (hand calculation for Ames, Iowa)", () => {
  // lon −93.6, lat 42.0, zoom 12 (n = 4096): x = ⌊86.4/360 · 4096⌋ = ⌊983.04⌋ = 983;
  // ln(tan 42° + sec 42°) = 0.80920, y = ⌊(1 − 0.80920/π)/2 · 4096⌋ = ⌊1520.5⌋ = 1520.
  assert.deepEqual(tileOf(-93.6, 42, 12), { x: 983, y: 1520 });
  // Its north-west corner: 983/4096 · 360 − 180 = −93.603515625; atan(sinh(π(1 − 2·1520/4096))) = 42.03297°.
  const [lon, lat] = tileCorner(983, 1520, 12);
  assert.equal(lon, -93.603515625);
  close(lat, 42.03297, 0.00001);
  assert.deepEqual(tileOf(0, 0, 0), { x: 0, y: 0 });
});

test("the zoom follows the view's scale, within the source's limit", () => {
  // A view of 28.4 m/px at 42° N is level 12; four times finer is level 14; the source stops at 13.
  assert.equal(zoomFor(28.4019, 42, 19), 12);
  assert.equal(zoomFor(28.4019 / 4, 42, 19), 14);
  assert.equal(zoomFor(28.4019 / 4, 42, 13), 13);
});

test("tiles covering a box are listed row by row with their URLs, and bounded in number", () => {
  const tiles = tilesCovering(
    { west: -93.61, south: 42.0, east: -93.59, north: 42.01 },
    12,
    "http://tiles.lan/{z}/{x}/{y}.png",
  );
  assert.deepEqual(
    tiles.map((t) => t.url),
    ["http://tiles.lan/12/982/1520.png", "http://tiles.lan/12/983/1520.png"],
  );
  assert.equal(tilesCovering({ west: -180, south: -80, east: 180, north: 80 }, 10, "{z}/{x}/{y}").length, 64);
});
