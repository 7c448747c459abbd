import assert from "node:assert/strict";
import { test } from "node:test";
import type { SyncStatus } from "@unicorn/contracts";
import { summarizeSync } from "../src/lib/sync-state";

const now = Date.parse("2026-12-02T18:00:00Z");
const healthy: SyncStatus = {
  siteId: "prairie-creek",
  online: true,
  lastSuccessAt: "2026-12-02T17:56:00Z",
  lastAttemptAt: "2026-12-02T17:56:00Z",
  lastError: null,
  lagSeconds: 30,
  queued: [
    { table: "readings", rows: 40 },
    { table: "fields", rows: 2 },
  ],
  conflicts: { open: 1, total: 3 },
  directions: [],
};
const report = (status: Partial<SyncStatus>, serviceRunning = true) => ({
  configured: true as const,
  reportedAt: "2026-12-02T17:56:00Z",
  serviceRunning,
  status: { ...healthy, ...status },
});

test("in sync: the time of the last success, the queued rows summed, the open conflicts", () => {
  const summary = summarizeSync(report({}), now);
  assert.deepEqual(
    [summary.tone, summary.label, summary.queuedRows, summary.openConflicts],
    ["ok", "Synced 4 min ago", 42, 1],
  );
});

test("an unreachable cloud is offline, with when it last synced", () => {
  const summary = summarizeSync(report({ online: false, lastSuccessAt: "2026-12-02T15:00:00Z" }), now);
  assert.equal(summary.tone, "warning");
  assert.equal(summary.label, "Offline");
  assert.match(summary.detail, /last synced 3 h ago/);
});

test("a stopped service outranks everything else it last said", () => {
  const summary = summarizeSync(report({}, false), now);
  assert.deepEqual([summary.tone, summary.label], ["critical", "Sync stopped"]);
});

test("lag above an hour warns; exactly an hour does not", () => {
  assert.equal(summarizeSync(report({ lagSeconds: 3_600 }), now).tone, "ok");
  const behind = summarizeSync(report({ lagSeconds: 7_200 }), now);
  assert.deepEqual([behind.tone, behind.label], ["warning", "Sync behind"]);
  assert.match(behind.detail, /made 2 h ago/);
});

test("a refused exchange is an error even while the link is up; no attempt yet is said so", () => {
  assert.equal(summarizeSync(report({ lastError: "cloud schema is behind" }), now).label, "Sync error");
  assert.equal(
    summarizeSync(report({ lastAttemptAt: null, lastSuccessAt: null }), now).label,
    "Not synced yet",
  );
});
