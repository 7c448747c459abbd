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

/** NIST SP 811 (2008) B.8: 1 mile per hour = 0.44704 m/s exactly (1 mi = 1609.344 m, 1 h = 3600 s). */
export const METRES_PER_SECOND_PER_MPH = 0.447_04;
/** NIST SP 811 (2008) B.8: 1 pound (avoirdupois) = 0.45359237 kg exactly. */
export const KG_PER_POUND = 0.453_592_37;
/**
 * A US bushel of shelled corn is 56 lb at the 15.5 % moisture standard (USDA, Weights, Measures and Conversion
 * Factors for Agricultural Commodities, Agricultural Handbook 697, 1992): 1 bu/acre = 56 × 0.45359237 kg per
 * 0.40468564224 ha = 62.77 kg/ha = 0.06277 t/ha.
 */
export const CORN_POUNDS_PER_BUSHEL = 56;
export const cornBushelsPerAcreToTonnesPerHectare = (buPerAcre: number): number =>
  (buPerAcre * CORN_POUNDS_PER_BUSHEL * LB_PER_ACRE_TO_KG_PER_HA) / 1000;
