import type { FieldEvent, FieldEventCreate, FieldEventPage, ObservationPage } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";
import { type ApiError, api } from "../../api/client";
import { Card, Empty, ErrorBox, FormError, problemText } from "../../components/States";
import { eventAmount } from "../../lib/event-amount";
import { useAsync } from "../../lib/hooks";
import { useTimeZone, useUnits } from "../../lib/prefs";
import { localDate } from "../../lib/time";
import { EventAmountInput } from "./EventAmountInput";
import { EventItem } from "./EventItem";
import { type FrostDamage, FrostFields } from "./FrostFields";
import { ObservationItem } from "./ObservationItem";

const EVENT_LABELS: Record<FieldEvent["kind"], string> = {
  planting: "Planting",
  fertilizer_n: "Nitrogen",
  irrigation: "Irrigation",
  harvest: "Harvest",
  soil_nitrate_test: "Soil nitrate test",
  frost: "Frost",
};

const AMOUNT_LABELS: Partial<Record<FieldEvent["kind"], string>> = {
  fertilizer_n: "N",
  irrigation: "Water",
  harvest: "Yield",
  soil_nitrate_test: "NO3-N, top foot",
};

/** The field's events and scouting observations; on a past date, only those on or before it. */
export function EventsCard({
  fieldId,
  canWrite,
  asOf,
}: {
  fieldId: string;
  canWrite: boolean;
  asOf?: string | undefined;
}) {
  const { data, error, reload } = useAsync(
    () => api<FieldEventPage>(`/field-events?fieldId=${fieldId}&limit=200`),
    [fieldId],
  );
  const observations = useAsync(
    () => api<ObservationPage>(`/observations?fieldId=${fieldId}&limit=200`),
    [fieldId],
  );
  const [kind, setKind] = useState<FieldEvent["kind"]>("irrigation");
  // Today on the farm, not in UTC (a CST evening is already tomorrow in UTC).
  const timeZone = useTimeZone();
  const [date, setDate] = useState(() => localDate(new Date(), timeZone));
  const [amount, setAmount] = useState("");
  const [notes, setNotes] = useState("");
  // A soil nitrate test is read against a lower critical level after a wet spring or on a manured field.
  const [wetSpring, setWetSpring] = useState(false);
  const [manured, setManured] = useState(false);
  const [frostDamage, setFrostDamage] = useState<FrostDamage>("leaves-only");
  const [leafLossPct, setLeafLossPct] = useState("");
  const [formError, setFormError] = useState<string>();
  const { units } = useUnits();
  const quantity = eventAmount(kind, units);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    // Typed in the user's unit; the API stores lb N/acre, mm and bu/acre.
    const body: FieldEventCreate = { fieldId, kind, date };
    if (notes.trim()) body.notes = notes.trim();
    if (quantity) body[quantity.key] = quantity.toApi(Number(amount));
    if (kind === "soil_nitrate_test") Object.assign(body, { wetSpring, manured });
    if (kind === "frost") {
      body.frostDamage = frostDamage;
      if (frostDamage === "leaves-only" && leafLossPct !== "") body.leafLossPct = Number(leafLossPct);
    }
    try {
      await api("/field-events", { method: "POST", body });
      setAmount("");
      setNotes("");
      reload();
    } catch (caught) {
      const e = caught as ApiError;
      setFormError(problemText(e));
    }
  };
  // Events and scouting observations in one timeline, newest first.
  const onOrBeforeAsOf = (localDay: string) => !asOf || localDay <= asOf;
  const timeline = [
    ...(data?.items ?? [])
      .filter((e) => onOrBeforeAsOf(e.date))
      .map((e) => ({ at: e.date, event: e, observation: undefined })),
    ...(observations.data?.items ?? [])
      .filter((o) => onOrBeforeAsOf(localDate(new Date(o.observedAt), timeZone)))
      .map((o) => ({ at: o.observedAt, event: undefined, observation: o })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const change = async (work: () => Promise<unknown>) => {
    setFormError(undefined);
    try {
      await work();
    } catch (caught) {
      setFormError(problemText(caught as ApiError));
    }
    reload();
    observations.reload();
  };
  const amountLabel = quantity ? `${AMOUNT_LABELS[kind]} (${quantity.unit})` : undefined;
  return (
    <Card title="Field events" id="events">
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {asOf ? <p className="muted small">Events and observations up to {asOf}.</p> : null}
      {timeline.length === 0 && data ? (
        <Empty>{asOf ? `No events recorded by ${asOf}.` : "No events recorded yet."}</Empty>
      ) : null}
      <ol className="timeline">
        {timeline.map(({ event: e, observation: o }) =>
          e ? (
            <EventItem
              key={e.id}
              event={e}
              label={EVENT_LABELS[e.kind]}
              canWrite={canWrite}
              onSave={(update) =>
                change(() => api(`/field-events/${e.id}`, { method: "PATCH", body: update }))
              }
              onDelete={() => change(() => api(`/field-events/${e.id}`, { method: "DELETE" }))}
            />
          ) : o ? (
            <ObservationItem
              key={o.id}
              observation={o}
              canWrite={canWrite}
              onDelete={(id) => change(() => api(`/observations/${id}`, { method: "DELETE" }))}
            />
          ) : null,
        )}
      </ol>
      {canWrite ? (
        <form className="form-row" onSubmit={submit} aria-label="Add a field event">
          <label>
            Event
            <select value={kind} onChange={(e) => setKind(e.target.value as FieldEvent["kind"])}>
              {Object.entries(EVENT_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Date
            <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          {amountLabel ? <EventAmountInput label={amountLabel} value={amount} onChange={setAmount} /> : null}
          <label>
            Notes
            <input value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} />
          </label>
          {kind === "soil_nitrate_test" ? (
            <>
              <label>
                <input type="checkbox" checked={wetSpring} onChange={(e) => setWetSpring(e.target.checked)} />
                Spring rain &gt;20% above normal
              </label>
              <label>
                <input type="checkbox" checked={manured} onChange={(e) => setManured(e.target.checked)} />
                Manured
              </label>
            </>
          ) : null}
          {kind === "frost" ? (
            <FrostFields
              damage={frostDamage}
              leafLossPct={leafLossPct}
              onDamage={setFrostDamage}
              onLeafLoss={setLeafLossPct}
            />
          ) : null}
          <button type="submit">Add event</button>
          <FormError message={formError} />
        </form>
      ) : null}
    </Card>
  );
}
