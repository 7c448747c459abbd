/**
 * Soil-moisture probes re-anchor the modelled root-zone balance. A probe reads volumetric water content θ
 * at its depth; each probe stands for the soil layer nearest to it (boundaries half-way between probes, the
 * top at the surface, the bottom at the rooting depth). Root-zone depletion is FAO-56 eq. 87's
 * (Allen et al. 1998) depletion of each layer below field capacity, 1000 (θFC − θi) ΔZi in mm, summed,
 * limited to 0…TAW — the same form as eq. 82's TAW = 1000 (θFC − θWP) Zr.
 *
 * On a day with an accepted reading the balance ends at the probe's depletion; the residual, the model's
 * end-of-day depletion carried from the previous day minus the probe's, is kept so a drifting model
 * (residuals of one sign) or a bad probe (a jump) shows.
 */
import {
  type BalanceDay,
  type BalanceDayResult,
  runWaterBalance,
  type SoilProfile,
  totalAvailableWater,
} from "./water-balance";

/**
 * Volumetric water content at field capacity by USDA texture class, the middle of FAO-56 Table 19's range
 * (Allen et al. 1998), m³/m³. Classes the table lacks fall back to their nearest listed neighbour.
 */
export const FIELD_CAPACITY_BY_TEXTURE: readonly [string, number][] = [
  ["silty clay loam", 0.335],
  ["sandy clay loam", 0.25],
  ["clay loam", 0.335],
  ["silty clay", 0.36],
  ["sandy clay", 0.36],
  ["loamy sand", 0.15],
  ["sandy loam", 0.23],
  ["silt loam", 0.29],
  ["loam", 0.25],
  ["silt", 0.32],
  ["sand", 0.12],
  ["clay", 0.36],
];

/** θFC of the texture class named in `texture` (e.g. "silty clay loam (Colo)"), else silt loam's. */
export function fieldCapacityOfTexture(texture: string): number {
  const name = texture.toLowerCase();
  return FIELD_CAPACITY_BY_TEXTURE.find(([cls]) => name.includes(cls))?.[1] ?? 0.29;
}

export interface ProbeReading {
  depthCm: number;
  /** Volumetric water content, %. */
  volumetricPct: number;
}

export interface ProbeSoil extends SoilProfile {
  /** θ at field capacity, m³/m³; θWP = θFC − AWC/1000 so the probe and the model share the field's TAW. */
  fieldCapacity: number;
}

/** Readings outside θWP − 0.05 … θFC + 0.15 are not water in a root zone but a probe fault. */
export function plausibleReading(soil: ProbeSoil, volumetricPct: number): boolean {
  const theta = volumetricPct / 100;
  const wiltingPoint = soil.fieldCapacity - soil.awcMmPerM / 1000;
  return theta >= wiltingPoint - 0.05 && theta <= soil.fieldCapacity + 0.15;
}

/** Root-zone depletion from probe readings, mm; undefined without a plausible reading inside the root zone. */
export function probeDepletion(soil: ProbeSoil, readings: readonly ProbeReading[]): number | undefined {
  const rootCm = soil.rootDepthM * 100;
  const probes = readings
    .filter((r) => r.depthCm >= 0 && r.depthCm <= rootCm && plausibleReading(soil, r.volumetricPct))
    .sort((a, b) => a.depthCm - b.depthCm);
  if (probes.length === 0) return undefined;
  let depletion = 0;
  probes.forEach((probe, i) => {
    const top = i === 0 ? 0 : (probes[i - 1]!.depthCm + probe.depthCm) / 2;
    const bottom = i === probes.length - 1 ? rootCm : (probe.depthCm + probes[i + 1]!.depthCm) / 2;
    depletion += 1000 * (soil.fieldCapacity - probe.volumetricPct / 100) * ((bottom - top) / 100);
  });
  return Math.min(totalAvailableWater(soil), Math.max(0, depletion));
}

export interface AnchoredDay extends BalanceDay {
  /** Root-zone depletion the probes gave that day, if any. */
  probeDepletionMm?: number;
}

export interface AnchoredDayResult extends BalanceDayResult {
  /** The model's end-of-day depletion before anchoring. */
  modelDepletionMm: number;
  probeDepletionMm: number | null;
  /** Model minus probe, mm; null without a reading. */
  residualMm: number | null;
}

/** FAO-56 eq. 85 day by day, ending each day with a probe reading at the probe's depletion. */
export function runAnchoredBalance(
  soil: SoilProfile,
  days: readonly AnchoredDay[],
  initialDepletionMm = 0,
): AnchoredDayResult[] {
  let depletion = initialDepletionMm;
  return days.map(({ probeDepletionMm, ...day }) => {
    const modelled = runWaterBalance(soil, [day], depletion)[0]!;
    const probe = probeDepletionMm ?? null;
    depletion = probe ?? modelled.depletionMm;
    return {
      ...modelled,
      depletionMm: depletion,
      modelDepletionMm: modelled.depletionMm,
      probeDepletionMm: probe,
      residualMm: probe === null ? null : modelled.depletionMm - probe,
    };
  });
}
