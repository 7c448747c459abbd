import {
  SENSOR_KINDS,
  type Sensor,
  type SensorCreate,
  type SensorListQuery,
  type SensorUpdate,
} from "@unicorn/contracts";
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
      await requireReference(fields, principal, input.fieldId, "fieldId", "field");
      onSensorsChanged();
      // The unit follows from the kind: ingestion and the agronomy engine rely on one unit per kind.
      return { ...input, unit: SENSOR_KINDS[input.kind].unit };
    },
    async prepareUpdate(principal, input) {
      await requireReference(fields, principal, input.fieldId, "fieldId", "field");
      onSensorsChanged();
      return input;
    },
    afterRemove: onSensorsChanged,
    present: (row) => row,
  });
}
