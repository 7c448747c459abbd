import type { Field, ObservationPage } from "@unicorn/contracts";
import { api } from "../../api/client";
import { Card } from "../../components/States";
import { projectRings } from "../../lib/chart-data";
import { useAsync } from "../../lib/hooks";
import { useTimeZone } from "../../lib/prefs";
import { Link } from "../../lib/router";
import { localDate } from "../../lib/time";

/** A point as a ring of four positions a few centimetres apart: projected with the boundary, drawn as a dot. */
const pointRing = (lon: number, lat: number) => [
  [lon, lat],
  [lon + 1e-7, lat],
  [lon, lat + 1e-7],
  [lon, lat],
];

/** The field's outline with where scouts recorded observations, and the ways to scout, report and manage it. */
export function FieldScoutingCard({ field, canWrite }: { field: Field; canWrite: boolean }) {
  const timeZone = useTimeZone();
  const { data } = useAsync(
    () => api<ObservationPage>(`/observations?fieldId=${field.id}&limit=200`),
    [field.id],
  );
  const located = (data?.items ?? []).filter((o) => o.position);
  const width = 320;
  const height = 200;
  const { paths } = projectRings(
    [
      field.boundary.coordinates[0] ?? [],
      ...located.map((o) => pointRing(o.position!.longitudeDeg, o.position!.latitudeDeg)),
    ],
    width,
    height,
  );
  return (
    <Card title="Scouting" id="scouting">
      <svg viewBox={`0 0 ${width} ${height}`} className="field-outline" aria-labelledby="scouting-map-title">
        <title id="scouting-map-title">
          {`Outline of ${field.name} with ${located.length} located observation(s)`}
        </title>
        <path d={paths[0]} fill="#dfe9d3" stroke="#3d4a3f" strokeWidth="1.5" />
        {located.map((o, i) => (
          <path
            key={o.id}
            d={paths[i + 1]}
            stroke={o.tag ? "#b3261e" : "#1f5fa8"}
            strokeWidth="10"
            strokeLinecap="round"
            data-testid="observation-marker"
          >
            <title>{`${localDate(o.observedAt, timeZone)} ${o.tag ? `${o.tag.kind}: ${o.tag.name}` : (o.note ?? "")}`}</title>
          </path>
        ))}
      </svg>
      <p className="muted">
        {data ? `${data.total} observation(s); red marks a pest, disease or weed.` : "Loading observations…"}
      </p>
      <div className="form-row">
        {canWrite ? <Link href={`/scout?field=${field.id}`}>Scout this field</Link> : null}
        <Link href={`/fields/${field.id}/report`}>Season report</Link>
        {canWrite ? <Link href={`/manage/fields/${field.id}`}>Edit field, seasons and sensors</Link> : null}
      </div>
    </Card>
  );
}
