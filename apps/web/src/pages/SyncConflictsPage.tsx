import type {
  SyncConflictEntry,
  SyncConflictPage,
  SyncConflictState,
  SyncSide,
  User,
} from "@unicorn/contracts";
import { useEffect, useRef, useState } from "react";
import { type ApiError, api } from "../api/client";
import { ResponsiveTable } from "../components/ResponsiveTable";
import { Badge, Card, Empty, ErrorBox, Loading } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useTimeZone } from "../lib/prefs";
import { formatDateTime } from "../lib/time";
import "./sync-conflicts.css";

/** The synced tables as a person names their rows (the filter's choices, in the order data depends on). */
const TABLE_LABEL: Record<string, string> = {
  farms: "Farm",
  fields: "Field",
  seasons: "Season",
  sensors: "Sensor",
  irrigation_systems: "Irrigation system",
  field_events: "Field event",
  alerts: "Alert",
  observations: "Scouting observation",
};
const SIDE_LABEL: Record<SyncSide, string> = { local: "This farm", cloud: "Cloud" };
const RULE_LABEL: Record<string, string> = {
  "cloud-wins": "cloud wins",
  "local-wins": "farm wins",
  "lww-hlc": "last writer wins",
};
const STATES: { value: SyncConflictState | "all"; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "reapplied", label: "Re-applied" },
  { value: "dismissed", label: "Dismissed" },
  { value: "all", label: "All" },
];
const PAGE_SIZE = 25;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

const tableLabel = (table: string) => TABLE_LABEL[table] ?? table.replaceAll("_", " ");
const losingSide = (c: SyncConflictEntry): SyncSide => (c.winner === "cloud" ? "local" : "cloud");

/** What the row is called: its name, note or kind in the kept version (else the other), else its id. */
function rowName(c: SyncConflictEntry): string {
  const kept = c.winner === "cloud" ? c.cloudVersion : c.localVersion;
  const lost = c.winner === "cloud" ? c.localVersion : c.cloudVersion;
  for (const version of [kept, lost])
    for (const key of ["name", "note", "kind", "type"])
      if (typeof version?.[key] === "string" && version[key]) return version[key] as string;
  return c.rowId;
}

function Value({ value, timeZone }: { value: unknown; timeZone: string }) {
  if (value === null || value === undefined) return <span className="muted">— (none)</span>;
  if (typeof value === "boolean") return <>{value ? "yes" : "no"}</>;
  if (typeof value === "string" && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)))
    return <time dateTime={value}>{formatDateTime(value, timeZone)}</time>;
  if (typeof value === "object") return <code>{JSON.stringify(value)}</code>;
  return <>{String(value)}</>;
}

/** One column of both versions; a differing one is marked in words as well as colour. */
function VersionRow({
  conflict,
  column,
  timeZone,
}: {
  conflict: SyncConflictEntry;
  column: string;
  timeZone: string;
}) {
  const differs = conflict.differences.includes(column);
  return (
    <tr className={differs ? "differs" : undefined} data-testid={differs ? "differing-column" : undefined}>
      <th scope="row">
        {column}
        {differs ? <span className="differs-mark"> differs</span> : null}
      </th>
      <td>
        <Value value={conflict.localVersion?.[column]} timeZone={timeZone} />
      </td>
      <td>
        <Value value={conflict.cloudVersion?.[column]} timeZone={timeZone} />
      </td>
    </tr>
  );
}

/** Columns of both versions side by side; `marked` heads each side with whether it was kept or lost. */
function VersionsTable({
  conflict,
  columns,
  caption,
  marked = false,
}: {
  conflict: SyncConflictEntry;
  columns: string[];
  caption: string;
  marked?: boolean;
}) {
  const timeZone = useTimeZone();
  const header = (side: SyncSide) => (
    <th scope="col">
      {SIDE_LABEL[side]}
      {marked ? " " : null}
      {!marked ? null : conflict.winner === side ? (
        <Badge tone="ok">kept</Badge>
      ) : (
        <Badge tone="warning">lost</Badge>
      )}
    </th>
  );
  return (
    <div className="table-wrap comparison">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            {header("local")}
            {header("cloud")}
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <VersionRow key={column} conflict={conflict} column={column} timeZone={timeZone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Comparison({
  conflict,
  me,
  onDecided,
}: {
  conflict: SyncConflictEntry;
  me: User;
  onDecided: (entry: SyncConflictEntry) => void;
}) {
  const timeZone = useTimeZone();
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another conflict opened: a fresh start, focused
  useEffect(() => {
    setFailure(undefined);
    heading.current?.focus();
  }, [conflict.id]);
  const columns = [
    ...new Set([...Object.keys(conflict.localVersion ?? {}), ...Object.keys(conflict.cloudVersion ?? {})]),
  ];
  const differing = columns.filter((c) => conflict.differences.includes(c));
  const same = columns.filter((c) => !conflict.differences.includes(c));
  const loser = losingSide(conflict);
  const what = `${tableLabel(conflict.table).toLowerCase()} “${rowName(conflict)}”`;
  const decide = async (action: "reapply" | "dismiss") => {
    const question =
      action === "reapply"
        ? `Re-apply ${SIDE_LABEL[loser].toLowerCase()}'s version of the ${what}? It replaces the current one here and is sent to the cloud.`
        : `Dismiss this conflict and keep ${SIDE_LABEL[conflict.winner].toLowerCase()}'s version of the ${what}?`;
    if (!window.confirm(question)) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onDecided(
        await api<SyncConflictEntry>(`/sync/conflicts/${conflict.id}/${action}`, {
          method: "POST",
          body: {},
        }),
      );
    } catch (caught) {
      setFailure(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Both versions" id="conflict-comparison">
      <h3 ref={heading} tabIndex={-1} className="comparison-title">
        {tableLabel(conflict.table)} {rowName(conflict)}
      </h3>
      <p className="muted small">
        Detected {formatDateTime(conflict.detectedAt, timeZone)}. Rule:{" "}
        {RULE_LABEL[conflict.rule] ?? conflict.rule}, so {SIDE_LABEL[conflict.winner].toLowerCase()}'s version
        was kept. {differing.length} of {columns.length} columns differ.
      </p>
      <VersionsTable
        conflict={conflict}
        columns={differing}
        caption={`Both versions of the ${what}, column by column`}
        marked
      />
      {same.length > 0 ? (
        <details className="same-columns">
          <summary>Columns with the same value ({same.length})</summary>
          <VersionsTable conflict={conflict} columns={same} caption="Columns both versions agree on" />
        </details>
      ) : null}
      {failure ? <ErrorBox error={failure} /> : null}
      {conflict.state === "open" && me.role === "admin" ? (
        <div className="form-row">
          {(loser === "local" ? conflict.localVersion : conflict.cloudVersion) ? (
            <button type="button" disabled={busy} onClick={() => void decide("reapply")}>
              Re-apply {SIDE_LABEL[loser].toLowerCase()}'s version
            </button>
          ) : null}
          <button type="button" className="secondary" disabled={busy} onClick={() => void decide("dismiss")}>
            Dismiss, keep {SIDE_LABEL[conflict.winner].toLowerCase()}'s
          </button>
        </div>
      ) : conflict.state !== "open" ? (
        <p className="muted" data-testid="conflict-decided">
          {conflict.state === "reapplied"
            ? `Re-applied ${formatDateTime(conflict.reappliedAt!, timeZone)}.`
            : `Dismissed ${formatDateTime(conflict.dismissedAt!, timeZone)}.`}
        </p>
      ) : (
        <p className="muted">An administrator can re-apply the losing version or dismiss the conflict.</p>
      )}
    </Card>
  );
}

/**
 * Rows changed both here and in the cloud since they last agreed. The table's rule kept one version; this page
 * shows both, column by column, and lets an admin put the losing one back (it then syncs like any edit).
 */
export function SyncConflictsPage({ me }: { me: User }) {
  const timeZone = useTimeZone();
  const [state, setState] = useState<SyncConflictState | "all">("open");
  const [table, setTable] = useState("");
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<SyncConflictEntry>();
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (state !== "all") query.set("state", state);
  if (table) query.set("table", table);
  const { data, error, reload } = useAsync(
    () => api<SyncConflictPage>(`/sync/conflicts?${query}`),
    [query.toString()],
  );
  const choose = (next: () => void) => {
    next();
    setOffset(0);
    setSelected(undefined);
  };
  return (
    <div className="page sync-conflicts">
      <h1>Sync conflicts</h1>
      <p className="muted">
        A conflict is a row changed on this farm and in the cloud since the two last agreed. Its table's rule
        kept one version; the other is kept here.
      </p>
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Conflict state">
          {STATES.map((s) => (
            <button
              key={s.value}
              type="button"
              role="tab"
              aria-selected={s.value === state}
              onClick={() => choose(() => setState(s.value))}
            >
              {s.label}
            </button>
          ))}
        </div>
        <label className="inline-label">
          Table
          <select value={table} onChange={(e) => choose(() => setTable(e.target.value))}>
            <option value="">All tables</option>
            {Object.entries(TABLE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {!data ? (
        <Loading what="Loading conflicts" />
      ) : data.items.length === 0 ? (
        <Empty>
          {state === "open"
            ? "No open conflicts: every row agrees with the cloud or was decided."
            : "No conflicts here."}
        </Empty>
      ) : (
        <>
          <ResponsiveTable
            caption="Sync conflicts, newest first"
            rows={data.items}
            rowKey={(c) => c.id}
            rowTestId="conflict-row"
            columns={[
              {
                label: "State",
                lead: true,
                cell: (c) => (
                  <Badge tone={c.state === "open" ? "warning" : "muted"}>
                    {STATES.find((s) => s.value === c.state)?.label ?? c.state}
                  </Badge>
                ),
              },
              {
                label: "Row",
                cell: (c) => (
                  <span className="break">
                    {tableLabel(c.table)} <strong>{rowName(c)}</strong>
                  </span>
                ),
              },
              { label: "Detected", cell: (c) => formatDateTime(c.detectedAt, timeZone) },
              {
                label: "Kept",
                cell: (c) => `${SIDE_LABEL[c.winner]}'s version (rule: ${RULE_LABEL[c.rule] ?? c.rule})`,
              },
              {
                label: "Actions",
                hiddenLabel: true,
                cell: (c) => (
                  <button
                    type="button"
                    className="secondary"
                    aria-pressed={selected?.id === c.id}
                    onClick={() => setSelected(c)}
                  >
                    Compare<span className="visually-hidden"> versions of {rowName(c)}</span>
                  </button>
                ),
              },
            ]}
          />
          {data.total > PAGE_SIZE ? (
            <div className="form-row pager">
              <button
                type="button"
                className="secondary"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
              >
                Newer
              </button>
              <span className="muted">
                {offset + 1}–{Math.min(offset + PAGE_SIZE, data.total)} of {data.total}
              </span>
              <button
                type="button"
                className="secondary"
                disabled={offset + PAGE_SIZE >= data.total}
                onClick={() => setOffset(offset + PAGE_SIZE)}
              >
                Older
              </button>
            </div>
          ) : null}
        </>
      )}
      {selected ? (
        <Comparison
          conflict={selected}
          me={me}
          onDecided={(entry) => {
            setSelected(entry);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}
