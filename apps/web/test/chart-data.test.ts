import assert from "node:assert/strict";
import { test } from "node:test";
import {
  alignColumns,
  bucketFor,
  mergeLivePoint,
  nextStage,
  projectRings,
  toColumns,
  toRangeColumns,
} from "../src/lib/chart-data";

test("ranges map to server-side buckets: raw for 24 h, hourly for 7 days, daily for the season", () => {
  assert.equal(bucketFor("24h"), "raw");
  assert.equal(bucketFor("7d"), "hour");
  assert.equal(bucketFor("season"), "day");
});

test("a series' columns become chart columns in seconds, converted", () => {
  const columns = toColumns(
    { time: ["2026-07-01T00:00:00Z", "2026-07-01T01:00:00Z"], value: [0, 10] },
    (c) => (c * 9) / 5 + 32,
  );
  // 0 °C = 32 °F, 10 °C = 50 °F.
  assert.deepEqual(columns, [
    [Date.UTC(2026, 6, 1) / 1000, Date.UTC(2026, 6, 1, 1) / 1000],
    [32, 50],
  ]);
});

test("a live reading is inserted in time order, replaces a same-second point, and old points leave the window", () => {
  let columns = toColumns({ time: ["2026-07-01T00:00:00Z", "2026-07-01T00:10:00Z"], value: [1, 2] });
  columns = mergeLivePoint(columns, "2026-07-01T00:05:00Z", 5);
  assert.deepEqual(columns[1], [1, 5, 2]);
  columns = mergeLivePoint(columns, "2026-07-01T00:10:00Z", 9);
  assert.deepEqual(columns[1], [1, 5, 9]);
  // A 10-minute window after a reading at 00:16 keeps 00:10 and 00:16 (cutoff 00:06).
  columns = mergeLivePoint(columns, "2026-07-01T00:16:00Z", 7, 600);
  assert.deepEqual(columns[1], [9, 7]);
});

test("next stage and how far it is", () => {
  const thresholds = [
    { code: "VT", gdd: 1135 },
    { code: "R1", gdd: 1400 },
  ];
  assert.deepEqual(nextStage(thresholds, 1200), { code: "R1", gdd: 1400, remaining: 200 });
  assert.equal(nextStage(thresholds, 1500), undefined);
});

test("field polygons fit the map box with north up, each with its label at the centre", () => {
  const { paths, centres } = projectRings(
    [
      [
        [-93.6, 42.0],
        [-93.5, 42.0],
        [-93.5, 42.1],
        [-93.6, 42.1],
        [-93.6, 42.0],
      ],
    ],
    200,
    200,
    0,
  );
  // The square is taller than wide once longitude is scaled by cos(42°) = 0.743: it spans the full height.
  const ys = [...paths[0]!.matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]));
  assert.equal(Math.min(...ys), 0);
  assert.equal(Math.max(...ys), 200);
  // The first corner (south-west) is at the bottom.
  assert.equal(ys[0], 200);
  // Centred in the 200 × 200 box both ways.
  assert.ok(Math.abs(centres[0]![0] - 100) < 1e-9 && Math.abs(centres[0]![1] - 100) < 1e-9);
});

test("buckets keep their min and max for the band; raw readings (no min, max) span their values", () => {
  const buckets = toRangeColumns({
    time: ["2026-07-01T00:00:00Z", "2026-07-01T01:00:00Z"],
    value: [10, 20],
    min: [10, 15],
    max: [10, 25],
  });
  assert.deepEqual(buckets, [
    [Date.UTC(2026, 6, 1) / 1000, Date.UTC(2026, 6, 1, 1) / 1000],
    [10, 20],
    [10, 15],
    [10, 25],
  ]);
  const raw = toRangeColumns({ time: ["2026-07-01T00:00:00Z"], value: [7] });
  assert.deepEqual(raw, [[Date.UTC(2026, 6, 1) / 1000], [7], [7], [7]]);
});

test("two sensors align on the union of their times, with gaps where one has no value", () => {
  const aligned = alignColumns([
    [
      [1, 3],
      [10, 30],
    ],
    [
      [2, 3],
      [200, 300],
    ],
  ]);
  assert.deepEqual(aligned, [
    [1, 2, 3],
    [10, null, 30],
    [null, 200, 300],
  ]);
});
