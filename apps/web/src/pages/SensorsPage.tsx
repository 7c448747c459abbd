import type { FieldPage, Sensor, SensorPage } from "@unicorn/contracts";
import { api } from "../api/client";
import { Badge, Empty, ErrorBox, Loading, TableHead } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useUnits } from "../lib/prefs";
import { Link } from "../lib/router";
import { formatReading } from "../lib/units";

/** A sensor that has not reported for this long is flagged silent (stations report at least hourly). */
export const SILENT_AFTER_MS = 2 * 3_600_000;

export function isSilent(sensor: Pick<Sensor, "lastSeenAt">, now = Date.now()): boolean {
  return !sensor.lastSeenAt || now - Date.parse(sensor.lastSeenAt) > SILENT_AFTER_MS;
}

export function ago(iso: string | null): string {
  if (!iso) return "never";
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}

export function SensorsPage() {
  const { units } = useUnits();
  const { data, error, reload } = useAsync(
    async () => ({
      sensors: (await api<SensorPage>("/sensors?limit=500")).items,
      fields: new Map((await api<FieldPage>("/fields?limit=200")).items.map((f) => [f.id, f])),
    }),
    [],
  );
  if (error) return <ErrorBox error={error} retry={reload} />;
  if (!data) return <Loading what="Loading sensors" />;
  if (data.sensors.length === 0) return <Empty>No sensors registered yet.</Empty>;
  const silent = data.sensors.filter((s) => isSilent(s)).length;
  return (
    <div className="page">
      <h1>
        Sensors{" "}
        <span className="muted">
          {data.sensors.length} in all, {silent} silent
        </span>
      </h1>
      <div className="table-wrap">
        <table>
          <TableHead columns={["Sensor", "Field", "Kind", "Last value", "Last seen", "Status"]} />
          <tbody>
            {data.sensors.map((s) => (
              <tr key={s.id} data-testid="sensor-row">
                <td>{s.name}</td>
                <td>
                  <Link href={`/fields/${s.fieldId}`}>{data.fields.get(s.fieldId)?.name ?? "–"}</Link>
                </td>
                <td>{s.kind.replace("_", " ")}</td>
                <td>{formatReading(s.lastValue, s.unit, units)}</td>
                <td>
                  <time dateTime={s.lastSeenAt ?? undefined}>{ago(s.lastSeenAt)}</time>
                </td>
                <td>
                  {isSilent(s) ? <Badge tone="critical">silent</Badge> : <Badge tone="ok">reporting</Badge>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
