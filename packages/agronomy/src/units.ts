/** Unit conversions used across the engine (exact definitions). */
export const fahrenheitToCelsius = (f: number): number => ((f - 32) * 5) / 9;
export const celsiusToFahrenheit = (c: number): number => (c * 9) / 5 + 32;
/** 1 lb/acre = 0.45359237 kg / 0.40468564224 ha = 1.12085 kg/ha. */
export const LB_PER_ACRE_TO_KG_PER_HA = 0.45359237 / 0.40468564224;
export const MM_PER_INCH = 25.4;

export type TemperatureUnit = "F" | "C";
