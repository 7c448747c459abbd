/**
 * FAO-56 hourly (or shorter) reference evapotranspiration. Source: Allen, Pereira, Raes & Smith (1998), FAO
 * Irrigation and Drainage Paper 56, ch. 3 ("ET0 calculated with hourly data") and ch. 3 eq. 28-33 for the
 * extraterrestrial radiation of an hour. Units: MJ m⁻² hour⁻¹, kPa, °C, m s⁻¹, ET0 mm hour⁻¹.
 */
import {
  atmosphericPressureKPa,
  clearSkyRadiation,
  dayOfYear,
  netShortwaveRadiation,
  psychrometricConstant,
  saturationSlope,
  saturationVaporPressure,
} from "./fao56";

const SOLAR_CONSTANT = 0.082; // Gsc, MJ m⁻² min⁻¹
/** σ per hour (FAO-56 eq. 39 note: 4.903e-9 / 24 = 2.043e-10 MJ K⁻⁴ m⁻² hour⁻¹). */
const STEFAN_BOLTZMANN_HOURLY = 2.043e-10;

/** Eq. 32-33: seasonal correction Sc for solar time (hours). */
export function seasonalCorrectionHours(doy: number): number {
  const b = (2 * Math.PI * (doy - 81)) / 364;
  return 0.1645 * Math.sin(2 * b) - 0.1255 * Math.cos(b) - 0.025 * Math.sin(b);
}

export interface HourlyRadiationGeometry {
  /** ω at the midpoint of the period, eq. 31 (rad). */
  solarTimeAngle: number;
  /** Ra of the period, eq. 28 (MJ m⁻² per period); 0 when the sun is below the horizon. */
  extraterrestrialRadiation: number;
  /** True when the period's midpoint lies between sunrise and sunset (ωs, eq. 25). */
  daytime: boolean;
}

/**
 * Eq. 28-31: extraterrestrial radiation of a period of `hours` length whose midpoint is `midpointHour` local
 * standard clock time. Longitudes in degrees WEST of Greenwich as the paper writes them (Lz: centre of the
 * local time zone, Lm: the site), so Iowa (UTC−6) has Lz = 90.
 */
export function hourlyRadiationGeometry(input: {
  latitudeDeg: number;
  date: string;
  midpointHour: number;
  timeZoneCenterWestDeg: number;
  longitudeWestDeg: number;
  hours?: number;
}): HourlyRadiationGeometry {
  const doy = dayOfYear(input.date);
  const phi = (input.latitudeDeg * Math.PI) / 180;
  const dr = 1 + 0.033 * Math.cos(((2 * Math.PI) / 365) * doy);
  const delta = 0.409 * Math.sin(((2 * Math.PI) / 365) * doy - 1.39);
  const ws = Math.acos(Math.min(1, Math.max(-1, -Math.tan(phi) * Math.tan(delta))));
  const period = input.hours ?? 1;
  const sc = seasonalCorrectionHours(doy);
  const omega =
    (Math.PI / 12) *
    (input.midpointHour + 0.06667 * (input.timeZoneCenterWestDeg - input.longitudeWestDeg) + sc - 12);
  // Eq. 29-30, clipped to sunrise/sunset so a period spanning either only counts its sunlit part.
  const w1 = Math.max(-ws, omega - (Math.PI * period) / 24);
  const w2 = Math.min(ws, omega + (Math.PI * period) / 24);
  const daytime = omega > -ws && omega < ws;
  const ra =
    w2 > w1
      ? ((12 * 60) / Math.PI) *
        SOLAR_CONSTANT *
        dr *
        ((w2 - w1) * Math.sin(phi) * Math.sin(delta) +
          Math.cos(phi) * Math.cos(delta) * (Math.sin(w2) - Math.sin(w1)))
      : 0;
  return { solarTimeAngle: omega, extraterrestrialRadiation: Math.max(0, ra), daytime };
}

/** Eq. 45-46: soil heat flux of an hour under grass, 0.1 Rn in daylight and 0.5 Rn at night. */
export function hourlySoilHeatFlux(rnMJ: number, daytime: boolean): number {
  return (daytime ? 0.1 : 0.5) * rnMJ;
}

/** Eq. 39 for one hour: σ per hour and the hour's temperature; Rs/Rso limited to 0.25-1.0 as ch. 3 requires. */
export function hourlyNetLongwaveRadiation(tempC: number, eaKPa: number, relativeShortwave: number): number {
  const ratio = Math.min(1, Math.max(0.25, relativeShortwave));
  return (
    STEFAN_BOLTZMANN_HOURLY * (tempC + 273.16) ** 4 * (0.34 - 0.14 * Math.sqrt(eaKPa)) * (1.35 * ratio - 0.35)
  );
}

export interface HourlyWeatherInput {
  date: string;
  /** Midpoint of the hour, local standard clock time (14.5 for 14:00-15:00). */
  midpointHour: number;
  latitudeDeg: number;
  longitudeWestDeg: number;
  timeZoneCenterWestDeg: number;
  elevationM: number;
  tempC: number;
  rhPct: number;
  u2Ms: number;
  /** Measured solar radiation of the hour, MJ m⁻² hour⁻¹. */
  solarRadiationMJ: number;
  /**
   * Rs/Rso to use at night (and when the sun is too low for the ratio to mean anything): the ratio of the
   * last daylight hours (ch. 3 "Net longwave radiation" for hourly periods); default 0.8, the value the
   * paper's Example 19 assumes for a humid night.
   */
  nightRelativeShortwave?: number;
}

export interface HourlyEt0Result {
  et0Mm: number;
  intermediates: {
    pressureKPa: number;
    gammaKPaPerC: number;
    deltaKPaPerC: number;
    esKPa: number;
    eaKPa: number;
    vpdKPa: number;
    raMJ: number;
    rsoMJ: number;
    relativeShortwave: number;
    rnsMJ: number;
    rnlMJ: number;
    rnMJ: number;
    gMJ: number;
    daytime: boolean;
  };
}

/** Eq. 53: FAO Penman-Monteith ET0 for one hour, with every intermediate (Example 19 reproduces it). */
export function hourlyReferenceEt0(input: HourlyWeatherInput): HourlyEt0Result {
  const pressure = atmosphericPressureKPa(input.elevationM);
  const gamma = psychrometricConstant(pressure);
  const delta = saturationSlope(input.tempC);
  const es = saturationVaporPressure(input.tempC); // eq. 11 at the hour's temperature
  const ea = (es * input.rhPct) / 100; // eq. 54
  const geometry = hourlyRadiationGeometry(input);
  const ra = geometry.extraterrestrialRadiation;
  const rso = clearSkyRadiation(ra, input.elevationM);
  // The ratio is unreliable once the sun is below ~0.3 rad; the night value stands in then too.
  const sunUp = geometry.daytime && rso > 0 && input.solarRadiationMJ > 0;
  const relative = sunUp ? input.solarRadiationMJ / rso : (input.nightRelativeShortwave ?? 0.8);
  const rns = netShortwaveRadiation(input.solarRadiationMJ);
  const rnl = hourlyNetLongwaveRadiation(input.tempC, ea, relative);
  const rn = rns - rnl;
  const daytime = geometry.daytime && input.solarRadiationMJ > 0;
  const g = hourlySoilHeatFlux(rn, daytime);
  const numerator = 0.408 * delta * (rn - g) + gamma * (37 / (input.tempC + 273)) * input.u2Ms * (es - ea);
  const et0 = numerator / (delta + gamma * (1 + 0.34 * input.u2Ms));
  return {
    et0Mm: Math.max(0, et0),
    intermediates: {
      pressureKPa: pressure,
      gammaKPaPerC: gamma,
      deltaKPaPerC: delta,
      esKPa: es,
      eaKPa: ea,
      vpdKPa: es - ea,
      raMJ: ra,
      rsoMJ: rso,
      relativeShortwave: Math.min(1, relative),
      rnsMJ: rns,
      rnlMJ: rnl,
      rnMJ: rn,
      gMJ: g,
      daytime,
    },
  };
}
