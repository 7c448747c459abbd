import { type Static, Type } from "typebox";
import { IsoDateTime, listQuery, Nullable, pageOf, partialBody, Timestamps, Uuid } from "./common";
import { SensorKind } from "./vocabularies";

const writable = {
  fieldId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  depthCm: Type.Number({ minimum: 0, maximum: 400, description: "soil moisture probe depth" }),
  latitudeDeg: Nullable(
    Type.Number({
      minimum: -90,
      maximum: 90,
      description: "where the sensor stands (WGS84); with longitudeDeg",
    }),
  ),
  longitudeDeg: Nullable(Type.Number({ minimum: -180, maximum: 180, description: "with latitudeDeg" })),
};

/** A sensor's kind is fixed at creation and its unit follows from the kind (SENSOR_KINDS). */
export const Sensor = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    name: Type.String(),
    kind: SensorKind,
    unit: Type.String(),
    depthCm: Nullable(Type.Number()),
    /** Null when no position was given: the sensor is not drawn on maps. */
    latitudeDeg: Type.Optional(Nullable(Type.Number())),
    longitudeDeg: Type.Optional(Nullable(Type.Number())),
    lastSeenAt: Nullable(IsoDateTime),
    lastValue: Nullable(Type.Number()),
    ...Timestamps,
  },
  { $id: "Sensor" },
);
export type Sensor = Static<typeof Sensor>;

export const SensorCreate = Type.Object(
  {
    fieldId: writable.fieldId,
    name: writable.name,
    kind: SensorKind,
    depthCm: Type.Optional(writable.depthCm),
    latitudeDeg: Type.Optional(writable.latitudeDeg),
    longitudeDeg: Type.Optional(writable.longitudeDeg),
  },
  { additionalProperties: false },
);
export type SensorCreate = Static<typeof SensorCreate>;

export const SensorUpdate = partialBody(writable);
export type SensorUpdate = Static<typeof SensorUpdate>;

export const SensorListQuery = listQuery({ fieldId: Type.Optional(Uuid), kind: Type.Optional(SensorKind) });
export type SensorListQuery = Static<typeof SensorListQuery>;

export const SensorPage = pageOf(Sensor);
export type SensorPage = Static<typeof SensorPage>;
