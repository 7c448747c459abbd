/**
 * Display units. The user picks one system, US customary or metric, and every number follows it; the API
 * always speaks SI (°C, ha, mm, m/s, cm) or the agronomic convention (°F GDD, lb N/acre, bu/acre). Factors are
 * the exact definitions of NIST SP 811 (2008), Appendix B.8, kept in @unicorn/agronomy.
 */
import {
  CORN_POUNDS_PER_BUSHEL,
  celsiusIn,
  cornBushelsPerAcreToTonnesPerHectare,
  fahrenheitDegreeDaysIn,
  hectaresToAcres,
  KG_PER_POUND,
  LB_PER_ACRE_TO_KG_PER_HA,
  METRES_PER_SECOND_PER_MPH,
  MM_PER_INCH,
  type TemperatureUnit,
} from "@unicorn/agronomy";

export type { TemperatureUnit };
export type AreaUnit = "ac" | "ha";
export type UnitSystem = "us" | "metric";

export interface UnitPrefs {
  system: UnitSystem;
  /** Follow `system`; kept as fields so each formatter reads the one it needs. */
  temperature: TemperatureUnit;
  area: AreaUnit;
}

export function unitsFor(system: UnitSystem): UnitPrefs {
  return system === "metric"
    ? { system, temperature: "C", area: "ha" }
    : { system: "us", temperature: "F", area: "ac" };
}

export const DEFAULT_UNITS: UnitPrefs = unitsFor("us");
const MISSING = "–";
const missing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

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
  if (missing(celsius)) return MISSING;
  return `${temperature(celsius, unit).toFixed(digits)} °${unit}`;
}

export function formatArea(hectares: number, unit: AreaUnit): string {
  return `${area(hectares, unit).toFixed(1)} ${unit === "ac" ? "acres" : "ha"}`;
}

/** A depth of water (rain, irrigation, deficit) stored in mm: inches (2 decimals) or mm (1 decimal). */
export function formatWater(mm: number | null | undefined, prefs: UnitPrefs): string {
  if (missing(mm)) return MISSING;
  return prefs.system === "us" ? `${(mm / MM_PER_INCH).toFixed(2)} in` : `${mm.toFixed(1)} mm`;
}

/** A depth of water stored in mm, as a number in the chosen system's unit (charts, tables with a unit header). */
export function waterIn(mm: number, prefs: UnitPrefs): number {
  return prefs.system === "us" ? mm / MM_PER_INCH : mm;
}

export function waterUnit(prefs: UnitPrefs): "in" | "mm" {
  return prefs.system === "us" ? "in" : "mm";
}

/** An amount per acre (dollars, say) per the chosen area unit: per hectare is 2.4710538 times per acre (NIST SP 811). */
export function perArea(perAcre: number, prefs: UnitPrefs): number {
  return prefs.area === "ac" ? perAcre : hectaresToAcres(perAcre);
}

/** A wind speed stored in m/s: mph or m/s. */
export function formatWind(metresPerSecond: number | null | undefined, prefs: UnitPrefs): string {
  if (missing(metresPerSecond)) return MISSING;
  return prefs.system === "us"
    ? `${(metresPerSecond / METRES_PER_SECOND_PER_MPH).toFixed(1)} mph`
    : `${metresPerSecond.toFixed(1)} m/s`;
}

/** A soil depth stored in cm: inches or cm. */
export function formatDepth(cm: number | null | undefined, prefs: UnitPrefs): string {
  if (missing(cm)) return MISSING;
  return prefs.system === "us" ? `${((cm * 10) / MM_PER_INCH).toFixed(0)} in` : `${cm.toFixed(0)} cm`;
}

/** An application rate stored in lb/acre (N, seed weight): lb/ac or kg/ha. */
export function formatRate(lbPerAcre: number | null | undefined, prefs: UnitPrefs, what = ""): string {
  if (missing(lbPerAcre)) return MISSING;
  const label = what ? ` ${what}` : "";
  return prefs.system === "us"
    ? `${lbPerAcre.toFixed(0)} lb${label}/ac`
    : `${(lbPerAcre * LB_PER_ACRE_TO_KG_PER_HA).toFixed(0)} kg${label}/ha`;
}

/** A corn yield stored in bu/acre (56 lb at 15.5 % moisture): bu/ac or t/ha. */
export function formatYield(buPerAcre: number | null | undefined, prefs: UnitPrefs): string {
  if (missing(buPerAcre)) return MISSING;
  return prefs.system === "us"
    ? `${buPerAcre.toFixed(0)} bu/ac`
    : `${cornBushelsPerAcreToTonnesPerHectare(buPerAcre).toFixed(2)} t/ha`;
}

/** A seeding rate stored in thousand seeds per acre: per acre, or per hectare (2.4710538 acres each). */
export function formatSeedingRate(thousandPerAcre: number | null | undefined, prefs: UnitPrefs): string {
  if (missing(thousandPerAcre)) return MISSING;
  return prefs.system === "us"
    ? `${thousandPerAcre.toFixed(1)} thousand seeds/ac`
    : `${(thousandPerAcre * hectaresToAcres(1)).toFixed(1)} thousand seeds/ha`;
}

/** Dollars per acre (a cost or return over the field's area): $/ac, or $/ha (2.4710538 acres each). */
export function formatMoneyPerArea(
  dollarsPerAcre: number | null | undefined,
  prefs: UnitPrefs,
  digits = 0,
): string {
  if (missing(dollarsPerAcre)) return MISSING;
  return prefs.system === "us"
    ? `$${dollarsPerAcre.toFixed(digits)}/ac`
    : `$${(dollarsPerAcre * hectaresToAcres(1)).toFixed(digits)}/ha`;
}

/**
 * What a form field holds: application rate (lb/acre), water depth (mm), corn yield (bu/acre), a hybrid's
 * degree-day rating (°F GDD), a seeding rate (thousand seeds/acre), a soil depth (cm), the price of N ($/lb)
 * or of corn ($/bu of 56 lb).
 */
export type EntryQuantity =
  | "rate"
  | "water"
  | "yield"
  | "degreeDays"
  | "seedingRate"
  | "depth"
  | "nitrogenPrice"
  | "cornPrice";

export interface EntryUnit {
  /** The unit printed beside the input, e.g. "in" or "kg N/ha". */
  unit: string;
  /** The API's stored value in the user's unit, rounded for the input. */
  fromApi: (stored: number) => number;
  /** A typed value back in the API's unit (lb/acre, mm, bu/acre). */
  toApi: (typed: number) => number;
}

const round = (digits: number) => (v: number) => Number(v.toFixed(digits));
const identity = (v: number) => v;
const T_HA_PER_BU_ACRE = cornBushelsPerAcreToTonnesPerHectare(1);
/** A bushel of shelled corn is 56 lb (USDA AH-697) = 25.401 kg. */
const KG_PER_BUSHEL = CORN_POUNDS_PER_BUSHEL * KG_PER_POUND;

/** The unit a user types an amount in, with the conversions to and from what the API stores. */
export function entryUnit(quantity: EntryQuantity, prefs: UnitPrefs, what = ""): EntryUnit {
  const us = prefs.system === "us";
  const label = what ? ` ${what}` : "";
  if (quantity === "rate")
    return us
      ? { unit: `lb${label}/ac`, fromApi: round(1), toApi: identity }
      : {
          unit: `kg${label}/ha`,
          fromApi: (v) => round(1)(v * LB_PER_ACRE_TO_KG_PER_HA),
          toApi: (v) => v / LB_PER_ACRE_TO_KG_PER_HA,
        };
  if (quantity === "degreeDays")
    return us
      ? { unit: "GDD °F", fromApi: round(0), toApi: identity }
      : { unit: "GDD °C", fromApi: (v) => round(0)(degreeDays(v, "C")), toApi: (v) => (v * 9) / 5 };
  if (quantity === "seedingRate")
    return us
      ? { unit: "thousand seeds/ac", fromApi: round(1), toApi: identity }
      : {
          unit: "thousand seeds/ha",
          fromApi: (v) => round(1)(v * hectaresToAcres(1)),
          toApi: (v) => v / hectaresToAcres(1),
        };
  if (quantity === "nitrogenPrice")
    return us
      ? { unit: "$/lb", fromApi: round(2), toApi: identity }
      : { unit: "$/kg", fromApi: (v) => round(2)(v / KG_PER_POUND), toApi: (v) => v * KG_PER_POUND };
  if (quantity === "cornPrice")
    return us
      ? { unit: "$/bu", fromApi: round(2), toApi: identity }
      : {
          unit: "$/t",
          fromApi: (v) => round(0)((v * 1000) / KG_PER_BUSHEL),
          toApi: (v) => (v * KG_PER_BUSHEL) / 1000,
        };
  if (quantity === "depth")
    return us
      ? { unit: "in", fromApi: (v) => round(1)((v * 10) / MM_PER_INCH), toApi: (v) => (v * MM_PER_INCH) / 10 }
      : { unit: "cm", fromApi: round(1), toApi: identity };
  if (quantity === "water")
    return us
      ? { unit: "in", fromApi: (v) => round(2)(v / MM_PER_INCH), toApi: (v) => v * MM_PER_INCH }
      : { unit: "mm", fromApi: round(1), toApi: identity };
  return us
    ? { unit: "bu/ac", fromApi: round(1), toApi: identity }
    : {
        unit: "t/ha",
        fromApi: (v) => round(2)(v * T_HA_PER_BU_ACRE),
        toApi: (v) => v / T_HA_PER_BU_ACRE,
      };
}

/** A yield range "p50 bu/ac (p10–p90)" in the user's unit. */
export function formatYieldRange(
  p50: number,
  p10: number | null | undefined,
  p90: number | null | undefined,
  prefs: UnitPrefs,
): string {
  const bare = (v: number | null | undefined) => (missing(v) ? "?" : formatYield(v, prefs).split(" ")[0]);
  return `${formatYield(p50, prefs)} (${bare(p10)}–${bare(p90)})`;
}

/** The number and unit a chart axis shows for a reading in its sensor's stored unit. */
export function readingScale(
  sensorUnit: string,
  prefs: UnitPrefs,
): { unit: string; convert: (v: number) => number } {
  const us = prefs.system === "us";
  if (sensorUnit === "°C")
    return { unit: `°${prefs.temperature}`, convert: (v) => temperature(v, prefs.temperature) };
  if (sensorUnit === "mm" && us) return { unit: "in", convert: (v) => v / MM_PER_INCH };
  if (sensorUnit === "m/s" && us) return { unit: "mph", convert: (v) => v / METRES_PER_SECOND_PER_MPH };
  return { unit: sensorUnit, convert: (v) => v };
}

/** A reading in the user's units, whatever its sensor measures. */
export function formatReading(
  value: number | null | undefined,
  sensorUnit: string,
  prefs: UnitPrefs,
): string {
  if (missing(value)) return MISSING;
  if (sensorUnit === "°C") return formatTemperature(value, prefs.temperature);
  if (sensorUnit === "mm") return formatWater(value, prefs);
  if (sensorUnit === "m/s") return formatWind(value, prefs);
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${sensorUnit}`;
}

/** The stored choice; the older separate °F/°C and acres/hectares choice maps to its system by temperature. */
export function parseUnitPrefs(raw: string | null): UnitPrefs {
  try {
    const parsed = JSON.parse(raw ?? "{}") as Partial<UnitPrefs>;
    if (parsed.system === "metric" || parsed.system === "us") return unitsFor(parsed.system);
    if (parsed.temperature === "C") return unitsFor("metric");
    return DEFAULT_UNITS;
  } catch {
    return DEFAULT_UNITS;
  }
}
