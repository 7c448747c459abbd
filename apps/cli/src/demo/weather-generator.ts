import { gaussian, seededRandom } from "./random";

/**
 * Synthetic hourly weather for a central-Iowa site, built from documented cycles so the demo behaves like a
 * real station (docs/demo-data.md explains each term):
 * - Seasonal mean temperature: T̄(d) = 9.5 + 15·sin(2π(d − 106)/365) °C, which puts the July mean near 24 °C
 *   and the January mean near −5 °C (Ames, IA 1991–2020 normals: 23.6 °C and −6.2 °C), plus a day-to-day
 *   anomaly following an AR(1) process (φ = 0.7, σ = 2.5 °C).
 * - Diurnal cycle: T(h) = T̄ + A·cos(2π(h − 15)/24) with a daily amplitude A ≈ 5.5 °C (narrower on rainy days):
 *   minimum near 03:00, maximum near 15:00 local solar time.
 * - Humidity from a dew point a little below the day's minimum temperature: RH = 100·e°(Td)/e°(T) (FAO-56 eq. 11).
 * - Solar radiation: extraterrestrial irradiance from latitude, day and hour angle (FAO-56 eqs. 21–25 in
 *   hourly form) × atmospheric transmissivity 0.75 × a daily cloud factor (lower on rainy days).
 * - Rain: a two-state Markov chain (P(wet|dry) = 0.22, P(wet|wet) = 0.45) with exponential daily depths
 *   (mean 9 mm) falling over consecutive afternoon/evening hours.
 * - Wind at 2 m: 3.2 m/s mean, stronger in spring and in the afternoon, never negative.
 */
export interface HourlyWeather {
  time: Date;
  airTemperatureC: number;
  relativeHumidityPct: number;
  windSpeedMs: number;
  solarRadiationWm2: number;
  rainMm: number;
}

const SOLAR_CONSTANT_W_M2 = 1367;

export function saturationVapourPressureKPa(temperatureC: number): number {
  // FAO-56 eq. 11
  return 0.6108 * Math.exp((17.27 * temperatureC) / (temperatureC + 237.3));
}

function dayOfYear(date: Date): number {
  return Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

function extraterrestrialIrradiance(latitudeDeg: number, doy: number, solarHour: number): number {
  const phi = (latitudeDeg * Math.PI) / 180;
  const dr = 1 + 0.033 * Math.cos((2 * Math.PI * doy) / 365); // FAO-56 eq. 23
  const delta = 0.409 * Math.sin((2 * Math.PI * doy) / 365 - 1.39); // FAO-56 eq. 24
  const omega = (Math.PI / 12) * (solarHour - 12);
  const cosZenith = Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.cos(omega);
  return Math.max(0, SOLAR_CONSTANT_W_M2 * dr * cosZenith);
}

interface DayState {
  anomalyC: number;
  wet: boolean;
}

/** Hourly weather from `start` (inclusive) to `end` (exclusive), deterministic for a given seed. */
export function generateHourlyWeather(options: {
  start: Date;
  end: Date;
  latitudeDeg: number;
  longitudeDeg: number;
  seed: number;
}): HourlyWeather[] {
  const random = seededRandom(options.seed);
  const hours: HourlyWeather[] = [];
  // Begin the day process a few weeks early so the first generated day has a settled anomaly.
  const first = new Date(
    Date.UTC(options.start.getUTCFullYear(), options.start.getUTCMonth(), options.start.getUTCDate()),
  );
  const state: DayState = { anomalyC: 0, wet: false };
  // Solar time leads/lags UTC by longitude/15 hours.
  const solarOffsetHours = options.longitudeDeg / 15;

  for (let day = new Date(first); day < options.end; day = new Date(day.getTime() + 86_400_000)) {
    const doy = dayOfYear(day);
    state.anomalyC = 0.7 * state.anomalyC + 2.5 * Math.sqrt(1 - 0.49) * gaussian(random);
    state.wet = random() < (state.wet ? 0.45 : 0.22);
    const rainTotalMm = state.wet ? -9 * Math.log(Math.max(random(), 1e-6)) : 0;
    const rainStartHour = 13 + Math.floor(random() * 8);
    const rainHours = Math.max(1, Math.min(6, Math.round(rainTotalMm / 4)));
    const cloudFactor = state.wet ? 0.35 + 0.3 * random() : 0.75 + 0.25 * random();
    const meanC = 9.5 + 15 * Math.sin((2 * Math.PI * (doy - 106)) / 365) + state.anomalyC;
    const amplitudeC = (state.wet ? 3.5 : 5.5) + 0.8 * gaussian(random);
    const dewPointC = meanC - Math.abs(amplitudeC) - 1 - 2 * random() + (state.wet ? 2 : 0);
    const windMeanMs = Math.max(
      0.8,
      3.2 + 0.8 * Math.cos((2 * Math.PI * (doy - 100)) / 365) + 0.8 * gaussian(random),
    );

    for (let hour = 0; hour < 24; hour++) {
      const time = new Date(day.getTime() + hour * 3_600_000);
      if (time < options.start || time >= options.end) continue;
      const solarHour = (((hour + solarOffsetHours) % 24) + 24) % 24;
      const temperatureC =
        meanC + amplitudeC * Math.cos((2 * Math.PI * (solarHour - 15)) / 24) + 0.3 * gaussian(random);
      const rh =
        (100 * saturationVapourPressureKPa(Math.min(dewPointC, temperatureC))) /
        saturationVapourPressureKPa(temperatureC);
      const wind =
        windMeanMs * (1 + 0.35 * Math.cos((2 * Math.PI * (solarHour - 14)) / 24)) * (0.85 + 0.3 * random());
      const solar =
        extraterrestrialIrradiance(options.latitudeDeg, doy, solarHour + 0.5) * 0.75 * cloudFactor;
      const raining = state.wet && solarHour >= rainStartHour && solarHour < rainStartHour + rainHours;
      hours.push({
        time,
        airTemperatureC: round(temperatureC, 2),
        relativeHumidityPct: round(Math.min(100, Math.max(15, rh)), 1),
        windSpeedMs: round(Math.max(0, wind), 2),
        solarRadiationWm2: round(solar, 1),
        rainMm: raining ? round(rainTotalMm / rainHours, 2) : 0,
      });
    }
  }
  return hours;
}

/**
 * Volumetric soil moisture at two depths from a daily-style bucket run hourly: rain infiltrates the top
 * layer first, crop ET (Hargreaves-like from temperature and radiation, scaled by a canopy factor) dries it,
 * and the deeper layer follows the upper one with a lag. Wilting point 15 %, field capacity 36 % (silt loam).
 */
export function simulateSoilMoisture(
  weather: HourlyWeather[],
  options: { startShallowPct: number; startDeepPct: number; canopyFactor: (time: Date) => number },
): { time: Date; shallowPct: number; deepPct: number }[] {
  const wiltingPct = 15;
  const fieldCapacityPct = 36;
  const shallowLayerMm = 300;
  let shallow = options.startShallowPct;
  let deep = options.startDeepPct;
  return weather.map((hour) => {
    // Potential ET per hour ~ 0.0023·(T + 17.8)·Rs (Hargreaves form), Rs in mm/h equivalent (W/m² × 0.0015).
    const etMm =
      Math.max(0, 0.0023 * (hour.airTemperatureC + 17.8) * hour.solarRadiationWm2 * 0.0015 * 4) *
      options.canopyFactor(hour.time);
    const stress = Math.max(0, Math.min(1, (shallow - wiltingPct) / (fieldCapacityPct - wiltingPct)));
    shallow += ((hour.rainMm * 0.9 - etMm * stress) / shallowLayerMm) * 100;
    const drainage = Math.max(0, shallow - fieldCapacityPct);
    shallow = Math.min(fieldCapacityPct + 4, Math.max(wiltingPct - 3, shallow - drainage * 0.5));
    deep += (shallow - deep) * 0.01 + drainage * 0.05 - etMm * stress * 0.02;
    deep = Math.min(fieldCapacityPct + 2, Math.max(wiltingPct, deep));
    return { time: hour.time, shallowPct: round(shallow, 2), deepPct: round(deep, 2) };
  });
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
