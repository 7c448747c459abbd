import type { AlertPage, FieldPage, User } from "@unicorn/contracts";
import { useState } from "react";
import { type ApiError, api } from "../api/client";
import { Badge, Empty, ErrorBox, Loading } from "../components/States";
import { useAsync, useLiveStream } from "../lib/hooks";
import { Link } from "../lib/router";

const KIND_LABEL: Record<string, string> = {
  frost: "Frost",
  heat_stress: "Heat at silking",
  drought_stress: "Drought stress",
  sensor_silent: "Sensor silent",
};

export function AlertsPage({ me }: { me: User }) {
  const [status, setStatus] = useState<"open" | "acknowledged" | "resolved">("open");
  const { data, error, reload } = useAsync(
    async () => ({
      alerts: await api<AlertPage>(`/alerts?status=${status}&limit=200`),
      fields: new Map((await api<FieldPage>("/fields?limit=200")).items.map((f) => [f.id, f.name])),
    }),
    [status],
  );
  const [actionError, setActionError] = useState<ApiError>();
  useLiveStream({ onAlert: () => reload() });
  const acknowledge = async (id: string) => {
    try {
      await api(`/alerts/${id}/acknowledge`, { method: "POST", body: {} });
      reload();
    } catch (caught) {
      setActionError(caught as ApiError);
    }
  };
  return (
    <div className="page">
      <h1>Alerts</h1>
      <div className="segmented" role="tablist" aria-label="Alert status">
        {(["open", "acknowledged", "resolved"] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === status} onClick={() => setStatus(s)}>
            {s === "open" ? "Open" : s === "acknowledged" ? "Acknowledged" : "Resolved"}
          </button>
        ))}
      </div>
      {actionError ? <ErrorBox error={actionError} /> : null}
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {!data ? (
        <Loading what="Loading alerts" />
      ) : data.alerts.items.length === 0 ? (
        <Empty>
          {status === "open"
            ? "No open alerts. Frost, heat at silking, drought stress and silent sensors appear here."
            : status === "acknowledged"
              ? "Nothing acknowledged yet."
              : "Nothing resolved yet: alerts resolve themselves when their condition clears or their season ends."}
        </Empty>
      ) : (
        <ul className="alerts">
          {data.alerts.items.map((a) => (
            <li key={a.id} className={`alert alert-${a.severity}`} data-testid="alert">
              <div>
                <Badge tone={a.severity}>{a.severity}</Badge> <strong>{KIND_LABEL[a.kind] ?? a.kind}</strong>{" "}
                · <Link href={`/fields/${a.fieldId}`}>{data.fields.get(a.fieldId) ?? "field"}</Link> ·{" "}
                <time dateTime={a.eventDate}>{a.eventDate}</time>
                {a.durationDays > 1 ? ` – ${a.endedOn} (${a.durationDays} days)` : ""}
                <p>{a.message}</p>
                {a.action && a.status !== "resolved" ? (
                  <p>
                    <strong>To do:</strong> {a.action}
                    {a.actBy ? ` By ${a.actBy}.` : ""}
                  </p>
                ) : null}
                {a.resolvedReason ? <p className="muted small">Resolved: {a.resolvedReason}</p> : null}
              </div>
              {status === "open" && me.role !== "viewer" ? (
                <button type="button" className="secondary" onClick={() => acknowledge(a.id)}>
                  Acknowledge
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
