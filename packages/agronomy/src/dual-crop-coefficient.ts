/**
 * FAO-56 dual crop coefficient (Allen et al. 1998, chapter 7): ETc = (Kcb + Ke) ET0 (eq. 69), the basal
 * coefficient Kcb for transpiration and Ke for evaporation from the soil surface, with a daily water balance of
 * the surface layer (depth Ze) that dries in two stages: at the energy-limited rate until the readily evaporable
 * water REW is gone, then falling in proportion to the water left of the total evaporable water TEW.
 * - Kc max, eq. 72: max(1.2 + [0.04 (u2 − 2) − 0.004 (RHmin − 45)] (h/3)^0.3, Kcb + 0.05).
 * - TEW, eq. 73: 1000 (θFC − 0.5 θWP) Ze.
 * - Kr, eq. 74: (TEW − De) / (TEW − REW) when De > REW, else 1.
 * - Ke, eq. 71: Kr (Kc max − Kcb) ≤ few Kc max; few, eq. 75: min(1 − fc, fw); fc, eq. 76:
 *   ((Kcb − Kc min) / (Kc max − Kc min))^(1 + 0.5 h).
 * - Surface layer balance, eq. 77: De,i = De,i−1 − (P − RO) − I/fw + E/few + Tew + DPe, 0 ≤ De ≤ TEW, with
 *   DPe, eq. 79: (P − RO) + I/fw − De,i−1 ≥ 0.
 * - Root zone, eq. 80: ETc,adj = (Ks Kcb + Ke) ET0.
 * As in FAO-56 Example 35, the day's rain and irrigation wet the layer in the morning, so Kr is taken from the
 * depletion after that wetting; transpiration from the thin surface layer (Tew) is neglected, as FAO-56
 * allows for it (it is small beside E).
 */
/**
 * Maize (field corn, grain) basal crop coefficients, FAO-56 Table 17: Kcb ini 0.15, Kcb mid 1.15, Kcb end 0.50
 * (0.15 when the grain dries in the field), for a sub-humid climate (RHmin ≈ 45 %, u2 ≈ 2 m/s).
 */
export const MAIZE_KCB = { ini: 0.15, mid: 1.15, end: 0.5, endDriedInField: 0.15 } as const;

/** FAO-56 ch. 7: the minimum Kc of dry bare soil with no ground cover, ≈ 0.15 for annual crops (eq. 76). */
export const KC_MIN = 0.15;

/** FAO-56 ch. 7: the depth of the surface layer that dries by evaporation, 0.10-0.15 m; 0.10 m is used here. */
export const EVAPORATION_LAYER_DEPTH_M = 0.1;

/** Eq. 72: the upper limit on Kcb + Ke after rain or irrigation wets the surface. */
export function maximumKc(kcb: number, u2Ms: number, rhMinPct: number, cropHeightM: number): number {
  const u2 = Math.min(6, Math.max(1, u2Ms));
  const rhMin = Math.min(80, Math.max(20, rhMinPct));
  const h = Math.min(10, Math.max(0.1, cropHeightM));
  return Math.max(1.2 + (0.04 * (u2 - 2) - 0.004 * (rhMin - 45)) * (h / 3) ** 0.3, kcb + 0.05);
}

/** Eq. 73: total evaporable water (mm) of a surface layer Ze (m) from θFC and θWP (m³/m³). */
export function totalEvaporableWater(
  thetaFc: number,
  thetaWp: number,
  layerDepthM = EVAPORATION_LAYER_DEPTH_M,
) {
  return 1000 * (thetaFc - 0.5 * thetaWp) * layerDepthM;
}

/** Eq. 76: the fraction of the ground covered by vegetation, from Kcb against Kc min and Kc max. */
export function groundCoverFraction(kcb: number, kcMax: number, cropHeightM: number, kcMin = KC_MIN): number {
  if (kcb <= kcMin) return 0;
  return Math.min(0.99, ((kcb - kcMin) / (kcMax - kcMin)) ** (1 + 0.5 * cropHeightM));
}

/** Eq. 74: the evaporation reduction coefficient from the surface layer's depletion. */
export function evaporationReduction(depletionMm: number, tewMm: number, rewMm: number): number {
  if (depletionMm <= rewMm) return 1;
  return Math.max(0, (tewMm - depletionMm) / (tewMm - rewMm));
}

export interface EvaporationLayer {
  /** Total evaporable water (eq. 73), mm. */
  tewMm: number;
  /** Readily evaporable water (stage 1), mm; FAO-56 Table 19 gives it by soil texture. */
  rewMm: number;
}

export interface SurfaceDay {
  date: string;
  et0Mm: number;
  kcb: number;
  /** Rain less runoff reaching the surface, mm (wets the whole surface, fw = 1). */
  rainMm: number;
  /** Irrigation depth as applied over the field, mm. */
  irrigationMm: number;
  /** Fraction of the surface the day's irrigation wets (FAO-56 Table 20: sprinkler and pivot 1.0). */
  irrigationWettedFraction: number;
  /** Kc max for the day (eq. 72). */
  kcMax: number;
  /** Ground cover fc (eq. 76 when not measured). */
  groundCover: number;
}

export interface SurfaceDayResult extends SurfaceDay {
  /** fw: the fraction wetted by the last wetting (rain 1, else the irrigation's). */
  wettedFraction: number;
  /** few (eq. 75): exposed and wetted. */
  exposedWettedFraction: number;
  /** Depletion of the surface layer after the morning's wetting, mm (what Kr is taken from). */
  startDepletionMm: number;
  kr: number;
  ke: number;
  /** E = Ke ET0 over the field, mm. */
  evaporationMm: number;
  /** E / few: the depth evaporated from the exposed wetted part, mm. */
  evaporationFromWettedMm: number;
  /** DPe (eq. 79), mm. */
  deepPercolationMm: number;
  /** End-of-day depletion De,i (eq. 77), mm. */
  depletionMm: number;
}

/**
 * Eq. 71-79 day by day from `initialDepletionMm` (TEW when the surface was dry before the first day, 0 after a
 * soaking). A day without wetting keeps the fraction wetted last (FAO-56: fw is that of the last wetting).
 */
export function runSurfaceEvaporation(
  layer: EvaporationLayer,
  days: readonly SurfaceDay[],
  initialDepletionMm: number,
  initialWettedFraction = 1,
): SurfaceDayResult[] {
  if (!(layer.rewMm > 0 && layer.rewMm < layer.tewMm))
    throw new RangeError("REW must be positive and below TEW");
  let depletion = Math.min(layer.tewMm, Math.max(0, initialDepletionMm));
  let fw = initialWettedFraction;
  return days.map((d) => {
    if (d.rainMm > 0) fw = 1;
    else if (d.irrigationMm > 0) fw = d.irrigationWettedFraction;
    const infiltrated = d.rainMm + (d.irrigationMm > 0 ? d.irrigationMm / d.irrigationWettedFraction : 0);
    const deepPercolation = Math.max(0, infiltrated - depletion);
    const start = Math.max(0, depletion - infiltrated);
    const few = Math.max(0.01, Math.min(1 - d.groundCover, fw));
    const kr = evaporationReduction(start, layer.tewMm, layer.rewMm);
    const ke = Math.max(0, Math.min(kr * (d.kcMax - d.kcb), few * d.kcMax));
    const evaporation = ke * d.et0Mm;
    // The exposed wetted part cannot give more than the water left in it.
    const fromWetted = Math.min(evaporation / few, layer.tewMm - start);
    depletion = Math.min(layer.tewMm, start + fromWetted);
    return {
      ...d,
      wettedFraction: fw,
      exposedWettedFraction: few,
      startDepletionMm: start,
      kr,
      ke: (fromWetted * few) / Math.max(d.et0Mm, 1e-9),
      evaporationMm: fromWetted * few,
      evaporationFromWettedMm: fromWetted,
      deepPercolationMm: deepPercolation,
      depletionMm: depletion,
    };
  });
}
