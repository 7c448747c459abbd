/** GET /fields/{id}/et0/hourly: FAO-56 hourly ET0 (eq. 53) from the field's station readings over one day. */
import { type Static, Type } from "typebox";
import { HourlyEt0Hour } from "./calc";
import { IsoDate, Uuid } from "./common";

export const StationHourlyEt0Query = Type.Object(
  { date: IsoDate },
  { additionalProperties: false, description: "the day, in the farm's local standard time" },
);
export type StationHourlyEt0Query = Static<typeof StationHourlyEt0Query>;

export const StationHourlyEt0 = Type.Object({
  fieldId: Uuid,
  date: IsoDate,
  timeZone: Type.String(),
  standardUtcOffsetHours: Type.Number({
    description: "hours are in local standard time, as FAO-56 requires",
  }),
  method: Type.Literal("FAO-56 eq. 53 (hourly Penman-Monteith)"),
  hours: Type.Array(HourlyEt0Hour),
  totalEt0Mm: Type.Number({ description: "sum over the hours computed" }),
  hoursMissing: Type.Array(Type.Integer(), {
    description: "hours without air temperature, humidity or solar radiation readings: not computed",
  }),
  assumptions: Type.Array(Type.String()),
});
export type StationHourlyEt0 = Static<typeof StationHourlyEt0>;
