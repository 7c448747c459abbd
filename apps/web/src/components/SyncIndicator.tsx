import type { SyncStatusReport, User } from "@unicorn/contracts";
import { useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client";
import { useTimeZone } from "../lib/prefs";
import { formatAgo } from "../lib/relative-time";
import { Link } from "../lib/router";
import { summarizeSync } from "../lib/sync-state";
import { formatDateTime } from "../lib/time";
import "./sync-indicator.css";

/** How often the indicator asks again; the sync service itself records an attempt about every 10 s. */
const REFRESH_MS = 15_000;

/** The api's sync report, asked again every REFRESH_MS, when the tab comes back and when the browser is online. */
function useSyncReport(): SyncStatusReport | undefined {
  const [report, setReport] = useState<SyncStatusReport>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      clearTimeout(timer);
      try {
        const next = await api<SyncStatusReport>("/sync/status");
        if (!stopped) setReport(next);
      } catch {
        // Unreachable api: the offline banner says so; the indicator keeps what it last knew.
      }
      if (!stopped) timer = setTimeout(load, REFRESH_MS);
    };
    const visible = () => document.visibilityState === "visible" && void load();
    void load();
    window.addEventListener("online", load);
    document.addEventListener("visibilitychange", visible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener("online", load);
      document.removeEventListener("visibilitychange", visible);
    };
  }, []);
  return report;
}

/** Re-renders every 30 s so "4 min ago" stays true between reports (each render reads the clock itself). */
function useTicking(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
}

/**
 * The top bar's sync indicator, shown only where this farm syncs with the cloud: online or not, when it last
 * synced (the full time and zone on hover and in the panel), changes waiting and open conflicts. The button
 * opens a panel with the details; admins and agronomists reach the conflicts from there.
 */
export function SyncIndicator({ me }: { me: User }) {
  const report = useSyncReport();
  useTicking();
  const timeZone = useTimeZone();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);
  if (!report?.configured) return null;
  const { status } = report;
  const now = Date.now();
  const summary = summarizeSync(report, now);
  const at = (time: string | null) => (time ? formatDateTime(time, timeZone) : "never");
  const lastSync = status.lastSuccessAt ? `Last sync ${at(status.lastSuccessAt)}` : "Never synced";
  const queued = status.queued.filter((entry) => entry.rows > 0);
  return (
    <div className="sync-indicator" ref={root} data-testid="sync-indicator" data-tone={summary.tone}>
      <button
        ref={button}
        type="button"
        className="sync-button secondary"
        aria-expanded={open}
        aria-controls={panelId}
        title={lastSync}
        onClick={() => setOpen(!open)}
      >
        <span className={`sync-dot sync-dot-${summary.tone}`} aria-hidden="true" />
        <span className="sync-label">{summary.label}</span>
        {summary.queuedRows > 0 ? (
          <span className="sync-extra" data-testid="sync-queued">
            · {summary.queuedRows.toLocaleString("en-US")} queued
          </span>
        ) : null}
        {summary.openConflicts > 0 ? (
          <span className="nav-badge" data-testid="sync-conflicts">
            {summary.openConflicts}
            <span className="visually-hidden"> open conflicts</span>
          </span>
        ) : null}
      </button>
      <div id={panelId} className="sync-panel" hidden={!open} data-testid="sync-panel">
        <p className="sync-detail">{summary.detail}</p>
        <dl className="sync-facts">
          <dt>Last sync</dt>
          <dd>
            {status.lastSuccessAt ? (
              <time dateTime={status.lastSuccessAt}>
                {at(status.lastSuccessAt)} ({formatAgo(status.lastSuccessAt, now)})
              </time>
            ) : (
              "never"
            )}
          </dd>
          <dt>Last attempt</dt>
          <dd>
            {status.lastAttemptAt ? (
              <time dateTime={status.lastAttemptAt}>{at(status.lastAttemptAt)}</time>
            ) : (
              "none yet"
            )}
          </dd>
          <dt>Waiting to send</dt>
          <dd>
            {queued.length === 0 ? (
              "nothing"
            ) : (
              <ul className="sync-queue">
                {queued.map((entry) => (
                  <li key={entry.table}>
                    {entry.table.replaceAll("_", " ")}: {entry.rows.toLocaleString("en-US")}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Conflicts</dt>
          <dd>
            {status.conflicts.open} open of {status.conflicts.total}
          </dd>
          {status.lastError ? (
            <>
              <dt>Last error</dt>
              <dd className="break">{status.lastError}</dd>
            </>
          ) : null}
          <dt>Site</dt>
          <dd>{status.siteId}</dd>
        </dl>
        {me.role !== "viewer" ? (
          <Link href="/sync/conflicts" className="button-link" onClick={() => setOpen(false)}>
            Review conflicts
          </Link>
        ) : null}
      </div>
    </div>
  );
}
