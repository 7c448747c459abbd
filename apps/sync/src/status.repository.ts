import type { SyncStatus } from "@unicorn/contracts";
import type pg from "pg";
import { conflictCounts } from "./conflicts.repository";

type Db = pg.Pool | pg.ClientBase;

export interface AttemptRecord {
  siteId: string;
  online: boolean;
  attemptAt: Date;
  /** Set when the whole attempt succeeded. */
  successAt: Date | null;
  error: string | null;
  lagSeconds: number | null;
  queued: { table: string; rows: number }[];
  pushedAt: Date | null;
  pushedRows: number;
  pulledAt: Date | null;
  pulledRows: number;
}

/** After every attempt, so the api and `unicorn sync status` read the same state the service reports. */
export async function writeAttempt(db: Db, record: AttemptRecord): Promise<void> {
  await db.query(
    `INSERT INTO sync_status AS s (site_id, online, last_attempt_at, last_success_at, last_error, lag_seconds, queued,
                                   push_last_success_at, push_rows_synced, pull_last_success_at, pull_rows_synced,
                                   updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, now())
     ON CONFLICT (site_id) DO UPDATE SET
       online = EXCLUDED.online, last_attempt_at = EXCLUDED.last_attempt_at,
       last_success_at = coalesce(EXCLUDED.last_success_at, s.last_success_at),
       last_error = EXCLUDED.last_error, lag_seconds = EXCLUDED.lag_seconds, queued = EXCLUDED.queued,
       push_last_success_at = coalesce(EXCLUDED.push_last_success_at, s.push_last_success_at),
       push_rows_synced = s.push_rows_synced + EXCLUDED.push_rows_synced,
       pull_last_success_at = coalesce(EXCLUDED.pull_last_success_at, s.pull_last_success_at),
       pull_rows_synced = s.pull_rows_synced + EXCLUDED.pull_rows_synced,
       updated_at = now()`,
    [
      record.siteId,
      record.online,
      record.attemptAt,
      record.successAt,
      record.error,
      record.lagSeconds,
      JSON.stringify(record.queued),
      record.pushedAt,
      record.pushedRows,
      record.pulledAt,
      record.pulledRows,
    ],
  );
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** The status contract as stored on the farm (rows synced count since the site started syncing). */
export async function readStatus(db: Db, siteId: string): Promise<SyncStatus> {
  const result = await db.query<{
    online: boolean;
    last_attempt_at: Date | null;
    last_success_at: Date | null;
    last_error: string | null;
    lag_seconds: number | null;
    queued: { table: string; rows: number }[];
    push_last_success_at: Date | null;
    push_rows_synced: number;
    pull_last_success_at: Date | null;
    pull_rows_synced: number;
  }>("SELECT * FROM sync_status WHERE site_id = $1", [siteId]);
  const row = result.rows[0];
  return {
    siteId,
    online: row?.online ?? false,
    lastSuccessAt: iso(row?.last_success_at ?? null),
    lastAttemptAt: iso(row?.last_attempt_at ?? null),
    lastError: row?.last_error ?? null,
    lagSeconds: row?.lag_seconds ?? null,
    queued: row?.queued ?? [],
    conflicts: await conflictCounts(db),
    directions: [
      {
        direction: "push",
        lastSuccessAt: iso(row?.push_last_success_at ?? null),
        rowsSynced: row?.push_rows_synced ?? 0,
      },
      {
        direction: "pull",
        lastSuccessAt: iso(row?.pull_last_success_at ?? null),
        rowsSynced: row?.pull_rows_synced ?? 0,
      },
    ],
  };
}
