/**
 * Maize (field corn, grain) single crop coefficient by growth stage.
 * Source: FAO-56 (Allen et al. 1998) Table 12: Kc ini 0.30, Kc mid 1.20, Kc end 0.60 (0.35 when the grain
 * dries in the field before harvest), for a sub-humid climate (RHmin ≈ 45 %, u2 ≈ 2 m/s), maximum crop
 * height 2 m; eq. 62 adjusts Kc mid and Kc end (when ≥ 0.45) to other climates; eq. 66 interpolates Kc
 * linearly through the development and late-season stages (FAO-56 Fig. 25).
 */
export const MAIZE_KC = { ini: 0.3, mid: 1.2, end: 0.6, endDriedInField: 0.35, heightM: 2 } as const;

/** Eq. 62: Kc mid or Kc end adjusted for mean daily minimum RH (%) and wind at 2 m (m/s) over the stage. */
export function adjustKcForClimate(
  kcTable: number,
  u2Ms: number,
  rhMinPct: number,
  cropHeightM: number,
): number {
  const u2 = Math.min(6, Math.max(1, u2Ms));
  const rhMin = Math.min(80, Math.max(20, rhMinPct));
  const h = Math.min(10, Math.max(0.1, cropHeightM));
  return kcTable + (0.04 * (u2 - 2) - 0.004 * (rhMin - 45)) * (h / 3) ** 0.3;
}

/** The four FAO-56 stage boundaries as ISO dates: planting, end of initial, start of mid, start of late, harvest. */
export interface CropStageDates {
  planting: string;
  /** End of the initial stage (≈10 % ground cover) = start of development. */
  developmentStart: string;
  /** Effective full cover = start of mid-season. */
  midSeasonStart: string;
  /** Start of senescence = start of late season. */
  lateSeasonStart: string;
  /** Harvest or full senescence. */
  harvest: string;
}

export interface KcValues {
  ini: number;
  mid: number;
  end: number;
}

const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/** Kc for a date (eq. 66 in the development and late stages); 0 outside planting-harvest (no crop). */
export function kcForDate(date: string, stages: CropStageDates, kc: KcValues = MAIZE_KC): number {
  const d = day(date);
  const [p, dev, mid, late, harvest] = [
    stages.planting,
    stages.developmentStart,
    stages.midSeasonStart,
    stages.lateSeasonStart,
    stages.harvest,
  ].map(day) as [number, number, number, number, number];
  if (!(p <= dev && dev <= mid && mid <= late && late <= harvest))
    throw new RangeError("stage dates must be in order: planting ≤ development ≤ mid ≤ late ≤ harvest");
  if (d < p || d > harvest) return 0;
  if (d < dev) return kc.ini;
  if (d < mid) return kc.ini + ((d - dev) / (mid - dev)) * (kc.mid - kc.ini);
  if (d < late) return kc.mid;
  if (harvest === late) return kc.end;
  return kc.mid + ((d - late) / (harvest - late)) * (kc.end - kc.mid);
}
