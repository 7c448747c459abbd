/** What each sensor kind measures, its unit, and the physically plausible range of one reading. */
export const SENSOR_KINDS = {
  air_temperature: { unit: "°C", min: -60, max: 60 },
  relative_humidity: { unit: "%", min: 0, max: 100 },
  wind_speed: { unit: "m/s", min: 0, max: 75 },
  solar_radiation: { unit: "W/m²", min: 0, max: 1_500 },
  rain: { unit: "mm", min: 0, max: 500 },
  soil_moisture: { unit: "% vol", min: 0, max: 100 },
} as const;

export type SensorKind = keyof typeof SENSOR_KINDS;
export const SENSOR_KIND_NAMES = Object.keys(SENSOR_KINDS) as SensorKind[];
