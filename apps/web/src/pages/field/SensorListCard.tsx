import type { Sensor } from "@unicorn/contracts";
import { Card } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { formatReading } from "../../lib/units";

/** Every sensor of the field with its last value in the user's units. */
export function SensorListCard({ sensors }: { sensors: Sensor[] }) {
  const { units } = useUnits();
  return (
    <Card title="Sensors on this field">
      <ul className="plain">
        {sensors.map((s) => (
          <li key={s.id}>
            {s.name}: {formatReading(s.lastValue, s.unit, units)}
          </li>
        ))}
      </ul>
    </Card>
  );
}
