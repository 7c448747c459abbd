/**
 * The one way the dashboard states root-zone water: depletion below field capacity in mm and in, against total
 * available water (TAW, empty at 100 %) and against readily available water (RAW, stress beyond 100 %). Every
 * page reads the same API fields (waterBalance.depletionMm, tawMm, rawMm), so two pages cannot disagree.
 */
import { MM_PER_INCH } from "@unicorn/agronomy";
import type { AgronomyWaterBalance } from "@unicorn/contracts";

const inches = (mm: number) => (mm / MM_PER_INCH).toFixed(1);
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);

export interface SoilWaterText {
  /** "38 mm (1.5 in) depleted" */
  depletion: string;
  /** "15 % of TAW 252 mm (9.9 in)" */
  ofTaw: string;
  /** "30 % of RAW 126 mm (5.0 in): stress beyond 100 %" */
  ofRaw: string;
}

export function soilWaterText(
  water: Pick<AgronomyWaterBalance, "depletionMm" | "tawMm" | "rawMm">,
): SoilWaterText {
  const { depletionMm: d, tawMm, rawMm } = water;
  return {
    depletion: `${d.toFixed(0)} mm (${inches(d)} in) depleted`,
    ofTaw: `${percent(d, tawMm)} % of TAW ${tawMm.toFixed(0)} mm (${inches(tawMm)} in)`,
    ofRaw: `${percent(d, rawMm)} % of RAW ${rawMm.toFixed(0)} mm (${inches(rawMm)} in)`,
  };
}
