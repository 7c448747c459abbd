/**
 * Unit conversions, the one implementation in the repo (exact definitions): the engine, the api and the
 * dashboard all use these. Pure functions only, so the web bundle keeps just what it imports.
 */
export type TemperatureUnit = "F" | "C";

export const fahrenheitToCelsius = (f: number): number => ((f - 32) * 5) / 9;
export const celsiusToFahrenheit = (c: number): number => (c * 9) / 5 + 32;

/** A temperature in °C, in the given unit. */
export const celsiusIn = (celsius: number, unit: TemperatureUnit): number =>
  unit === "F" ? celsiusToFahrenheit(celsius) : celsius;

/** A degree-day count (°F GDD, 86/50) in the given unit: N °F degree-days are 5N/9 °C ones (30/10 °C method). */
export const fahrenheitDegreeDaysIn = (gddF: number, unit: TemperatureUnit): number =>
  unit === "F" ? gddF : (gddF * 5) / 9;

/** International acre: 4046.8564224 m² exactly, so 1 ha = 2.4710538 acres. */
export const SQUARE_METRES_PER_ACRE = 4_046.856_422_4;
export const SQUARE_METRES_PER_HECTARE = 10_000;
export const hectaresToAcres = (hectares: number): number =>
  (hectares * SQUARE_METRES_PER_HECTARE) / SQUARE_METRES_PER_ACRE;
export const acresToHectares = (acres: number): number =>
  (acres * SQUARE_METRES_PER_ACRE) / SQUARE_METRES_PER_HECTARE;

/** 1 lb/acre = 0.45359237 kg / 0.40468564224 ha = 1.12085 kg/ha. */
export const LB_PER_ACRE_TO_KG_PER_HA = 0.45359237 / 0.40468564224;
export const MM_PER_INCH = 25.4;
