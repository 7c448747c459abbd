import type {
  FieldPage,
  ObservationPosition,
  ObservationTagKind,
  ObservationUpsert,
} from "@unicorn/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../../api/client";
import { Card, Empty, FormError } from "../../components/States";
import { SCOUTING_FIELDS_KEY } from "../../lib/offline";
import { resizePhoto } from "../../lib/photo";
import { useTimeZone } from "../../lib/prefs";
import {
  discard,
  enqueue,
  flushQueue,
  onQueueChanged,
  type QueuedObservation,
  queued,
  startQueueSync,
} from "../../lib/scouting-queue";
import { formatDateTime } from "../../lib/time";

const STAGES = [
  "VE",
  ...Array.from({ length: 20 }, (_, i) => `V${i + 1}`),
  "VT",
  "R1",
  "R2",
  "R3",
  "R4",
  "R5",
  "R6",
];

type FieldChoice = { id: string; name: string };

/** The field list, from the API when it answers and from the last copy on the device when it does not. */
function useFieldChoices(): FieldChoice[] {
  const [fields, setFields] = useState<FieldChoice[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(SCOUTING_FIELDS_KEY) ?? "[]") as FieldChoice[];
    } catch {
      return [];
    }
  });
  useEffect(() => {
    api<FieldPage>("/fields?limit=500").then(
      (page) => {
        const choices = page.items.map((f) => ({ id: f.id, name: f.name }));
        setFields(choices);
        try {
          localStorage.setItem(SCOUTING_FIELDS_KEY, JSON.stringify(choices));
        } catch {
          // Without storage the list lasts as long as the page.
        }
      },
      () => {},
    );
  }, []);
  return fields;
}

function useQueue(): QueuedObservation[] {
  const [items, setItems] = useState<QueuedObservation[]>([]);
  useEffect(() => {
    const load = () => void queued().then(setItems, () => {});
    load();
    startQueueSync();
    return onQueueChanged(load);
  }, []);
  return items;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

function locate(): Promise<ObservationPosition> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) reject(new Error("this browser has no location"));
    else
      navigator.geolocation.getCurrentPosition(
        (p) =>
          resolve({
            latitudeDeg: p.coords.latitude,
            longitudeDeg: p.coords.longitude,
            accuracyM: Number.isFinite(p.coords.accuracy) ? Math.round(p.coords.accuracy) : null,
          }),
        (error) => reject(new Error(error.message || "location unavailable")),
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
      );
  });
}

/** Scouting on the phone: record what you see; it waits on the device until there is a connection. */
export function ScoutPage({ canWrite, initialFieldId }: { canWrite: boolean; initialFieldId?: string }) {
  const fields = useFieldChoices();
  const items = useQueue();
  const online = useOnline();
  const [fieldId, setFieldId] = useState(initialFieldId ?? "");
  const [note, setNote] = useState("");
  const [stage, setStage] = useState("");
  const [tagKind, setTagKind] = useState<ObservationTagKind | "">("");
  const [tagName, setTagName] = useState("");
  const [photo, setPhoto] = useState<ObservationUpsert["photo"] & { bytes: number }>();
  const [position, setPosition] = useState<ObservationPosition>();
  const [locating, setLocating] = useState(false);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const chosenField = fieldId || fields[0]?.id || "";

  const findMe = () => {
    setLocating(true);
    locate().then(
      (p) => {
        setPosition(p);
        setLocating(false);
      },
      (e: Error) => {
        setError(`No position: ${e.message}. The observation can be saved without one.`);
        setLocating(false);
      },
    );
  };

  const choosePhoto = async (file: File | undefined) => {
    setPhoto(undefined);
    if (!file) return;
    try {
      setPhoto(await resizePhoto(file));
    } catch (e) {
      setError(`The photo could not be read: ${(e as Error).message}`);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!chosenField) return setError("Choose a field.");
    if (!note.trim() && !photo && !tagKind) return setError("Write a note, add a photo or tag what you saw.");
    if (tagKind && !tagName.trim()) return setError("Name the pest, disease or weed.");
    const body: ObservationUpsert = { fieldId: chosenField, observedAt: new Date().toISOString() };
    if (note.trim()) body.note = note.trim();
    if (position) body.position = position;
    if (stage) body.growthStage = stage;
    if (tagKind) body.tag = { kind: tagKind, name: tagName.trim() };
    if (photo) body.photo = { type: photo.type, dataBase64: photo.dataBase64 };
    try {
      await enqueue(body);
    } catch (e) {
      return setError(`The observation could not be kept on this device: ${(e as Error).message}`);
    }
    setNote("");
    setTagKind("");
    setTagName("");
    setPhoto(undefined);
    setMessage(
      online ? "Saved. Uploading…" : "Saved on this device. It uploads when the connection returns.",
    );
    if (navigator.onLine) void flushQueue().catch(() => {});
  };

  const pending = items.filter((i) => !i.lastError);
  const timeZone = useTimeZone();
  const refused = items.filter((i) => i.lastError);
  const fieldName = (id: string) => fields.find((f) => f.id === id)?.name ?? "a field";
  return (
    <div className="page scout-page">
      <h1>Scout</h1>
      <p className="muted" data-testid="connection">
        {online ? "Online" : "Offline: observations are kept on this device"}
        {" · "}
        <span data-testid="queue-count">{pending.length}</span> waiting to upload
      </p>
      {canWrite ? (
        <Card title="New observation" id="new-observation">
          <form className="stack-form" onSubmit={save} aria-label="New observation">
            <label>
              Field
              <select value={chosenField} onChange={(e) => setFieldId(e.target.value)} required>
                {fields.length === 0 ? <option value="">No fields loaded yet</option> : null}
                {fields.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Note
              <textarea value={note} maxLength={4000} rows={3} onChange={(e) => setNote(e.target.value)} />
            </label>
            <label>
              Photo
              <input
                type="file"
                accept="image/*"
                capture="environment"
                onChange={(e) => void choosePhoto(e.target.files?.[0])}
              />
            </label>
            {photo ? (
              <p className="muted">Photo ready ({Math.round(photo.bytes / 1024)} KB after resizing)</p>
            ) : null}
            <div className="form-row">
              <button type="button" className="secondary" onClick={findMe} disabled={locating}>
                {locating ? "Finding position…" : position ? "Update position" : "Add my position"}
              </button>
              {position ? (
                <span className="muted" data-testid="position">
                  {position.latitudeDeg.toFixed(5)}, {position.longitudeDeg.toFixed(5)}
                  {position.accuracyM !== null ? ` ±${position.accuracyM} m` : ""}
                </span>
              ) : null}
            </div>
            <label>
              Growth stage (optional)
              <select value={stage} onChange={(e) => setStage(e.target.value)}>
                <option value="">—</option>
                {STAGES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <div className="form-row">
              <label>
                Problem seen (optional)
                <select
                  value={tagKind}
                  onChange={(e) => setTagKind(e.target.value as ObservationTagKind | "")}
                >
                  <option value="">none</option>
                  <option value="pest">pest</option>
                  <option value="disease">disease</option>
                  <option value="weed">weed</option>
                </select>
              </label>
              {tagKind ? (
                <label>
                  Which {tagKind}
                  <input
                    value={tagName}
                    maxLength={120}
                    onChange={(e) => setTagName(e.target.value)}
                    required
                  />
                </label>
              ) : null}
            </div>
            <button type="submit">Save observation</button>
            <FormError message={error} />
            {message ? (
              <p role="status" className="muted">
                {message}
              </p>
            ) : null}
          </form>
        </Card>
      ) : (
        <p>Your role can read observations but not record them.</p>
      )}
      <Card title="On this device" id="queue">
        {items.length === 0 ? <Empty>Everything recorded here has been uploaded.</Empty> : null}
        <ul className="plain-list">
          {pending.map((item) => (
            <li key={item.id} data-testid="queued-observation">
              {formatDateTime(item.queuedAt, timeZone)} — {fieldName(item.body.fieldId)}:{" "}
              {item.body.note ?? item.body.tag?.name ?? "photo"} <span className="muted">waiting</span>
            </li>
          ))}
          {refused.map((item) => (
            <li key={item.id}>
              {fieldName(item.body.fieldId)}: {item.body.note ?? ""}{" "}
              <span className="error-text">refused: {item.lastError}</span>{" "}
              <button
                type="button"
                className="secondary"
                onClick={() => window.confirm("Discard this observation for good?") && void discard(item.id)}
              >
                Discard
              </button>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
