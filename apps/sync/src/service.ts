import type { SyncStatus } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import type { Logger } from "@unicorn/observability";
import { backoffDelayMs } from "./backoff";
import { queuedChanges } from "./change-log.repository";
import type { SyncClock } from "./clock";
import { readCursor } from "./cursor.repository";
import type { SyncErrorKind, SyncMetrics } from "./metrics";
import { readStatus, writeAttempt } from "./status.repository";
import { newCycleState, runSyncCycle, type SyncCycleOptions, type SyncCycleResult } from "./sync-cycle";
import { SYNCED_TABLES } from "./tables";

export interface SyncServiceOptions extends SyncCycleOptions {
  intervalMs: number;
  maxBackoffMs: number;
  clock: SyncClock;
  random?: () => number;
}

export interface SyncService {
  /** One attempt, recorded in status and metrics; never throws (the error is in the result and the status). */
  runOnce(): Promise<{ ok: true; result: SyncCycleResult } | { ok: false; error: Error }>;
  /** Attempts on a timer until stop(): at once again while catching up, with back-off after failures. */
  start(): void;
  /** Lets the attempt in flight finish (its transactions commit or roll back), then stops. */
  stop(): Promise<void>;
  status(): Promise<SyncStatus>;
}

const PUSHED_TABLES = SYNCED_TABLES.filter((t) => t.flow === "both").map((t) => t.name);

export function errorKind(error: unknown): SyncErrorKind {
  const kind = (error as { kind?: string }).kind;
  if (kind === "schema" || kind === "other") return kind;
  const code = (error as { code?: string }).code ?? "";
  if (
    /^(ECONN|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN)/.test(code) ||
    code.startsWith("08") ||
    // A certificate that does not verify (wrong CA, wrong name, expired): no trusted link, so offline.
    /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code)
  )
    return "connection";
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout|terminat|Connection|socket|ECONNRESET|the database system is/i.test(message))
    return "connection";
  if (/^(23|22|42)/.test(code)) return "apply";
  return "other";
}

const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * The farm's database is the service's own; a grant missing is the cloud login's (ADR 0021): typically a release
 * whose migrations ran without the grant step, which `unicorn migrate` runs after them.
 */
function withGrantAdvice(error: Error): Error {
  if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) return error;
  error.message +=
    ": the cloud's sync login lacks a grant; run `unicorn migrate` against the cloud with UNICORN_SYNC_DB_PASSWORD set (it grants the login its tables)";
  return error;
}

/** The sync engine as a long-running service: scheduling, back-off, status and metrics around runSyncCycle. */
export function createSyncService(
  databases: { local: Pool; cloud: Pool },
  options: SyncServiceOptions,
  metrics: SyncMetrics,
  logger: Logger,
): SyncService {
  const state = newCycleState();
  const cycleOptions: SyncCycleOptions = {
    ...options,
    onReadingsRewind(rewind) {
      options.onReadingsRewind?.(rewind);
      metrics.readingsRewinds.inc();
      logger.warn(
        { cloudCursor: rewind.cloud, farmCursor: rewind.farm },
        "the farm's readings log is behind the cloud's cursor for this site (the farm database was restored from " +
          "a backup, or its record of the last push was lost): sending its readings again from the farm's " +
          "position (the cloud skips those it has)",
      );
    },
    onFarmRekey(rekey) {
      options.onFarmRekey?.(rekey);
      metrics.farmRekeys.inc();
      logger.warn(
        {
          previousServer: rekey.previousServer,
          server: rekey.server,
          changes: rekey.changes,
          readings: rekey.readings,
        },
        "the farm database was restored onto a new database server: its sync log was re-keyed onto this server's " +
          "transaction ids, every queued change and reading is sent again (the cloud skips what it has), and its " +
          "rows are compared whole with the cloud's before it pushes",
      );
    },
  };
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function recordAttempt(outcome: { result?: SyncCycleResult; error?: Error }, startedAt: Date) {
    const now = options.clock.now();
    const online = outcome.error === undefined || errorKind(outcome.error) !== "connection";
    metrics.up.set(online ? 1 : 0);
    const pushCursor = await readCursor(databases.local, options.siteId, "push");
    const { queued, oldestAgeSeconds } = await queuedChanges(
      databases.local,
      pushCursor,
      undefined,
      PUSHED_TABLES,
    );
    for (const { table, rows } of queued) metrics.queuedRows.set({ table }, rows);
    for (const table of ["readings", ...PUSHED_TABLES])
      if (!queued.some((q) => q.table === table)) metrics.queuedRows.set({ table }, 0);
    const current = await readStatus(databases.local, options.siteId);
    const lastPull = outcome.result
      ? now
      : current.directions.find((d) => d.direction === "pull")?.lastSuccessAt;
    const pullLag = outcome.result
      ? 0
      : lastPull
        ? (now.getTime() - new Date(lastPull).getTime()) / 1000
        : null;
    metrics.lagSeconds.set({ direction: "push" }, oldestAgeSeconds ?? 0);
    if (pullLag !== null) metrics.lagSeconds.set({ direction: "pull" }, pullLag);
    const lags = [oldestAgeSeconds, pullLag].filter((lag): lag is number => lag !== null);
    const pushedRows = outcome.result
      ? [...outcome.result.pushed.values()].reduce((a, b) => a + b, 0) + outcome.result.readings
      : 0;
    const pulledRows = outcome.result ? [...outcome.result.pulled.values()].reduce((a, b) => a + b, 0) : 0;
    await writeAttempt(databases.local, {
      siteId: options.siteId,
      online,
      attemptAt: startedAt,
      successAt: outcome.result ? now : null,
      error: outcome.error ? outcome.error.message : null,
      lagSeconds: lags.length > 0 ? Math.max(...lags) : null,
      queued,
      pushedAt: outcome.result ? now : null,
      pushedRows,
      pulledAt: outcome.result ? now : null,
      pulledRows,
    });
  }

  // Attempts never overlap (the timer's and a caller's): each cycle reads the cursors the previous one committed.
  let queue: Promise<unknown> = Promise.resolve();
  function runOnce() {
    const next = queue.then(attempt, attempt);
    queue = next;
    return next;
  }

  async function attempt() {
    const startedAt = options.clock.now();
    const began = performance.now();
    try {
      const result = await runSyncCycle(databases, cycleOptions, state);
      const seconds = (performance.now() - began) / 1000;
      metrics.batchSeconds.observe({ direction: "push" }, seconds);
      for (const [table, rows] of result.pushed) metrics.rows.inc({ direction: "push", table }, rows);
      metrics.rows.inc({ direction: "push", table: "readings" }, result.readings);
      for (const [table, rows] of result.pulled) metrics.rows.inc({ direction: "pull", table }, rows);
      for (const conflict of result.conflicts) metrics.conflicts.inc(conflict);
      metrics.trimmedRows.inc(result.changeLog.trimmed);
      if (result.changeLog.rows !== undefined) metrics.changeLogRows.set(result.changeLog.rows);
      if (result.rebaselined) {
        metrics.rebaselines.inc();
        logger.warn(
          { reason: result.rebaselineReason },
          `${result.rebaselineReason ?? "re-baseline"}: compared the organization's rows whole (re-baseline)`,
        );
      }
      const nowSeconds = options.clock.now().getTime() / 1000;
      metrics.lastSuccess.set({ direction: "push" }, nowSeconds);
      metrics.lastSuccess.set({ direction: "pull" }, nowSeconds);
      failures = 0;
      await recordAttempt({ result }, startedAt).catch((error) =>
        logger.warn({ err: error }, "could not record the sync status"),
      );
      return { ok: true as const, result };
    } catch (caught) {
      const error = withGrantAdvice(caught instanceof Error ? caught : new Error(String(caught)));
      const kind = errorKind(error);
      metrics.errors.inc({ kind });
      failures++;
      logger.warn({ err: error, kind, failures }, `sync attempt failed: ${error.message}`);
      await recordAttempt({ error }, startedAt).catch((statusError) =>
        logger.warn({ err: statusError }, "could not record the sync status (farm database unreachable?)"),
      );
      return { ok: false as const, error };
    }
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      const attempt = runOnce().then((outcome) => {
        running = undefined;
        if (outcome.ok) schedule(outcome.result.more ? 0 : options.intervalMs);
        else
          schedule(
            Math.max(
              250,
              backoffDelayMs(failures, { baseMs: 1_000, capMs: options.maxBackoffMs }, options.random),
            ),
          );
      });
      running = attempt;
    }, delayMs);
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    status: () => readStatus(databases.local, options.siteId),
  };
}
