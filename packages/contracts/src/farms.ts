import { type Static, Type } from "typebox";
import { listQuery, Nullable, pageOf, partialBody, Timestamps, Uuid } from "./common";

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
  longitudeDeg: Type.Number({ minimum: -180, maximum: 180 }),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone, e.g. America/Chicago" }),
};

export const Farm = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    latitudeDeg: Nullable(Type.Number()),
    longitudeDeg: Nullable(Type.Number()),
    timezone: Type.String(),
    ...Timestamps,
  },
  { $id: "Farm" },
);
export type Farm = Static<typeof Farm>;

export const FarmCreate = Type.Object(
  {
    name: writable.name,
    latitudeDeg: Type.Optional(writable.latitudeDeg),
    longitudeDeg: Type.Optional(writable.longitudeDeg),
    timezone: Type.Optional(writable.timezone),
  },
  { additionalProperties: false },
);
export type FarmCreate = Static<typeof FarmCreate>;

export const FarmUpdate = partialBody(writable);
export type FarmUpdate = Static<typeof FarmUpdate>;

export const FarmListQuery = listQuery({});
export type FarmListQuery = Static<typeof FarmListQuery>;

export const FarmPage = pageOf(Farm);
export type FarmPage = Static<typeof FarmPage>;
