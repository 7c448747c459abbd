import type { Observation } from "@unicorn/contracts";
import { useState } from "react";
import { apiBlob } from "../../api/client";
import { useTimeZone } from "../../lib/prefs";
import { formatDateTime } from "../../lib/time";

/** One scouting observation in the field's timeline; its photo is fetched only when asked for. */
export function ObservationItem({
  observation,
  canWrite,
  onDelete,
}: {
  observation: Observation;
  canWrite: boolean;
  onDelete: (id: string) => void;
}) {
  const [photoUrl, setPhotoUrl] = useState<string>();
  const timeZone = useTimeZone();
  const o = observation;
  const showPhoto = async () => {
    if (!o.photo) return;
    const { blob } = await apiBlob(o.photo.url.replace(/^\/api\/v1/, ""));
    // A data: URL, not a blob: one: the content security policy allows images from 'self' and data: only.
    const reader = new FileReader();
    reader.onload = () => setPhotoUrl(String(reader.result));
    reader.readAsDataURL(blob);
  };
  return (
    <li data-testid="observation">
      <span className="dot dot-observation" aria-hidden="true" />
      <time dateTime={o.observedAt}>{formatDateTime(o.observedAt, timeZone)}</time> <strong>Scouting</strong>{" "}
      {o.growthStage ? `${o.growthStage} · ` : ""}
      {o.tag ? `${o.tag.kind}: ${o.tag.name} · ` : ""}
      {o.note ? <span>{o.note}</span> : null}
      {o.position ? (
        <span className="muted">
          {" "}
          at {o.position.latitudeDeg.toFixed(5)}, {o.position.longitudeDeg.toFixed(5)}
        </span>
      ) : null}{" "}
      {o.photo && !photoUrl ? (
        <button type="button" className="secondary small" onClick={() => void showPhoto()}>
          Show photo
        </button>
      ) : null}
      {canWrite ? (
        <button
          type="button"
          className="secondary small"
          onClick={() => window.confirm("Delete this observation?") && onDelete(o.id)}
        >
          Delete
        </button>
      ) : null}
      {photoUrl ? (
        <img className="observation-photo" src={photoUrl} alt={o.note ?? "scouting photo"} />
      ) : null}
    </li>
  );
}
