/**
 * The one way the dashboard states root-zone water: depletion below field capacity in mm and in, against total
 * available water (TAW, empty at 100 %) and against readily available water (RAW, stress beyond 100 %). Every
 * page reads the same API fields (waterBalance.depletionMm, tawMm, rawMm), so two pages cannot disagree.
 */
import { MM_PER_INCH } from "@unicorn/agronomy";
import type { AgronomyWaterBalance } from "@unicorn/contracts";
import type { UnitPrefs } from "./units";

const inches = (mm: number) => `${(mm / MM_PER_INCH).toFixed(1)} in`;
const millimetres = (mm: number) => `${mm.toFixed(0)} mm`;
/** The chosen system's depth first, the other in parentheses (agronomy tables quote both). */
const both = (mm: number, prefs: UnitPrefs) =>
  prefs.system === "us" ? `${inches(mm)} (${millimetres(mm)})` : `${millimetres(mm)} (${inches(mm)})`;
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);

export interface SoilWaterText {
  /** "1.5 in (38 mm) depleted", or "38 mm (1.5 in) depleted" in metric */
  depletion: string;
  /** "15 % of TAW 9.9 in (252 mm)" */
  ofTaw: string;
  /** "30 % of RAW 5.0 in (126 mm)" */
  ofRaw: string;
}

export function soilWaterText(
  water: Pick<AgronomyWaterBalance, "depletionMm" | "tawMm" | "rawMm">,
  prefs: UnitPrefs,
): SoilWaterText {
  const { depletionMm: d, tawMm, rawMm } = water;
  return {
    depletion: `${both(d, prefs)} depleted`,
    ofTaw: `${percent(d, tawMm)} % of TAW ${both(tawMm, prefs)}`,
    ofRaw: `${percent(d, rawMm)} % of RAW ${both(rawMm, prefs)}`,
  };
}
