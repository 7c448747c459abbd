import assert from "node:assert/strict";
import { test } from "node:test";
import { monthsSpanned } from "../src/readings-pusher";

const months = (first: string | null, last: string | null) =>
  monthsSpanned({ first: first ? new Date(first) : null, last: last ? new Date(last) : null }).map((d) =>
    d.toISOString().slice(0, 7),
  );

test("a batch's partitions: every UTC month from its first reading to its last", () => {
  // 31 January 23:00Z to 1 March 00:30Z touches January, February and March.
  assert.deepEqual(months("2026-01-31T23:00:00Z", "2026-03-01T00:30:00Z"), ["2026-01", "2026-02", "2026-03"]);
  // December to January crosses the year.
  assert.deepEqual(months("2025-12-15T00:00:00Z", "2026-01-02T00:00:00Z"), ["2025-12", "2026-01"]);
  assert.deepEqual(months("2026-06-10T00:00:00Z", "2026-06-20T00:00:00Z"), ["2026-06"]);
  assert.deepEqual(months(null, null), []);
});
