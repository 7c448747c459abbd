import type { SyncStatusReport } from "@unicorn/contracts";
import { formatAgo } from "./relative-time";

/**
 * Above this lag (the oldest change not yet in the cloud) the indicator warns: the line of the SyncLagging alert
 * and of `unicorn sync status`; shorter lags are a flaky link catching up by itself.
 */
export const SYNC_LAG_WARNING_SECONDS = 3_600;

export type SyncTone = "ok" | "warning" | "critical" | "muted";

export interface SyncSummary {
  tone: SyncTone;
  /** The few words on the top bar: "Synced 4 min ago", "Offline", "Sync stopped". */
  label: string;
  /** The sentence that explains the label (the panel's first line). */
  detail: string;
  queuedRows: number;
  openConflicts: number;
}

type Configured = Extract<SyncStatusReport, { configured: true }>;

/**
 * The top bar's reading of the sync service's report, worst first: a service that stopped reporting, one that
 * never reached the cloud, an offline link, a refused batch, a lag above the warning line; otherwise in sync.
 */
export function summarizeSync(report: Configured, now: number = Date.now()): SyncSummary {
  const { status } = report;
  const queuedRows = status.queued.reduce((sum, entry) => sum + entry.rows, 0);
  const base = { queuedRows, openConflicts: status.conflicts.open };
  const lastSync = status.lastSuccessAt
    ? `last synced ${formatAgo(status.lastSuccessAt, now)}`
    : "never synced";
  if (!report.serviceRunning)
    return {
      ...base,
      tone: "critical",
      label: "Sync stopped",
      detail: `The sync service has not reported since ${formatAgo(report.reportedAt, now)}; changes stay on this farm until it runs again.`,
    };
  if (!status.lastAttemptAt)
    return {
      ...base,
      tone: "muted",
      label: "Not synced yet",
      detail: "The sync service has not reached the cloud yet.",
    };
  if (!status.online)
    return {
      ...base,
      tone: "warning",
      label: "Offline",
      detail: `The cloud cannot be reached (${lastSync}). Everything keeps working here and syncs when the link returns.`,
    };
  if (status.lastError)
    return {
      ...base,
      tone: "warning",
      label: "Sync error",
      detail: `The last exchange failed (${lastSync}).`,
    };
  if (status.lagSeconds !== null && status.lagSeconds > SYNC_LAG_WARNING_SECONDS)
    return {
      ...base,
      tone: "warning",
      label: "Sync behind",
      detail: `The oldest change the cloud does not have yet was made ${formatAgo(now - status.lagSeconds * 1000, now)}.`,
    };
  return {
    ...base,
    tone: "ok",
    label: status.lastSuccessAt ? `Synced ${formatAgo(status.lastSuccessAt, now)}` : "Online",
    detail: "This farm and the cloud are in sync.",
  };
}
