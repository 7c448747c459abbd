import type { FieldEvent, FieldEventUpdate } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";
import { eventAmount } from "../../lib/event-amount";
import { useUnits } from "../../lib/prefs";
import { EventAmountInput } from "./EventAmountInput";
import { frostDescription } from "./FrostFields";

/** One field event in the timeline: shown, edited in place (date, amount, notes) or deleted after a confirmation. */
export function EventItem({
  event: e,
  label,
  canWrite,
  onSave,
  onDelete,
}: {
  event: FieldEvent;
  label: string;
  canWrite: boolean;
  onSave: (update: FieldEventUpdate) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const { units } = useUnits();
  const quantity = eventAmount(e.kind, units);
  const stored = quantity ? e[quantity.key] : null;
  const shown = stored !== null && stored !== undefined && quantity ? String(quantity.fromApi(stored)) : "";
  const [editing, setEditing] = useState(false);
  const [date, setDate] = useState(e.date);
  const [amount, setAmount] = useState(shown);
  const startEditing = () => {
    setAmount(shown);
    setEditing(true);
  };
  const [notes, setNotes] = useState(e.notes ?? "");
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const update: FieldEventUpdate = { date, notes };
    // An untouched amount is not sent back, so converting it for display cannot round the stored value.
    if (quantity && amount !== shown) update[quantity.key] = quantity.toApi(Number(amount));
    await onSave(update);
    setEditing(false);
  };
  if (editing)
    return (
      <li data-testid="event">
        <form className="form-row" onSubmit={save} aria-label={`Edit ${label} of ${e.date}`}>
          <label>
            Date
            <input type="date" required value={date} onChange={(x) => setDate(x.target.value)} />
          </label>
          {quantity ? (
            <EventAmountInput label={`Amount (${quantity.unit})`} value={amount} onChange={setAmount} />
          ) : null}
          <label>
            Notes
            <input value={notes} maxLength={2000} onChange={(x) => setNotes(x.target.value)} />
          </label>
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      </li>
    );
  return (
    <li data-testid="event">
      <span className={`dot dot-${e.kind}`} aria-hidden="true" />
      <time dateTime={e.date}>{e.date}</time> <strong>{label}</strong>{" "}
      {quantity && shown ? `${shown} ${quantity.unit}` : frostDescription(e)}{" "}
      {e.notes ? <span className="muted">— {e.notes}</span> : null}{" "}
      {canWrite ? (
        <>
          <button type="button" className="secondary small" onClick={startEditing}>
            Edit
          </button>
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              if (window.confirm(`Delete the ${label.toLowerCase()} of ${e.date}? This cannot be undone.`))
                void onDelete();
            }}
          >
            Delete
          </button>
        </>
      ) : null}
    </li>
  );
}
