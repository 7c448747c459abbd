import { Sensor, SensorCreate, SensorListQuery, SensorUpdate } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { registerResourceRoutes } from "../resources/resource.routes";
import type { SensorsService } from "./sensors.service";

export const sensorsRoutes: FeaturePlugin<{ sensors: SensorsService }> = async (app, { sensors }) => {
  registerResourceRoutes(app, {
    path: "sensors",
    noun: "sensor",
    tag: "sensing",
    schemas: { item: Sensor, create: SensorCreate, update: SensorUpdate, query: SensorListQuery },
    service: sensors,
  });
};
