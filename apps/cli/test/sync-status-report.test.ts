import assert from "node:assert/strict";
import { test } from "node:test";
import type { SyncStatus } from "@unicorn/contracts";
import { assessSync, formatDuration, formatSyncReport, formatTime } from "../src/sync/status-report";

const healthy: SyncStatus = {
  siteId: "prairie-creek",
  online: true,
  lastSuccessAt: "2026-12-02T23:10:04Z",
  lastAttemptAt: "2026-12-02T23:10:04Z",
  lastError: null,
  lagSeconds: 12,
  queued: [
    { table: "fields", rows: 2 },
    { table: "readings", rows: 1_200 },
    { table: "farms", rows: 0 },
  ],
  conflicts: { open: 1, total: 3 },
  directions: [
    { direction: "push", lastSuccessAt: "2026-12-02T23:10:04Z", rowsSynced: 150_000 },
    { direction: "pull", lastSuccessAt: "2026-12-02T23:09:00Z", rowsSynced: 40 },
  ],
};

test("durations: the two largest whole units", () => {
  assert.equal(formatDuration(0), "0 s");
  assert.equal(formatDuration(45.9), "45 s");
  assert.equal(formatDuration(200), "3 min 20 s");
  assert.equal(formatDuration(3_600), "1 h");
  assert.equal(formatDuration(7_500), "2 h 5 min");
  assert.equal(formatDuration(3 * 86_400 + 4 * 3_600 + 59), "3 d 4 h");
});

test("times print in the machine's zone with its abbreviation (Chicago is UTC−6 in December)", () => {
  assert.equal(formatTime("2026-12-02T23:10:04Z", "America/Chicago"), "2026-12-02 17:10:04 CST");
  assert.equal(formatTime("2026-07-02T23:10:04Z", "America/Chicago"), "2026-07-02 18:10:04 CDT");
  assert.equal(formatTime("2026-12-02T00:00:00Z", "UTC"), "2026-12-02 00:00:00 UTC");
});

test("healthy: reached the cloud, no error, lag within the threshold (equal is within)", () => {
  assert.deepEqual(assessSync(healthy, 900), { healthy: true, problems: [] });
  assert.equal(assessSync({ ...healthy, lagSeconds: 900 }, 900).healthy, true);
});

test("failing: lag above the threshold, an offline link with its error, never run", () => {
  assert.deepEqual(assessSync({ ...healthy, lagSeconds: 3_900 }, 900).problems, [
    "lag 1 h 5 min is above the threshold of 15 min",
  ]);
  assert.deepEqual(assessSync({ ...healthy, online: false, lastError: "connect ETIMEDOUT" }, 900).problems, [
    "the cloud database cannot be reached",
    "last error: connect ETIMEDOUT",
  ]);
  assert.deepEqual(
    assessSync({ ...healthy, lastAttemptAt: null, lastSuccessAt: null, online: false, lagSeconds: null }, 900)
      .problems,
    ["the sync service has not tried to reach the cloud yet"],
  );
  assert.deepEqual(assessSync({ ...healthy, lastSuccessAt: null }, 900).problems, [
    "no exchange with the cloud has succeeded yet",
  ]);
});

test("the report: times with how long ago, queued tables largest first (empty ones left out), verdict last", () => {
  const now = Date.parse("2026-12-02T23:13:04Z");
  const report = formatSyncReport(healthy, assessSync(healthy, 900), {
    now,
    maxLagSeconds: 900,
    timeZone: "UTC",
  });
  assert.equal(
    report,
    [
      "Sync of site prairie-creek: online",
      "  last success   2026-12-02 23:10:04 UTC (3 min ago)",
      "  last attempt   2026-12-02 23:10:04 UTC (3 min ago)",
      "  lag            12 s (threshold 15 min)",
      "  farm → cloud   150,000 rows synced, last 2026-12-02 23:10:04 UTC (3 min ago)",
      "  cloud → farm   40 rows synced, last 2026-12-02 23:09:00 UTC (4 min 4 s ago)",
      "  queued         1,202 rows waiting to be sent",
      "    readings       1,200",
      "    fields             2",
      "  conflicts      1 open of 3: review them in the dashboard (Sync conflicts, /sync/conflicts)",
      "✓ sync is healthy",
    ].join("\n"),
  );
});
