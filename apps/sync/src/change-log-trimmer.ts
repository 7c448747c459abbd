import type { Pool } from "@unicorn/db";
import { changeLogRows, reportPulled, trimCloudChangesBatch } from "./change-log.repository";
import { readCursor } from "./cursor.repository";

export interface ChangeLogTrimOptions {
  /** Entries younger than this stay whatever the cursors say (a floor for inspection and late restores). */
  retentionMs: number;
  /** How often a site trims (and counts) its organization's log. */
  everyMs: number;
  /** Rows per delete transaction, and transactions per trim: each short, the whole bounded. */
  batchRows: number;
  maxBatches: number;
}

export const DEFAULT_TRIM: ChangeLogTrimOptions = {
  retentionMs: 7 * 86_400_000,
  everyMs: 60_000,
  batchRows: 5_000,
  maxBatches: 20,
};

/** Between cycles: the pull cursor last reported to the cloud and when this site last trimmed. */
export interface TrimState {
  reportedPull?: string;
  lastTrimAt?: number;
}

export interface TrimResult {
  trimmed: number;
  /** The organization's change-log rows after trimming; undefined when this cycle did not trim. */
  logRows: number | undefined;
}

/**
 * The cloud's change log is shared by every site of an organization, so no site may delete an entry another
 * still needs. Each site reports the pull cursor its farm committed, and trims (every `everyMs`) its
 * organization's entries below every reporting site's cursor and older than the retention floor. A site behind
 * the trimmed horizon re-baselines on its next pull (reference-puller.ts).
 */
export async function reportAndTrim(
  databases: { local: Pool; cloud: Pool },
  site: { siteId: string; organizationId: string },
  options: ChangeLogTrimOptions,
  state: TrimState,
  nowMs: number = Date.now(),
): Promise<TrimResult> {
  const pulled = await readCursor(databases.local, site.siteId, "pull");
  const key = `${pulled.xid}/${pulled.seq}`;
  if (state.reportedPull !== key) {
    await reportPulled(databases.cloud, site.siteId, pulled);
    state.reportedPull = key;
  }
  if (state.lastTrimAt !== undefined && nowMs - state.lastTrimAt < options.everyMs)
    return { trimmed: 0, logRows: undefined };
  let trimmed = 0;
  for (let batch = 0; batch < options.maxBatches; batch++) {
    const deleted = await trimCloudChangesBatch(databases.cloud, site.organizationId, options);
    trimmed += deleted;
    if (deleted < options.batchRows) break;
  }
  state.lastTrimAt = nowMs;
  return { trimmed, logRows: await changeLogRows(databases.cloud, site.organizationId) };
}
