/** Words with one meaning across api, web, ml and cli: defined once, here. */
import { literalUnion } from "./common";

export const USER_ROLES = ["admin", "agronomist", "viewer"] as const;
export const UserRole = literalUnion(USER_ROLES);
export type UserRole = (typeof USER_ROLES)[number];

/** Who can call: people have a user role, sensors and gateways authenticate as a device. */
export type Role = UserRole | "device";

/** Roles an API key can carry: never admin (a leaked device key must not manage the organization). */
export const API_KEY_ROLES = ["device", "agronomist", "viewer"] as const satisfies readonly Role[];
export const ApiKeyRole = literalUnion(API_KEY_ROLES);
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export interface SensorKindDefinition {
  /** The one unit readings of this kind are stored and served in. */
  unit: string;
  description: string;
  /** Physically plausible range of one reading, in `unit`: ingestion refuses values outside it. */
  min: number;
  max: number;
}

/** What each sensor kind measures, its canonical unit and the plausible range of one reading. */
export const SENSOR_KINDS = {
  air_temperature: { unit: "°C", description: "air temperature", min: -60, max: 60 },
  relative_humidity: { unit: "%", description: "relative humidity of the air", min: 0, max: 100 },
  wind_speed: { unit: "m/s", description: "wind speed", min: 0, max: 75 },
  solar_radiation: {
    unit: "W/m²",
    description: "global solar irradiance on a horizontal surface",
    min: 0,
    max: 1_500,
  },
  rain: { unit: "mm", description: "rainfall since the previous reading", min: 0, max: 500 },
  soil_moisture: { unit: "% vol", description: "volumetric soil water content", min: 0, max: 100 },
} as const satisfies Record<string, SensorKindDefinition>;

export type SensorKind = keyof typeof SENSOR_KINDS;
export const SENSOR_KIND_NAMES = Object.keys(SENSOR_KINDS) as SensorKind[];
export const SensorKind = literalUnion(SENSOR_KIND_NAMES);
