import { type DecoderProfile, LORAWAN_DECODERS, type SensorKind } from "@unicorn/contracts";
import { readNumber } from "./decoded-path";

export interface DecodedMeasurements {
  values: { kind: SensorKind; value: number }[];
  batteryVolts: number | undefined;
  batteryPercent: number | undefined;
}

export function decoderProfile(name: string): DecoderProfile | undefined {
  return Object.hasOwn(LORAWAN_DECODERS, name)
    ? (LORAWAN_DECODERS as Record<string, DecoderProfile>)[name]
    : undefined;
}

/** The measurements (in each kind's unit) and battery a decoded payload carries under the device's profile. */
export function decodeMeasurements(profile: DecoderProfile, decoded: unknown): DecodedMeasurements {
  const values: DecodedMeasurements["values"] = [];
  for (const measurement of profile.measurements) {
    const raw = readNumber(decoded, measurement.path);
    if (raw !== undefined) values.push({ kind: measurement.kind, value: raw * (measurement.scale ?? 1) });
  }
  const battery = profile.battery ? readNumber(decoded, profile.battery.path) : undefined;
  return {
    values,
    batteryVolts: profile.battery?.unit === "V" ? battery : undefined,
    batteryPercent: profile.battery?.unit === "%" ? battery : undefined,
  };
}
