import { type Static, Type } from "typebox";
import { IsoDate, Nullable, Uuid } from "./common";

const Measured = (description: string) =>
  Nullable(Type.Number({ description: `${description}; null without readings that day` }));

/** One local day of a field's station weather, in the units FAO-56 uses. */
export const DailyWeather = Type.Object({
  date: IsoDate,
  tminC: Measured("minimum air temperature, °C"),
  tmaxC: Measured("maximum air temperature, °C"),
  rhMinPct: Measured("minimum relative humidity, %"),
  rhMaxPct: Measured("maximum relative humidity, %"),
  rhMeanPct: Measured("mean relative humidity, %"),
  windSpeedMs: Measured("mean wind speed, m/s"),
  solarRadiationMJ: Measured("solar radiation, MJ/m²/day"),
  rainMm: Measured("rain, mm"),
  temperatureHours: Type.Integer({ description: "hours with a temperature reading" }),
  complete: Type.Boolean({ description: "at least 20 hourly temperature readings that day" }),
});
export type DailyWeather = Static<typeof DailyWeather>;

export const FieldWeatherQuery = Type.Object(
  { from: IsoDate, to: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export type FieldWeatherQuery = Static<typeof FieldWeatherQuery>;

export const FieldWeather = Type.Object({
  fieldId: Uuid,
  timeZone: Type.String({ description: "the farm's IANA time zone: days are local days" }),
  days: Type.Array(DailyWeather),
});
export type FieldWeather = Static<typeof FieldWeather>;
