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
        latitudeDeg: "latitude_deg",
        longitudeDeg: "longitude_deg",
        // From sensor_latest, kept by ingestion (ADR 0007): one key lookup, and ingestion never contends on
        // sensor rows.
        lastSeenAt: "(SELECT l.time FROM sensor_latest l WHERE l.sensor_id = sensors.id)",
        lastValue: "(SELECT l.value FROM sensor_latest l WHERE l.sensor_id = sensors.id)",
      },
      filters: ["fieldId", "kind"],
      orderBy: "name, id",
    },
    siteId,
  );
}
