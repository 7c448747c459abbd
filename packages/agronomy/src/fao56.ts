/**
 * FAO-56 Penman-Monteith daily reference evapotranspiration and its sub-steps.
 * Source: Allen, R.G., Pereira, L.S., Raes, D., Smith, M. (1998). Crop evapotranspiration: guidelines for
 * computing crop water requirements. FAO Irrigation and Drainage Paper 56, Rome. Equation numbers below
 * are the paper's. Units: temperature °C, pressure kPa, radiation MJ m⁻² day⁻¹, wind m s⁻¹, ET mm day⁻¹.
 */

const SOLAR_CONSTANT = 0.082; // Gsc, MJ m⁻² min⁻¹
const STEFAN_BOLTZMANN = 4.903e-9; // σ, MJ K⁻⁴ m⁻² day⁻¹
const ALBEDO = 0.23; // grass reference crop

/** Eq. 7: atmospheric pressure from elevation z (m). */
export function atmosphericPressureKPa(elevationM: number): number {
  return 101.3 * ((293 - 0.0065 * elevationM) / 293) ** 5.26;
}

/** Eq. 8: psychrometric constant γ (kPa °C⁻¹). */
export function psychrometricConstant(pressureKPa: number): number {
  return 0.665e-3 * pressureKPa;
}

/** Eq. 11: saturation vapour pressure at temperature T. */
export function saturationVaporPressure(temperatureC: number): number {
  return 0.6108 * Math.exp((17.27 * temperatureC) / (temperatureC + 237.3));
}

/** Eq. 12: mean saturation vapour pressure es from the day's extremes. */
export function meanSaturationVaporPressure(tmaxC: number, tminC: number): number {
  return (saturationVaporPressure(tmaxC) + saturationVaporPressure(tminC)) / 2;
}

/** Eq. 13: slope Δ of the saturation vapour pressure curve at the mean temperature (kPa °C⁻¹). */
export function saturationSlope(tmeanC: number): number {
  return (4098 * saturationVaporPressure(tmeanC)) / (tmeanC + 237.3) ** 2;
}

/** Eq. 14: actual vapour pressure from the dew point. */
export const actualVaporPressureFromDewPoint = (dewPointC: number): number =>
  saturationVaporPressure(dewPointC);

/** Eq. 17: ea from RHmax and RHmin. */
export function actualVaporPressureFromRhExtremes(
  tmaxC: number,
  tminC: number,
  rhMaxPct: number,
  rhMinPct: number,
): number {
  return (saturationVaporPressure(tminC) * rhMaxPct + saturationVaporPressure(tmaxC) * rhMinPct) / 200;
}

/** Eq. 18: ea from RHmax only (when RHmin is unreliable). */
export function actualVaporPressureFromRhMax(tminC: number, rhMaxPct: number): number {
  return (saturationVaporPressure(tminC) * rhMaxPct) / 100;
}

/** Eq. 19: ea from RHmean (least preferred). */
export function actualVaporPressureFromRhMean(tmaxC: number, tminC: number, rhMeanPct: number): number {
  return (rhMeanPct / 100) * meanSaturationVaporPressure(tmaxC, tminC);
}

/** Day of the year, 1 on 1 January (the J of eq. 21-25). */
export function dayOfYear(isoDate: string): number {
  const time = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(time)) throw new RangeError(`not a date: ${isoDate}`);
  return Math.round((time - Date.UTC(new Date(time).getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

export interface SolarGeometry {
  /** dr, eq. 23 */
  inverseRelativeDistance: number;
  /** δ, eq. 24 (rad) */
  declination: number;
  /** ωs, eq. 25 (rad) */
  sunsetHourAngle: number;
  /** Ra, eq. 21 */
  extraterrestrialRadiation: number;
  /** N, eq. 34 (hours) */
  daylightHours: number;
}

/** Eq. 21-25 and 34: extraterrestrial radiation and daylight hours for a latitude and day of year. */
export function solarGeometry(latitudeDeg: number, doy: number): SolarGeometry {
  const phi = (latitudeDeg * Math.PI) / 180;
  const dr = 1 + 0.033 * Math.cos(((2 * Math.PI) / 365) * doy);
  const delta = 0.409 * Math.sin(((2 * Math.PI) / 365) * doy - 1.39);
  const ws = Math.acos(Math.min(1, Math.max(-1, -Math.tan(phi) * Math.tan(delta))));
  const ra =
    ((24 * 60) / Math.PI) *
    SOLAR_CONSTANT *
    dr *
    (ws * Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.sin(ws));
  return {
    inverseRelativeDistance: dr,
    declination: delta,
    sunsetHourAngle: ws,
    extraterrestrialRadiation: ra,
    daylightHours: (24 / Math.PI) * ws,
  };
}

/** Eq. 35 (Angstrom, as = 0.25, bs = 0.50): solar radiation from actual sunshine hours n. */
export function solarRadiationFromSunshine(
  sunshineHours: number,
  daylightHours: number,
  raMJ: number,
): number {
  return (0.25 + (0.5 * sunshineHours) / daylightHours) * raMJ;
}

/**
 * Eq. 50 (Hargreaves radiation formula): Rs from the temperature range when radiation is not measured;
 * kRs 0.16 for interior locations, 0.19 for coastal ones.
 */
export function solarRadiationFromTemperature(
  tmaxC: number,
  tminC: number,
  raMJ: number,
  kRs = 0.16,
): number {
  return kRs * Math.sqrt(Math.max(0, tmaxC - tminC)) * raMJ;
}

/** Eq. 37: clear-sky solar radiation from elevation. */
export function clearSkyRadiation(raMJ: number, elevationM: number): number {
  return (0.75 + 2e-5 * elevationM) * raMJ;
}

/** Eq. 38: net shortwave radiation (grass reference albedo 0.23). */
export function netShortwaveRadiation(rsMJ: number, albedo = ALBEDO): number {
  return (1 - albedo) * rsMJ;
}

/** Eq. 39: net outgoing longwave radiation. Rs/Rso is limited to ≤ 1.0 as the paper requires. */
export function netLongwaveRadiation(
  tmaxC: number,
  tminC: number,
  eaKPa: number,
  rsMJ: number,
  rsoMJ: number,
): number {
  const tk4 = ((tmaxC + 273.16) ** 4 + (tminC + 273.16) ** 4) / 2;
  const relative = Math.min(1, rsMJ / rsoMJ);
  return STEFAN_BOLTZMANN * tk4 * (0.34 - 0.14 * Math.sqrt(eaKPa)) * (1.35 * relative - 0.35);
}

/**
 * Eq. 43 and 44: soil heat flux of a month from the mean air temperatures of the months around it (MJ m⁻²
 * day⁻¹): 0.07 (T(i+1) − T(i−1)) when next month's mean is known, else 0.14 (T(i) − T(i−1)).
 */
export function monthlySoilHeatFlux(input: {
  previousMonthC: number;
  thisMonthC?: number | undefined;
  nextMonthC?: number | undefined;
}): { gMJ: number; equation: 43 | 44 } {
  if (input.nextMonthC !== undefined)
    return { gMJ: 0.07 * (input.nextMonthC - input.previousMonthC), equation: 43 };
  if (input.thisMonthC === undefined) throw new RangeError("give nextMonthC or thisMonthC");
  return { gMJ: 0.14 * (input.thisMonthC - input.previousMonthC), equation: 44 };
}

/** Eq. 47: wind speed at 2 m from a measurement at height z (m). */
export function windSpeedAt2m(windSpeedMs: number, heightM: number): number {
  return (windSpeedMs * 4.87) / Math.log(67.8 * heightM - 5.42);
}

/** Eq. 6: FAO Penman-Monteith reference ET0 (daily, soil heat flux G ≈ 0 for a day, eq. 42). */
export function penmanMonteithEt0(input: {
  tmeanC: number;
  rnMJ: number;
  gMJ?: number;
  u2Ms: number;
  esKPa: number;
  eaKPa: number;
  deltaKPaPerC: number;
  gammaKPaPerC: number;
}): number {
  const g = input.gMJ ?? 0;
  const numerator =
    0.408 * input.deltaKPaPerC * (input.rnMJ - g) +
    input.gammaKPaPerC * (900 / (input.tmeanC + 273)) * input.u2Ms * (input.esKPa - input.eaKPa);
  const denominator = input.deltaKPaPerC + input.gammaKPaPerC * (1 + 0.34 * input.u2Ms);
  return numerator / denominator;
}

/** Eq. 52: Hargreaves ET0, the minimum-data method (Ra as evaporation equivalent: × 0.408). */
export function hargreavesEt0(tmaxC: number, tminC: number, raMJ: number): number {
  const tmean = (tmaxC + tminC) / 2;
  return 0.0023 * (tmean + 17.8) * Math.sqrt(Math.max(0, tmaxC - tminC)) * 0.408 * raMJ;
}

export interface DailyWeatherInput {
  date: string;
  latitudeDeg: number;
  elevationM: number;
  tmaxC: number;
  tminC: number;
  rhMaxPct?: number | undefined;
  rhMinPct?: number | undefined;
  rhMeanPct?: number | undefined;
  dewPointC?: number | undefined;
  actualVaporPressureKPa?: number | undefined;
  windSpeedMs?: number | undefined;
  /** Height of the wind measurement (m); 2 when omitted. */
  windHeightM?: number | undefined;
  sunshineHours?: number | undefined;
  solarRadiationMJ?: number | undefined;
  /** Hargreaves radiation coefficient kRs: 0.16 interior (default), 0.19 coastal. */
  kRs?: number | undefined;
  /** Use Hargreaves ET0 (eq. 52) instead of Penman-Monteith. */
  method?: "penman-monteith" | "hargreaves";
}

export interface Et0Result {
  et0Mm: number;
  method: "penman-monteith" | "hargreaves";
  intermediates: {
    raMJ: number;
    rsMJ: number;
    rsoMJ: number;
    rnMJ: number;
    esKPa: number;
    eaKPa: number;
    deltaKPaPerC: number;
    gammaKPaPerC: number;
    u2Ms: number;
    daylightHours: number;
    pressureKPa: number;
    /** es − ea, the vapour pressure deficit */
    vpdKPa: number;
    /** eq. 38 */
    rnsMJ: number;
    /** eq. 39 */
    rnlMJ: number;
  };
  /** Every FAO-56 fallback used for missing data, in words. */
  assumptions: string[];
}

/** Default wind when none is measured: FAO-56 ch. 3 ("Missing wind speed data"), 2 m/s world average. */
export const DEFAULT_WIND_SPEED_MS = 2;

/**
 * Daily ET0 with the FAO-56 choices for the data at hand: ea from dew point, RHmax+RHmin, RHmax, RHmean,
 * or Tdew ≈ Tmin when humidity is missing (ch. 3, eq. 48 context); Rs measured, from sunshine (eq. 35),
 * or from the temperature range (eq. 50); wind at 2 m (eq. 47) or 2 m/s when missing.
 */
export function referenceEt0(input: DailyWeatherInput): Et0Result {
  if (input.tminC > input.tmaxC) throw new RangeError("tminC must not exceed tmaxC");
  const assumptions: string[] = [];
  const tmean = (input.tmaxC + input.tminC) / 2;
  const pressure = atmosphericPressureKPa(input.elevationM);
  const gamma = psychrometricConstant(pressure);
  const delta = saturationSlope(tmean);
  const es = meanSaturationVaporPressure(input.tmaxC, input.tminC);
  const geometry = solarGeometry(input.latitudeDeg, dayOfYear(input.date));
  const ra = geometry.extraterrestrialRadiation;

  let ea: number;
  if (input.actualVaporPressureKPa !== undefined) ea = input.actualVaporPressureKPa;
  else if (input.dewPointC !== undefined) ea = actualVaporPressureFromDewPoint(input.dewPointC);
  else if (input.rhMaxPct !== undefined && input.rhMinPct !== undefined)
    ea = actualVaporPressureFromRhExtremes(input.tmaxC, input.tminC, input.rhMaxPct, input.rhMinPct);
  else if (input.rhMaxPct !== undefined) {
    ea = actualVaporPressureFromRhMax(input.tminC, input.rhMaxPct);
    assumptions.push("ea from RHmax only (FAO-56 eq. 18)");
  } else if (input.rhMeanPct !== undefined) {
    ea = actualVaporPressureFromRhMean(input.tmaxC, input.tminC, input.rhMeanPct);
    assumptions.push("ea from RHmean (FAO-56 eq. 19)");
  } else {
    ea = saturationVaporPressure(input.tminC);
    assumptions.push("humidity missing: dew point taken as Tmin (FAO-56 ch. 3, eq. 48)");
  }

  let rs: number;
  if (input.solarRadiationMJ !== undefined) rs = input.solarRadiationMJ;
  else if (input.sunshineHours !== undefined)
    rs = solarRadiationFromSunshine(input.sunshineHours, geometry.daylightHours, ra);
  else {
    rs = solarRadiationFromTemperature(input.tmaxC, input.tminC, ra, input.kRs ?? 0.16);
    assumptions.push(
      `radiation missing: Rs from the temperature range, Hargreaves kRs ${input.kRs ?? 0.16} (FAO-56 eq. 50)`,
    );
  }
  const rso = clearSkyRadiation(ra, input.elevationM);
  const rns = netShortwaveRadiation(rs);
  const rnl = netLongwaveRadiation(input.tmaxC, input.tminC, ea, rs, rso);
  const rn = rns - rnl;

  let u2: number;
  if (input.windSpeedMs === undefined) {
    u2 = DEFAULT_WIND_SPEED_MS;
    assumptions.push("wind missing: 2 m/s at 2 m (FAO-56 ch. 3)");
  } else {
    const height = input.windHeightM ?? 2;
    u2 = height === 2 ? input.windSpeedMs : windSpeedAt2m(input.windSpeedMs, height);
  }

  const intermediates = {
    raMJ: ra,
    rsMJ: rs,
    rsoMJ: rso,
    rnMJ: rn,
    esKPa: es,
    eaKPa: ea,
    deltaKPaPerC: delta,
    gammaKPaPerC: gamma,
    u2Ms: u2,
    daylightHours: geometry.daylightHours,
    pressureKPa: pressure,
    vpdKPa: es - ea,
    rnsMJ: rns,
    rnlMJ: rnl,
  };
  if (input.method === "hargreaves") {
    return {
      et0Mm: Math.max(0, hargreavesEt0(input.tmaxC, input.tminC, ra)),
      method: "hargreaves",
      intermediates,
      assumptions: [...assumptions, "Hargreaves ET0 (FAO-56 eq. 52)"],
    };
  }
  const et0 = penmanMonteithEt0({
    tmeanC: tmean,
    rnMJ: rn,
    u2Ms: u2,
    esKPa: es,
    eaKPa: ea,
    deltaKPaPerC: delta,
    gammaKPaPerC: gamma,
  });
  return { et0Mm: Math.max(0, et0), method: "penman-monteith", intermediates, assumptions };
}
