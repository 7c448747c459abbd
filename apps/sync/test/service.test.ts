import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SyncStatus } from "@unicorn/contracts";
import { loadMigrationFiles, migrate } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { Value } from "typebox/value";
import type { SyncConfig } from "../src/config";
import { type RunningSync, startSync } from "../src/server";
import {
  dropAllDatabases,
  ingest,
  scalar,
  syncConfigFor,
  type TwoSides,
  twoSides,
} from "./support/two-sides";

let sides: TwoSides;
before(async () => {
  sides = await twoSides();
});
after(async () => {
  await sides.drop();
  await dropAllDatabases();
});

const logger = createLogger({ service: "sync", level: "silent" });

const config = (overrides: Partial<SyncConfig> = {}): SyncConfig => syncConfigFor(sides, overrides);

async function get(running: RunningSync, path: string) {
  const response = await fetch(new URL(path, running.url), { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, text: await response.text() };
}

test("serves health, readiness, status and metrics, and records a successful attempt", async () => {
  await ingest(sides.local.pool, sides.sensorId, [{ time: "2026-07-01T12:00:00Z", value: 21.5 }]);
  const running = await startSync(config(), logger);
  try {
    const outcome = await running.service.runOnce();
    assert.equal(outcome.ok, true);
    assert.equal((await get(running, "/healthz")).status, 200);
    assert.equal((await get(running, "/readyz")).status, 200);
    const status = JSON.parse((await get(running, "/status")).text);
    assert.ok(Value.Check(SyncStatus, status), JSON.stringify(status));
    assert.equal(status.siteId, sides.siteId);
    assert.equal(status.online, true);
    assert.equal(status.lastError, null);
    assert.notEqual(status.lastSuccessAt, null);
    assert.deepEqual(status.queued, []);
    const metrics = (await get(running, "/metrics")).text;
    assert.match(metrics, /unicorn_sync_up\{[^}]*\} 1/);
    assert.match(metrics, /unicorn_sync_rows_total\{[^}]*direction="push"[^}]*table="readings"[^}]*\} 1/);
    for (const name of [
      "unicorn_sync_lag_seconds",
      "unicorn_sync_queued_rows",
      "unicorn_sync_conflicts_total",
      "unicorn_sync_errors_total",
      "unicorn_sync_batch_duration_seconds",
      "unicorn_sync_last_success_timestamp_seconds",
      "unicorn_sync_readings_rewinds_total",
    ])
      assert.ok(metrics.includes(name), name);
  } finally {
    await running.stop();
  }
  assert.equal(await scalar<number>(sides.cloud.pool, "SELECT count(*) FROM readings"), 1);
});

test("with the cloud unreachable the farm keeps working: offline, queued, the error recorded", async () => {
  // Nothing listens on this loopback port.
  const offline = new URL(sides.cloud.url);
  offline.port = "19199";
  const running = await startSync(config({ cloudDbUrl: offline.toString() }), logger);
  try {
    await ingest(sides.local.pool, sides.sensorId, [{ time: "2026-07-01T13:00:00Z", value: 22 }]);
    await sides.local.pool.query("UPDATE fields SET name = 'edited offline' WHERE id = $1", [sides.fieldId]);
    const outcome = await running.service.runOnce();
    assert.equal(outcome.ok, false);
    const status = await running.service.status();
    assert.equal(status.online, false);
    assert.match(status.lastError ?? "", /ECONNREFUSED|connect/);
    assert.deepEqual(status.queued, [
      { table: "fields", rows: 1 },
      { table: "readings", rows: 1 },
    ]);
    assert.ok((status.lagSeconds ?? -1) >= 0);
    const metrics = (await get(running, "/metrics")).text;
    assert.match(metrics, /unicorn_sync_up\{[^}]*\} 0/);
    assert.match(metrics, /unicorn_sync_errors_total\{[^}]*kind="connection"[^}]*\} [1-9]/);
    assert.match(metrics, /unicorn_sync_queued_rows\{[^}]*table="readings"[^}]*\} 1/);
    // Ready: the farm database answers, which is all the farm needs.
    assert.equal((await get(running, "/readyz")).status, 200);
  } finally {
    await running.stop();
  }
  // Back online, everything queued arrives.
  const online = await startSync(config(), logger);
  try {
    assert.equal((await online.service.runOnce()).ok, true);
  } finally {
    await online.stop();
  }
  assert.equal(
    await scalar(sides.cloud.pool, "SELECT name FROM fields WHERE id = $1", [sides.fieldId]),
    "edited offline",
  );
  assert.equal(await scalar<number>(sides.cloud.pool, "SELECT count(*) FROM readings"), 2);
});

test("a site the cloud does not know is refused with a clear error", async () => {
  const running = await startSync(config({ siteId: "unknown-site" }), logger);
  try {
    const outcome = await running.service.runOnce();
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? "" : outcome.error.message, /site "unknown-site" is not registered/);
    assert.equal((await running.service.status()).online, true);
  } finally {
    await running.stop();
  }
});

test("a cloud below the push receipts' migration refuses the farm's push as schema-behind, then takes it once migrated", async () => {
  // The sync release is newer than both databases: farm and cloud still at the schema before 0025.
  const gap = await twoSides("upgrading-farm");
  const gapConfig = syncConfigFor(gap);
  const receipts = 25;
  const later = await gap.cloud.pool.query<{ version: number; name: string }>(
    "DELETE FROM schema_migrations WHERE version >= $1 RETURNING version, name",
    [receipts],
  );
  await gap.cloud.pool.query("DROP TABLE sync_push_receipts");
  await gap.local.pool.query("DELETE FROM schema_migrations WHERE version >= $1", [receipts]);
  const running = await startSync(gapConfig, logger);
  try {
    assert.equal((await running.service.runOnce()).ok, true); // the pull brings the organization's rows
    await gap.local.pool.query("UPDATE fields SET name = 'renamed during the upgrade' WHERE id = $1", [
      gap.fieldId,
    ]);
    const refused = await running.service.runOnce();
    assert.equal(refused.ok, false);
    // The newest migration before 0025 (numbers have gaps).
    const before = Math.max(
      ...loadMigrationFiles()
        .map((f) => f.version)
        .filter((v) => v < receipts),
    );
    const expected = new RegExp(
      `the cloud database is at schema ${before} but reference pushes need schema 25 there \\(push receipts\\): waiting until the cloud database is migrated`,
    );
    assert.match(refused.ok ? "" : refused.error.message, expected);
    const status = await running.service.status();
    assert.match(status.lastError ?? "", expected);
    assert.equal(status.online, true);
    assert.deepEqual(status.queued, [{ table: "fields", rows: 1 }]);
    const metrics = (await get(running, "/metrics")).text;
    assert.match(metrics, /unicorn_sync_errors_total\{[^}]*kind="schema"[^}]*\} [1-9]/);

    // The cloud migrates (0025 and whatever came after it): the next attempt pushes the edit.
    await migrate(
      gap.cloud.pool,
      loadMigrationFiles().filter((file) => file.version === receipts),
    );
    for (const row of later.rows.filter((r) => r.version !== receipts))
      await gap.cloud.pool.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        row.version,
        row.name,
      ]);
    // Migrated but not yet granted (`unicorn migrate` grants right after migrating): refused, saying what to do.
    const ungranted = await running.service.runOnce();
    assert.match(
      ungranted.ok ? "" : ungranted.error.message,
      /permission denied for table sync_push_receipts: .*unicorn migrate/,
    );
    await gap.grantSyncLogin();
    assert.equal((await running.service.runOnce()).ok, true);
    assert.equal(
      await scalar(gap.cloud.pool, "SELECT name FROM fields WHERE id = $1", [gap.fieldId]),
      "renamed during the upgrade",
    );
  } finally {
    await running.stop();
    await gap.drop();
  }
});
