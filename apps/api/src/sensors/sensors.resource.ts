import type { Pool } from "@unicorn/db";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Principal } from "../auth/principal";
import { IsoDateTime, Timestamps, Uuid } from "../http/schemas";
import { registerResourceRoutes } from "../resources/legacy-resource.routes";
import { HookedResourceService } from "../resources/legacy-resource.service";
import { requireReference } from "../resources/references";
import { ResourceRepository, type Row } from "../resources/resource.repository";
import { Nullable, partialBody } from "../resources/schema-helpers";
import { SENSOR_KIND_NAMES, SENSOR_KINDS, type SensorKind } from "./sensor-kinds";

const Kind = Type.Union(SENSOR_KIND_NAMES.map((kind) => Type.Literal(kind)));

const writable = {
  fieldId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  depthCm: Type.Number({ minimum: 0, maximum: 400, description: "soil moisture probe depth" }),
};

export const SensorSchema = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    name: Type.String(),
    kind: Kind,
    unit: Type.String(),
    depthCm: Nullable(Type.Number()),
    lastSeenAt: Nullable(IsoDateTime),
    lastValue: Nullable(Type.Number()),
    ...Timestamps,
  },
  { $id: "Sensor" },
);

export function sensorsRepository(pool: Pool, siteId: string): ResourceRepository {
  return new ResourceRepository(
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

export function registerSensors(
  app: FastifyInstance,
  sensors: ResourceRepository,
  fields: ResourceRepository,
  onChange: () => void,
): void {
  const prepare = async (principal: Principal, input: Row): Promise<Row> => {
    await requireReference(fields, principal, input.fieldId, "fieldId", "field");
    onChange();
    // The unit follows from the kind: ingestion and the agronomy engine rely on one unit per kind.
    return input.kind ? { ...input, unit: SENSOR_KINDS[input.kind as SensorKind].unit } : input;
  };
  registerResourceRoutes(app, {
    path: "sensors",
    noun: "sensor",
    tag: "sensing",
    item: SensorSchema,
    create: Type.Object(
      {
        fieldId: writable.fieldId,
        name: writable.name,
        kind: Kind,
        depthCm: Type.Optional(writable.depthCm),
      },
      { additionalProperties: false },
    ),
    update: partialBody(writable),
    filters: { fieldId: Type.Optional(Uuid), kind: Type.Optional(Kind) },
    service: new HookedResourceService(sensors, { prepare }),
  });
}
