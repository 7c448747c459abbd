/**
 * Root-zone soil water balance and irrigation scheduling, FAO-56 chapter 8 (Allen et al. 1998).
 * Depletion Dr is in mm below field capacity; TAW eq. 82, RAW eq. 83, p adjusted for ETc (Table 22
 * footnote: p = p_table + 0.04·(5 − ETc), 0.1 ≤ p ≤ 0.8; maize p_table = 0.55), Ks eq. 84, daily balance
 * eq. 85 with deep percolation eq. 88 (or the refill-first convention, below), ETc,adj = Ks·Kc·ET0 (eq. 81).
 * Effective rain: FAO-56 ch. 8 notes that daily rain below about 0.2·ET0 is normally evaporated from the
 * surface before it enters the root zone, so such rain is ignored; runoff is not modelled (flat fields).
 */
export const MAIZE_DEPLETION_FRACTION = 0.55;

export interface SoilProfile {
  /** Available water capacity θFC − θWP in mm of water per m of soil. */
  awcMmPerM: number;
  /** Effective rooting depth Zr in m. */
  rootDepthM: number;
}

/** Eq. 82: TAW = 1000 (θFC − θWP) Zr, with the AWC already in mm/m. */
export function totalAvailableWater(soil: SoilProfile): number {
  return soil.awcMmPerM * soil.rootDepthM;
}

/** p adjusted for the day's crop ET (Table 22 footnote), limited to 0.1-0.8. */
export function depletionFraction(etcMm: number, pTable = MAIZE_DEPLETION_FRACTION): number {
  return Math.min(0.8, Math.max(0.1, pTable + 0.04 * (5 - etcMm)));
}

/** Eq. 84: Ks = (TAW − Dr) / ((1 − p) TAW) when Dr > RAW, else 1. */
export function waterStressCoefficient(depletionMm: number, tawMm: number, p: number): number {
  const raw = p * tawMm;
  if (depletionMm <= raw) return 1;
  return Math.max(0, (tawMm - depletionMm) / ((1 - p) * tawMm));
}

/** Rain that enters the root zone: none below 0.2·ET0 (FAO-56 ch. 8), all of it otherwise. */
export function effectiveRain(rainMm: number, et0Mm: number): number {
  return rainMm < 0.2 * et0Mm ? 0 : rainMm;
}

export interface BalanceDay {
  date: string;
  et0Mm: number;
  /** The single Kc; with `ke` (dual coefficient, FAO-56 ch. 7) the basal Kcb. */
  kc: number;
  /** Soil evaporation coefficient Ke of the dual method: ETc = (Kcb + Ke) ET0, ETc,adj = (Ks Kcb + Ke) ET0. */
  ke?: number;
  rainMm: number;
  irrigationMm: number;
  /** The day's rooting depth Zr (m) while roots grow; the soil's rootDepthM when absent. */
  rootDepthM?: number;
}

/**
 * How water above field capacity leaves the root zone on a wet day.
 * - "eq88": FAO-56 eq. 88, DP = Pe + I − ETc,adj − Dr,i−1 ≥ 0: the crop uses part of the day's rain or
 *   irrigation before the excess drains, so a soaking day ends at field capacity (Dr = 0).
 * - "refill-first": the tabular convention of FAO-56 ch. 8's balance sheets (and of CROPWAT's daily
 *   schedule): rain and irrigation first refill the root zone, the excess over field capacity drains at once,
 *   DP = Pe + I − Dr,i−1 ≥ 0, and the day's ETc,adj is then taken from the full profile, so a soaking day
 *   ends at Dr = ETc,adj. It drains ETc,adj more on such days than eq. 88 and keeps the profile drier.
 */
export type PercolationConvention = "eq88" | "refill-first";

export interface BalanceOptions {
  /** Table 22 depletion fraction p of the crop before the ETc adjustment (maize 0.55). */
  pTable?: number;
  /** Deep percolation convention (default "eq88"). */
  percolation?: PercolationConvention;
  /**
   * All rain enters the root zone: the dual coefficient takes the evaporation of light rain into Ke, so the
   * single-Kc rule that drops rain below 0.2·ET0 would count it twice.
   */
  allRainEffective?: boolean;
}

export interface BalanceDayResult extends BalanceDay {
  effectiveRainMm: number;
  /** Kc·ET0, or (Kcb + Ke)·ET0. */
  etcMm: number;
  /** ETc,adj = Ks·Kc·ET0 (eq. 81), or (Ks·Kcb + Ke)·ET0 (eq. 80). */
  etcAdjMm: number;
  ks: number;
  p: number;
  rawMm: number;
  deepPercolationMm: number;
  /** End-of-day depletion Dr,i (mm below field capacity). */
  depletionMm: number;
}

/**
 * Eq. 85 day by day: Dr,i = Dr,i−1 − Pe − I + ETc,adj + DP, with 0 ≤ Dr ≤ TAW and DP (eq. 88) the water
 * above field capacity draining below the root zone. Starts at `initialDepletionMm` (0 after a wet spring).
 * A day's own rooting depth changes TAW that day; soil newly reached by roots is taken at field capacity, so
 * the depletion in mm carries over (FAO-56 ch. 8, "Initial depletion" and root growth).
 */
export function runWaterBalance(
  soil: SoilProfile,
  days: readonly BalanceDay[],
  initialDepletionMm = 0,
  options: BalanceOptions = {},
): BalanceDayResult[] {
  let depletion = Math.min(totalAvailableWater(soil), Math.max(0, initialDepletionMm));
  return days.map((d) => {
    const taw = totalAvailableWater({ ...soil, rootDepthM: d.rootDepthM ?? soil.rootDepthM });
    depletion = Math.min(taw, depletion);
    const effective = options.allRainEffective ? d.rainMm : effectiveRain(d.rainMm, d.et0Mm);
    const ke = d.ke ?? 0;
    const etc = (d.kc + ke) * d.et0Mm;
    const p = depletionFraction(etc, options.pTable);
    const ks = waterStressCoefficient(depletion, taw, p);
    // Eq. 81, or eq. 80 with the dual coefficient: water stress cuts transpiration, not soil evaporation.
    const etcAdj = (ks * d.kc + ke) * d.et0Mm;
    const water = effective + d.irrigationMm;
    const deepPercolation =
      options.percolation === "refill-first"
        ? Math.max(0, water - depletion)
        : Math.max(0, water - etcAdj - depletion);
    depletion = Math.min(taw, Math.max(0, depletion - water + etcAdj + deepPercolation));
    return {
      ...d,
      effectiveRainMm: effective,
      etcMm: etc,
      etcAdjMm: etcAdj,
      ks,
      p,
      rawMm: p * taw,
      deepPercolationMm: deepPercolation,
      depletionMm: depletion,
    };
  });
}

export interface IrrigationEvent {
  date: string;
  /** Net depth to bring the root zone back to field capacity. */
  netMm: number;
  /** Net depth divided by the application efficiency. */
  grossMm: number;
}

export interface ScheduleOptions {
  /** Application efficiency (0-1]: 0.85 centre pivot by default (FAO-56 ch. 8 discussion, typical values). */
  efficiency?: number;
  /** Days ahead (default 7). */
  horizonDays?: number;
  /** The crop's Table 22 p (default maize 0.55). */
  pTable?: number;
  /** Deep percolation convention of the balance (default "eq88"). */
  percolation?: PercolationConvention;
}

/**
 * FAO-56 ch. 8 scheduling rule: irrigate when the depletion would exceed RAW, with the net depth that refills
 * the root zone to field capacity (Dr). Forecast days carry expected ET0 and Kc (rain not forecast = 0).
 */
export function irrigationSchedule(
  soil: SoilProfile,
  currentDepletionMm: number,
  forecast: readonly { date: string; et0Mm: number; kc: number; rainMm?: number }[],
  options: ScheduleOptions = {},
): { events: IrrigationEvent[]; days: BalanceDayResult[] } {
  const efficiency = options.efficiency ?? 0.85;
  if (!(efficiency > 0 && efficiency <= 1)) throw new RangeError("efficiency must be in (0, 1]");
  const taw = totalAvailableWater(soil);
  const events: IrrigationEvent[] = [];
  const days: BalanceDayResult[] = [];
  let depletion = currentDepletionMm;
  for (const day of forecast.slice(0, options.horizonDays ?? 7)) {
    const [tentative] = runWaterBalance(
      soil,
      [{ ...day, rainMm: day.rainMm ?? 0, irrigationMm: 0 }],
      depletion,
      options,
    );
    let result = tentative!;
    if (result.depletionMm > result.p * taw) {
      // Irrigate this morning with the depletion carried in, plus today's crop use, so the day ends near FC.
      // Under refill-first anything above the carried-in depletion drains, so the refill is that depletion.
      const refill = options.percolation === "refill-first" ? depletion : depletion + result.etcMm;
      const netMm = Math.round(refill * 10) / 10;
      events.push({ date: day.date, netMm, grossMm: Math.round((netMm / efficiency) * 10) / 10 });
      result = runWaterBalance(
        soil,
        [{ ...day, rainMm: day.rainMm ?? 0, irrigationMm: netMm }],
        depletion,
        options,
      )[0]!;
    }
    days.push(result);
    depletion = result.depletionMm;
  }
  return { events, days };
}
