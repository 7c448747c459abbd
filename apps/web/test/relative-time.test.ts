import assert from "node:assert/strict";
import { test } from "node:test";
import { formatAgo } from "../src/lib/relative-time";

const now = Date.parse("2026-12-02T18:00:00Z");

test("under a minute (or a moment ahead of this clock) is just now", () => {
  assert.equal(formatAgo("2026-12-02T17:59:01Z", now), "just now");
  assert.equal(formatAgo("2026-12-02T18:00:20Z", now), "just now");
});

test("whole minutes, then hours and minutes, rounded down", () => {
  assert.equal(formatAgo("2026-12-02T17:59:00Z", now), "1 min ago");
  assert.equal(formatAgo("2026-12-02T17:55:30Z", now), "4 min ago");
  assert.equal(formatAgo("2026-12-02T17:00:01Z", now), "59 min ago");
  assert.equal(formatAgo("2026-12-02T17:00:00Z", now), "1 h ago");
  assert.equal(formatAgo("2026-12-02T15:55:00Z", now), "2 h 5 min ago");
});

test("a day or more in days", () => {
  assert.equal(formatAgo("2026-12-01T18:00:00Z", now), "1 day ago");
  assert.equal(formatAgo("2026-11-28T06:00:00Z", now), "4 days ago");
});
