import type { FieldPage, Sensor, SensorPage } from "@unicorn/contracts";
import { api } from "../api/client";
import { ResponsiveTable } from "../components/ResponsiveTable";
import { Badge, Empty, ErrorBox, Loading } from "../components/States";
import { useAsync, useLiveSensors } from "../lib/hooks";
import { useTimeZone, useUnits } from "../lib/prefs";
import { Link } from "../lib/router";
import { formatDateTime } from "../lib/time";
import { formatDepth, formatReading } from "../lib/units";

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

/** A sensor's health, worded for the badge: silent ones' last value is stale. */
export function SensorStatus({ sensor }: { sensor: Pick<Sensor, "lastSeenAt"> }) {
  return isSilent(sensor) ? (
    <Badge tone="critical">silent · stale</Badge>
  ) : (
    <Badge tone="ok">reporting</Badge>
  );
}

export function SensorsPage() {
  const { units } = useUnits();
  const timeZone = useTimeZone();
  const { data, error, reload } = useAsync(
    async () => ({
      sensors: (await api<SensorPage>("/sensors?limit=500")).items,
      fields: new Map((await api<FieldPage>("/fields?limit=200")).items.map((f) => [f.id, f])),
    }),
    [],
  );
  const live = useLiveSensors(data?.sensors ?? []);
  if (error && !data) return <ErrorBox error={error} retry={reload} />;
  if (!data) return <Loading what="Loading sensors" />;
  if (data.sensors.length === 0) return <Empty>No sensors registered yet.</Empty>;
  const silent = live.sensors.filter((s) => isSilent(s)).length;
  return (
    <div className="page">
      <h1>
        Sensors{" "}
        <span className="muted">
          {data.sensors.length} in all, {silent} silent
        </span>
        <span className={`live-status ${live.status}`} aria-live="polite">
          {live.status === "live" ? "● live" : live.status === "connecting" ? "connecting…" : "reconnecting…"}
        </span>
      </h1>
      <ResponsiveTable
        caption="Sensors, their last value and status"
        rows={live.sensors}
        rowKey={(s) => s.id}
        rowTestId="sensor-row"
        columns={[
          { label: "Sensor", cell: (s) => s.name },
          {
            label: "Field",
            cell: (s) => <Link href={`/fields/${s.fieldId}`}>{data.fields.get(s.fieldId)?.name ?? "–"}</Link>,
          },
          {
            label: "Kind",
            cell: (s) =>
              `${s.kind.replace("_", " ")}${s.depthCm !== null ? `, ${formatDepth(s.depthCm, units)}` : ""}`,
          },
          {
            label: "Last value",
            cell: (s) => <span data-testid="last-value">{formatReading(s.lastValue, s.unit, units)}</span>,
          },
          {
            label: "Last seen",
            cell: (s) => (
              <time
                dateTime={s.lastSeenAt ?? undefined}
                title={s.lastSeenAt ? formatDateTime(s.lastSeenAt, timeZone) : undefined}
              >
                {ago(s.lastSeenAt)}
              </time>
            ),
          },
          { label: "Status", lead: true, cell: (s) => <SensorStatus sensor={s} /> },
        ]}
      />
    </div>
  );
}
