/**
 * The dual crop coefficient (FAO-56 ch. 7) for the water-balance calculator: Kcb by stage (eq. 66 on the
 * basal coefficients, eq. 70 for the climate), Kc max (eq. 72) and ground cover (eq. 76) from it, and the soil
 * surface layer's evaporation day by day (eq. 71-79), for the observed days and for the coming days (no rain or
 * irrigation forecast: the surface keeps drying).
 */
import {
  adjustKcForClimate,
  type CropStageDates,
  groundCoverFraction,
  type KcValues,
  kcForDate,
  MAIZE_KCB,
  maximumKc,
  runSurfaceEvaporation,
  type SurfaceDayResult,
} from "@unicorn/agronomy";

/** FAO-56 standard climate (u2 2 m/s, RHmin 45 %), for which eq. 70 and 72 add nothing. */
const STANDARD_CLIMATE = { u2Ms: 2, rhMinPct: 45 };

export interface DualCoefficientSettings {
  stages: CropStageDates;
  kcb: KcValues;
  climate: { u2Ms: number; rhMinPct: number };
  heightM: number;
  layer: { tewMm: number; rewMm: number };
  irrigationWettedFraction: number;
}

/** Kcb mid and end (the latter when ≥ 0.45) adjusted by eq. 70 to the climate; Table 17 maize when not given. */
export function basalCoefficients(
  given: { kcbIni?: number; kcbMid?: number; kcbEnd?: number },
  climate: { u2Ms: number; rhMinPct: number } | undefined,
  heightM: number,
): KcValues {
  const table = {
    ini: given.kcbIni ?? MAIZE_KCB.ini,
    mid: given.kcbMid ?? MAIZE_KCB.mid,
    end: given.kcbEnd ?? MAIZE_KCB.end,
  };
  if (!climate) return table;
  return {
    ini: table.ini,
    mid: adjustKcForClimate(table.mid, climate.u2Ms, climate.rhMinPct, heightM),
    end:
      table.end >= 0.45 ? adjustKcForClimate(table.end, climate.u2Ms, climate.rhMinPct, heightM) : table.end,
  };
}

export function settingsClimate(climate: { u2Ms: number; rhMinPct: number } | undefined) {
  return climate ?? STANDARD_CLIMATE;
}

/** The surface layer over consecutive days, from its depletion (and the fraction wetted last) before them. */
export function surfaceEvaporation(
  settings: DualCoefficientSettings,
  days: readonly { date: string; et0Mm: number; rainMm: number; irrigationMm: number }[],
  initialDepletionMm: number,
  initialWettedFraction = 1,
): SurfaceDayResult[] {
  const { climate, heightM } = settings;
  return runSurfaceEvaporation(
    settings.layer,
    days.map((d) => {
      const kcb = kcForDate(d.date, settings.stages, settings.kcb);
      const kcMax = maximumKc(kcb, climate.u2Ms, climate.rhMinPct, heightM);
      return {
        ...d,
        kcb,
        kcMax,
        groundCover: groundCoverFraction(kcb, kcMax, heightM),
        irrigationWettedFraction: settings.irrigationWettedFraction,
      };
    }),
    initialDepletionMm,
    initialWettedFraction,
  );
}
