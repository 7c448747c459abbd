/** Display units the user picks; the API always speaks SI (°C, ha, mm) or the agronomic convention (°F GDD). */
import { celsiusIn, fahrenheitDegreeDaysIn, hectaresToAcres, type TemperatureUnit } from "@unicorn/agronomy";

export type { TemperatureUnit };
export type AreaUnit = "ac" | "ha";

export interface UnitPrefs {
  temperature: TemperatureUnit;
  area: AreaUnit;
}

export const DEFAULT_UNITS: UnitPrefs = { temperature: "F", area: "ac" };
/** A temperature stored in °C, in the user's unit. */
export const temperature = celsiusIn;

/** GDD are computed in °F (86/50 method); shown in °C they are 5/9 as many. */
export const degreeDays = fahrenheitDegreeDaysIn;

export function area(hectares: number, unit: AreaUnit): number {
  return unit === "ac" ? hectaresToAcres(hectares) : hectares;
}

export function formatTemperature(
  celsius: number | null | undefined,
  unit: TemperatureUnit,
  digits = 1,
): string {
  if (celsius === null || celsius === undefined || !Number.isFinite(celsius)) return "–";
  return `${temperature(celsius, unit).toFixed(digits)} °${unit}`;
}

export function formatArea(hectares: number, unit: AreaUnit): string {
  return `${area(hectares, unit).toFixed(1)} ${unit === "ac" ? "acres" : "ha"}`;
}

/** A reading in its sensor's unit, converted when it is a temperature. */
export function formatReading(
  value: number | null | undefined,
  sensorUnit: string,
  prefs: UnitPrefs,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (sensorUnit === "°C") return formatTemperature(value, prefs.temperature);
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${sensorUnit}`;
}

export function parseUnitPrefs(raw: string | null): UnitPrefs {
  try {
    const parsed = JSON.parse(raw ?? "{}") as Partial<UnitPrefs>;
    return {
      temperature:
        parsed.temperature === "C" ? "C" : parsed.temperature === "F" ? "F" : DEFAULT_UNITS.temperature,
      area: parsed.area === "ha" ? "ha" : parsed.area === "ac" ? "ac" : DEFAULT_UNITS.area,
    };
  } catch {
    return DEFAULT_UNITS;
  }
}
