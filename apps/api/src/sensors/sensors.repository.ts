import type { Sensor } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";
import { ResourceRepository, type Stored } from "../resources/resource.repository";

/** A sensor row: the representation is the row itself. */
export type SensorColumns = Omit<Sensor, keyof Stored>;

export function createSensorsRepository(pool: Pool, siteId: string): ResourceRepository<SensorColumns> {
  return new ResourceRepository<SensorColumns>(
    pool,
    {
      table: "sensors",
      columns: {
        fieldId: "field_id",
        name: "name",
        kind: "kind",
        unit: "unit",
        depthCm: "depth_cm",
        // Derived from readings (newest row of the (sensor_id, time) key): ingestion never contends on sensor rows.
        lastSeenAt:
          "(SELECT r.time FROM readings r WHERE r.sensor_id = sensors.id ORDER BY r.time DESC LIMIT 1)",
        lastValue:
          "(SELECT r.value FROM readings r WHERE r.sensor_id = sensors.id ORDER BY r.time DESC LIMIT 1)",
      },
      filters: ["fieldId", "kind"],
      orderBy: "name, id",
    },
    siteId,
  );
}
