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
};

export function AlertsPage({ me }: { me: User }) {
  const [status, setStatus] = useState<"open" | "acknowledged">("open");
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
        {(["open", "acknowledged"] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === status} onClick={() => setStatus(s)}>
            {s === "open" ? "Open" : "Acknowledged"}
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
            ? "No open alerts. Frost, heat at silking and drought stress appear here."
            : "Nothing acknowledged yet."}
        </Empty>
      ) : (
        <ul className="alerts">
          {data.alerts.items.map((a) => (
            <li key={a.id} className={`alert alert-${a.severity}`} data-testid="alert">
              <div>
                <Badge tone={a.severity}>{a.severity}</Badge> <strong>{KIND_LABEL[a.kind] ?? a.kind}</strong>{" "}
                · <Link href={`/fields/${a.fieldId}`}>{data.fields.get(a.fieldId) ?? "field"}</Link> ·{" "}
                <time dateTime={a.eventDate}>{a.eventDate}</time>
                <p>{a.message}</p>
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
