import type { Sensor } from "@unicorn/contracts";
import { Card } from "../../components/States";
import { useLiveSensors } from "../../lib/hooks";
import { useUnits } from "../../lib/prefs";
import { formatDepth, formatReading } from "../../lib/units";
import { ago, SensorStatus } from "../SensorsPage";

/** Every sensor of the field with its last value in the user's units, kept current by the live stream. */
export function SensorListCard({ sensors }: { sensors: Sensor[] }) {
  const { units } = useUnits();
  const live = useLiveSensors(sensors);
  return (
    <Card title="Sensors on this field">
      <ul className="plain sensor-list">
        {live.sensors.map((s) => (
          <li key={s.id} data-testid="field-sensor">
            <SensorStatus sensor={s} /> {s.name}
            {s.depthCm !== null ? ` (${formatDepth(s.depthCm, units)})` : ""}:{" "}
            <strong data-testid="last-value">{formatReading(s.lastValue, s.unit, units)}</strong>{" "}
            <span className="muted small">{ago(s.lastSeenAt)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
