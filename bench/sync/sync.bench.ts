/**
 * Catching up after a long outage: the farm has queued BENCH_READINGS readings (default 1,000,000) and
 * BENCH_EDITS reference edits (default 10,000: inserts, updates and tombstones of field events on the farm,
 * inserts and updates in the cloud). The sync service (its own process, bundled as released) then runs until
 * both sides are equal, reaching the cloud through the fault proxy in pass mode so every byte is counted.
 * Baselines in the same run: a raw binary COPY of the same readings between the same two servers, and the same
 * COPY into a staging table followed by the api's ingest statement (insert, hourly/daily rollups, latest values),
 * in one transaction: the work raw COPY leaves out and the sync must do.
 * Targets: readings catch-up ≥ 0.5 × COPY rows/s; bytes through the link ≤ 1.5 × the size of the changed rows.
 *
 *   npm run bench:sync   (BENCH_READINGS, BENCH_EDITS, BENCH_BATCH_ROWS (default 50,000);
 *                         BENCH_SMALL=1 runs a quick untimed check)
 */
import { mkdirSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { insertAndRollUpSql } from "@unicorn/api/readings";
import { createPool, ensureReadingPartitions, type Pool } from "@unicorn/db";
import { startFaultProxy } from "@unicorn/fault-proxy";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { startDatabaseServer } from "../../apps/sync/test/support/database-servers";
import { createSitePair, prepareTemplates, SITE_ID, waitUntil } from "../../apps/sync/test/support/site-pair";
import { bundleSyncService, SyncProcess } from "../../apps/sync/test/support/sync-process";
import { divergentTables } from "../../apps/sync/test/support/verify";
import type { Fixture } from "../../apps/sync/test/support/workload";
import { formatRate, freePort } from "../support/bench-stack";

const SMALL = process.env.BENCH_SMALL === "1";
const READINGS = Number(process.env.BENCH_READINGS ?? (SMALL ? 20_000 : 1_000_000));
const EDITS = Number(process.env.BENCH_EDITS ?? (SMALL ? 500 : 10_000));
const BATCH_ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 50_000);
const CONVERGE_TIMEOUT_MS = 1_800_000;

async function main(): Promise<void> {
  mkdirSync("node_modules/.cache", { recursive: true });
  const [farmPort, cloudPort, syncPort] = [await freePort(), await freePort(), await freePort()];
  const servers = {
    local: await startDatabaseServer("bench-farm", farmPort),
    cloud: await startDatabaseServer("bench-cloud", cloudPort),
  };
  const bundle = await bundleSyncService();
  try {
    const fixture = await prepareTemplates(servers, syncPort, bundle.file);
    const pair = await createSitePair(servers, "bench");
    await servers.cloud.createDatabase("copy_baseline", "tpl_cloud");
    const baseline = createPool({ connectionString: servers.cloud.urlFor("copy_baseline"), max: 2 });
    await servers.cloud.createDatabase("copy_rollup_baseline", "tpl_cloud");
    const rollupBaseline = createPool({
      connectionString: servers.cloud.urlFor("copy_rollup_baseline"),
      max: 2,
    });
    const proxy = await startFaultProxy({ target: { port: cloudPort } });
    try {
      const started = performance.now();
      const backlog = await queueBacklog(pair.local, pair.cloud, fixture);
      console.log(
        `bench/sync: backlog queued (${READINGS.toLocaleString("en-US")} readings, ${EDITS.toLocaleString("en-US")} reference edits) in ${seconds(performance.now() - started)}`,
      );

      // Baselines through the same link: raw binary COPY farm → cloud, then COPY into staging + the ingest statement.
      const timedThroughLink = async (
        database: Pool,
        name: string,
        copy: (farm: Pool, cloud: Pool) => Promise<void>,
      ) => {
        await ensureReadingPartitions(database, backlog.months, new Set());
        proxy.resetStats();
        const throughLink = createPool({
          connectionString: proxy.urlThrough(servers.cloud.urlFor(name)),
          max: 1,
        });
        const begun = performance.now();
        await copy(pair.local, throughLink);
        const ms = performance.now() - begun;
        await throughLink.end();
        return { ms, bytes: proxy.stats().bytesToTarget + proxy.stats().bytesToClient };
      };
      const { ms: copyMs, bytes: copyBytes } = await timedThroughLink(baseline, "copy_baseline", rawCopy);
      const { ms: copyRollupMs } = await timedThroughLink(
        rollupBaseline,
        "copy_rollup_baseline",
        copyWithRollups,
      );

      // The sync service, started on the backlog.
      proxy.resetStats();
      const sync = new SyncProcess({
        localDbUrl: pair.localUrl,
        cloudDbUrl: proxy.urlThrough(pair.syncCloudUrl),
        siteId: SITE_ID,
        port: syncPort,
        entry: bundle.file,
        batchRows: BATCH_ROWS,
        intervalMs: 1_000,
        cloudSilenceMs: 30_000,
      });
      sync.start();
      try {
        await waitUntil(
          async () => (await sync.status()) !== undefined,
          60_000,
          () => `the sync service did not start:\n${sync.recentOutput()}`,
        );
        const readyAt = performance.now();
        let readingsAt: number | undefined;
        let convergedAt: number | undefined;
        const deadline = readyAt + CONVERGE_TIMEOUT_MS;
        while (performance.now() < deadline && convergedAt === undefined) {
          await new Promise((done) => setTimeout(done, 250));
          if (readingsAt === undefined && (await count(pair.cloud, "readings")) === READINGS)
            readingsAt = performance.now();
          if (
            readingsAt !== undefined &&
            (await divergentTables(pair.local, pair.cloud, fixture.organizationId)).length === 0
          )
            convergedAt = performance.now();
        }
        if (readingsAt === undefined || convergedAt === undefined)
          throw new Error(
            `sync did not converge within ${seconds(CONVERGE_TIMEOUT_MS)}:\n${sync.recentOutput()}`,
          );
        const linkBytes = proxy.stats().bytesToTarget + proxy.stats().bytesToClient;
        const changedBytes = await changedRowsSize(pair.local, pair.cloud, fixture);
        printTable({
          copyMs,
          copyRollupMs,
          copyBytes,
          catchUpMs: readingsAt - readyAt,
          convergeMs: convergedAt - readyAt,
          linkBytes,
          linkToCloud: proxy.stats().bytesToTarget,
          changedBytes,
        });
      } finally {
        await sync.stop();
      }
    } finally {
      await proxy.close();
      await baseline.end();
      await rollupBaseline.end();
      await pair.drop();
    }
  } finally {
    bundle.remove();
    await Promise.all([servers.local.close(), servers.cloud.close()]);
  }
}

/**
 * What an outage leaves behind: READINGS readings spread over the farm's sensors at one a minute (as the
 * farm's ingest would have written them, captured by the sync trigger), and EDITS reference edits: on the farm
 * 40 % new field events, 30 % updates, 5 % tombstones; in the cloud 20 % new field events, 5 % updates.
 */
async function queueBacklog(farm: Pool, cloud: Pool, fixture: Fixture): Promise<{ months: Date[] }> {
  const perSensor = Math.ceil(READINGS / fixture.sensorIds.length);
  const end = Date.now() - 3_600_000;
  const start = end - perSensor * 60_000;
  const months: Date[] = [];
  for (let t = start; t <= end + 31 * 86_400_000; t += 28 * 86_400_000) months.push(new Date(t));
  await ensureReadingPartitions(farm, months, new Set());
  let written = 0;
  for (const [index, sensorId] of fixture.sensorIds.entries()) {
    const rows = Math.min(perSensor, READINGS - written);
    for (let offset = 0; offset < rows; offset += 100_000) {
      await farm.query(
        `INSERT INTO readings (sensor_id, time, value)
         SELECT $1, to_timestamp(($2::bigint + g::bigint * 60000) / 1000.0), round((random() * 40)::numeric, 3)
         FROM generate_series($3::int, $4::int) g`,
        [sensorId, start + index, offset, Math.min(offset + 100_000, rows) - 1],
      );
    }
    written += rows;
  }

  const share = (fraction: number) => Math.round(EDITS * fraction);
  await editEvents(farm, fixture, {
    inserts: share(0.4),
    updates: share(0.3),
    tombstones: share(0.05),
    side: "farm",
  });
  await editEvents(cloud, fixture, {
    inserts: share(0.2),
    updates: share(0.05),
    tombstones: 0,
    side: "cloud",
  });
  return { months };
}

async function editEvents(
  db: Pool,
  fixture: Fixture,
  edits: { inserts: number; updates: number; tombstones: number; side: string },
): Promise<void> {
  await db.query(
    `INSERT INTO field_events (organization_id, field_id, kind, date, notes, site_id)
     SELECT $1, ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], 'irrigation', DATE '2026-06-01' + g % 90,
            'applied ' || g || ' mm by pivot (' || $4 || ')', $4
     FROM generate_series(1, $3::int) g`,
    [fixture.organizationId, fixture.fieldIds, edits.inserts, edits.side],
  );
  // One statement per edit, as the api writes them: each its own transaction and change-log entry.
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM field_events WHERE site_id = $1 ORDER BY id LIMIT $2",
    [edits.side, edits.updates + edits.tombstones],
  );
  for (const [index, { id }] of rows.entries()) {
    const tombstone = index >= edits.updates;
    await db.query(
      `UPDATE field_events SET notes = notes || ' (checked)', updated_at = now(), version = version + 1
         ${tombstone ? ", deleted_at = now()" : ""}
       WHERE id = $1`,
      [id],
    );
  }
}

async function rawCopy(farm: Pool, cloud: Pool): Promise<void> {
  const source = await farm.connect();
  const target = await cloud.connect();
  try {
    await pipeline(
      source.query(copyTo("COPY (SELECT sensor_id, time, value FROM readings) TO STDOUT (FORMAT binary)")),
      target.query(copyFrom("COPY readings (sensor_id, time, value) FROM STDIN (FORMAT binary)")),
    );
  } finally {
    source.release();
    target.release();
  }
}

async function copyWithRollups(farm: Pool, cloud: Pool): Promise<void> {
  const source = await farm.connect();
  const target = await cloud.connect();
  try {
    await target.query("BEGIN");
    await target.query(
      "CREATE TEMP TABLE staged_readings (sensor_id uuid, time timestamptz, value float8) ON COMMIT DROP",
    );
    await pipeline(
      source.query(copyTo("COPY (SELECT sensor_id, time, value FROM readings) TO STDOUT (FORMAT binary)")),
      target.query(copyFrom("COPY staged_readings FROM STDIN (FORMAT binary)")),
    );
    await target.query(insertAndRollUpSql("staged_readings"));
    await target.query("COMMIT");
  } finally {
    source.release();
    target.release();
  }
}

/**
 * The size of what had to travel: every reading and the final version of every field event changed during the
 * outage, each as PostgreSQL stores the row (pg_column_size of the whole row), on the side that changed it.
 */
async function changedRowsSize(farm: Pool, cloud: Pool, fixture: Fixture): Promise<number> {
  const readings = await farm.query<{ bytes: string }>(
    "SELECT sum(pg_column_size(r.*))::bigint AS bytes FROM readings r",
  );
  const events = async (db: Pool, side: string) =>
    Number(
      (
        await db.query<{ bytes: string }>(
          "SELECT coalesce(sum(pg_column_size(e.*)), 0)::bigint AS bytes FROM field_events e WHERE organization_id = $1 AND site_id = $2",
          [fixture.organizationId, side],
        )
      ).rows[0]!.bytes,
    );
  return Number(readings.rows[0]!.bytes) + (await events(farm, "farm")) + (await events(cloud, "cloud"));
}

function printTable(r: {
  copyMs: number;
  copyRollupMs: number;
  copyBytes: number;
  catchUpMs: number;
  convergeMs: number;
  linkBytes: number;
  linkToCloud: number;
  changedBytes: number;
}): void {
  const copyRate = READINGS / (r.copyMs / 1000);
  const syncRate = READINGS / (r.catchUpMs / 1000);
  const rateRatio = syncRate / copyRate;
  const bytesRatio = r.linkBytes / r.changedBytes;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const verdict = (ok: boolean) => (ok ? "ok" : "MISS");
  console.log(
    `\nbench/sync: ${READINGS.toLocaleString("en-US")} readings and ${EDITS.toLocaleString("en-US")} reference edits queued on the farm, batches of ${BATCH_ROWS.toLocaleString("en-US")}${SMALL ? " (BENCH_SMALL: not a measurement)" : ""}`,
  );
  console.log(
    `  ${"raw COPY farm → cloud (baseline)".padEnd(40)} ${formatRate(copyRate).padStart(12)}   ${seconds(r.copyMs)}, ${mb(r.copyBytes)} through the link`,
  );
  const copyRollupRate = READINGS / (r.copyRollupMs / 1000);
  console.log(
    `  ${"COPY + ingest statement (rollups)".padEnd(40)} ${formatRate(copyRollupRate).padStart(12)}   ${seconds(r.copyRollupMs)}, ${(copyRollupRate / copyRate).toFixed(2)} × COPY (one transaction, no batching)`,
  );
  console.log(
    `  ${"sync readings catch-up rows/s".padEnd(40)} ${formatRate(syncRate).padStart(12)}   ${rateRatio.toFixed(2)} × COPY ${verdict(rateRatio >= 0.5)} (≥ 0.5), ${(syncRate / copyRollupRate).toFixed(2)} × COPY + rollups`,
  );
  console.log(`  ${"time to converge (every table equal)".padEnd(40)} ${seconds(r.convergeMs).padStart(12)}`);
  console.log(
    `  ${"bytes through the link / changed rows".padEnd(40)} ${bytesRatio.toFixed(2).padStart(12)}   ${mb(r.linkBytes)} (${mb(r.linkToCloud)} to the cloud) for ${mb(r.changedBytes)} of rows ${verdict(bytesRatio <= 1.5)} (≤ 1.5)`,
  );
  const missed = (rateRatio >= 0.5 ? 0 : 1) + (bytesRatio <= 1.5 ? 0 : 1);
  if (missed > 0) console.log(`  ${missed} figure(s) missed their target`);
}

async function count(db: Pool, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
