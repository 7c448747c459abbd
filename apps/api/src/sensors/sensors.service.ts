import {
  SENSOR_KINDS,
  type Sensor,
  type SensorCreate,
  type SensorListQuery,
  type SensorUpdate,
} from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import { requireReference } from "../resources/references";
import type { ReferenceTarget, ResourceRepository } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";
import type { SensorColumns } from "./sensors.repository";

export type SensorsService = HookedResourceService<
  Sensor,
  SensorCreate,
  SensorUpdate,
  SensorListQuery,
  SensorColumns
>;

/** `onSensorsChanged` lets ingestion's sensor cache forget what it knew before a sensor is written. */
export function createSensorsService(
  sensors: ResourceRepository<SensorColumns>,
  fields: ReferenceTarget,
  onSensorsChanged: () => void,
): SensorsService {
  return new HookedResourceService(sensors, {
    async prepareCreate(principal, input) {
      requireWholePosition(input);
      await requireReference(fields, principal, input.fieldId, "fieldId", "field");
      onSensorsChanged();
      // The unit follows from the kind: ingestion and the agronomy engine rely on one unit per kind.
      return { ...input, unit: SENSOR_KINDS[input.kind].unit };
    },
    async prepareUpdate(principal, input) {
      requireWholePosition(input);
      await requireReference(fields, principal, input.fieldId, "fieldId", "field");
      onSensorsChanged();
      return input;
    },
    afterRemove: onSensorsChanged,
    present: (row) => row,
  });
}

/** A position is a latitude and a longitude given together (or both cleared with null). */
function requireWholePosition(input: { latitudeDeg?: number | null; longitudeDeg?: number | null }): void {
  const lat = input.latitudeDeg;
  const lon = input.longitudeDeg;
  if ((lat === undefined) !== (lon === undefined) || (lat === null) !== (lon === null))
    throw errors.unprocessable(
      "latitudeDeg and longitudeDeg are given together",
      lat === undefined || lat === null ? "latitudeDeg" : "longitudeDeg",
    );
}
