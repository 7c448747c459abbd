import type { FieldEvent, FieldEventUpdate } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";

const QUANTITY: Partial<
  Record<
    FieldEvent["kind"],
    {
      key: "nitrogenLbPerAcre" | "irrigationMm" | "yieldBuPerAcre" | "soilNitratePpm";
      unit: string;
    }
  >
> = {
  fertilizer_n: { key: "nitrogenLbPerAcre", unit: "lb N/ac" },
  irrigation: { key: "irrigationMm", unit: "mm" },
  harvest: { key: "yieldBuPerAcre", unit: "bu/ac" },
  soil_nitrate_test: { key: "soilNitratePpm", unit: "ppm NO3-N" },
};

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
  const quantity = QUANTITY[e.kind];
  const [editing, setEditing] = useState(false);
  const [date, setDate] = useState(e.date);
  const [amount, setAmount] = useState(quantity ? String(e[quantity.key] ?? "") : "");
  const [notes, setNotes] = useState(e.notes ?? "");
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const update: FieldEventUpdate = { date, notes };
    if (quantity) update[quantity.key] = Number(amount);
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
            <label>
              {quantity.unit}
              <input
                type="number"
                step="any"
                min="0"
                required
                value={amount}
                onChange={(x) => setAmount(x.target.value)}
              />
            </label>
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
      {quantity && e[quantity.key] !== null ? `${e[quantity.key]} ${quantity.unit}` : ""}{" "}
      {e.notes ? <span className="muted">— {e.notes}</span> : null}{" "}
      {canWrite ? (
        <>
          <button type="button" className="secondary small" onClick={() => setEditing(true)}>
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
