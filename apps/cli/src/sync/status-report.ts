import type { SyncStatus } from "@unicorn/contracts";

/** What `unicorn sync status` concludes from the sync service's status: healthy, or the reasons it is not. */
export interface SyncVerdict {
  healthy: boolean;
  problems: string[];
}

/**
 * Sync is failing when it has never reached the cloud, when its last attempt failed, or when the data the
 * cloud holds is older than the operator's threshold. Open conflicts are not failures: each was resolved by
 * its table's policy, and the losing version waits in the dashboard.
 */
export function assessSync(status: SyncStatus, maxLagSeconds: number): SyncVerdict {
  const problems: string[] = [];
  if (!status.lastAttemptAt) problems.push("the sync service has not tried to reach the cloud yet");
  else if (!status.lastSuccessAt) problems.push("no exchange with the cloud has succeeded yet");
  if (status.lastAttemptAt && !status.online) problems.push("the cloud database cannot be reached");
  if (status.lastError) problems.push(`last error: ${status.lastError}`);
  if (status.lagSeconds !== null && status.lagSeconds > maxLagSeconds)
    problems.push(
      `lag ${formatDuration(status.lagSeconds)} is above the threshold of ${formatDuration(maxLagSeconds)}`,
    );
  return { healthy: problems.length === 0, problems };
}

/** "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h": the two largest units, rounded down. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
    ["s", 1],
  ];
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first === -1) return "0 s";
  const [bigName, bigSize] = units[first]!;
  const big = Math.floor(seconds / bigSize);
  const next = units[first + 1];
  if (!next) return `${big} ${bigName}`;
  const small = Math.floor((seconds % bigSize) / next[1]);
  return small === 0 ? `${big} ${bigName}` : `${big} ${bigName} ${small} ${next[0]}`;
}

export interface ReportOptions {
  now: number;
  maxLagSeconds: number;
  /** IANA zone the times are printed in (the machine's own by default). */
  timeZone?: string | undefined;
}

/** "2026-12-02 17:10:04 CST": the farm box's local time with its zone, as an operator reads a log. */
export function formatTime(iso: string, timeZone?: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

const count = (n: number) => n.toLocaleString("en-US");

function when(iso: string | null, options: ReportOptions): string {
  if (!iso) return "never";
  const ago = (options.now - Date.parse(iso)) / 1000;
  return `${formatTime(iso, options.timeZone)} (${ago < 1 ? "now" : `${formatDuration(ago)} ago`})`;
}

/** The human report: one fact a line, labels aligned, the verdict last. */
export function formatSyncReport(status: SyncStatus, verdict: SyncVerdict, options: ReportOptions): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(14)} ${value}`);
  lines.push(`Sync of site ${status.siteId}: ${status.online ? "online" : "offline"}`);
  row("last success", when(status.lastSuccessAt, options));
  row("last attempt", when(status.lastAttemptAt, options));
  row(
    "lag",
    status.lagSeconds === null
      ? "unknown (no exchange yet)"
      : `${formatDuration(status.lagSeconds)} (threshold ${formatDuration(options.maxLagSeconds)})`,
  );
  for (const direction of status.directions) {
    const label = direction.direction === "push" ? "farm → cloud" : "cloud → farm";
    row(label, `${count(direction.rowsSynced)} rows synced, last ${when(direction.lastSuccessAt, options)}`);
  }
  const queued = status.queued.filter((entry) => entry.rows > 0);
  const queuedTotal = queued.reduce((sum, entry) => sum + entry.rows, 0);
  row("queued", queuedTotal === 0 ? "nothing waiting" : `${count(queuedTotal)} rows waiting to be sent`);
  const width = Math.max(0, ...queued.map((entry) => entry.table.length));
  for (const entry of [...queued].sort((a, b) => b.rows - a.rows || a.table.localeCompare(b.table)))
    lines.push(`    ${entry.table.padEnd(width)}  ${count(entry.rows).padStart(10)}`);
  row(
    "conflicts",
    status.conflicts.open === 0
      ? `none open (${count(status.conflicts.total)} in all)`
      : `${count(status.conflicts.open)} open of ${count(status.conflicts.total)}: review them in the dashboard (Sync conflicts, /sync/conflicts)`,
  );
  if (status.lastError) row("last error", status.lastError);
  lines.push(verdict.healthy ? "✓ sync is healthy" : `✗ sync is not healthy: ${verdict.problems.join("; ")}`);
  return lines.join("\n");
}
