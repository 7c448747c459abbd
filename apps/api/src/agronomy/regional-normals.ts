/**
 * Daily temperature normals used to project crop stages when a field has no earlier seasons of its own.
 * Central Iowa: a sinusoidal annual cycle of the daily mean, T̄(d) = 9.5 + 15·sin(2π(d − 106)/365) °C, fitted
 * to the Ames, IA 1991-2020 NOAA normals (July mean 23.6 °C, January mean −6.2 °C), with a diurnal range
 * of 11 °C (Tmax = T̄ + 5.5, Tmin = T̄ − 5.5). A field's own history replaces it as soon as it has one.
 */
import { celsiusToFahrenheit, type NormalDay } from "@unicorn/agronomy";

export interface DailyNormal {
  dayOfYear: number;
  tmaxC: number;
  tminC: number;
}

export const REGIONAL_NORMALS_BASIS = "central Iowa normals (Ames, IA 1991-2020, seasonal fit)";

export function centralIowaNormal(dayOfYear: number): DailyNormal {
  const mean = 9.5 + 15 * Math.sin((2 * Math.PI * (dayOfYear - 106)) / 365);
  return { dayOfYear, tmaxC: mean + 5.5, tminC: mean - 5.5 };
}

/** The same normals in °F, as the stage projection takes them. */
export function regionalNormalF(dayOfYear: number): NormalDay {
  const n = centralIowaNormal(dayOfYear);
  return { dayOfYear, tmaxF: celsiusToFahrenheit(n.tmaxC), tminF: celsiusToFahrenheit(n.tminC) };
}

export function dayOfYear(isoDate: string): number {
  const time = Date.parse(`${isoDate}T00:00:00Z`);
  const start = Date.UTC(new Date(time).getUTCFullYear(), 0, 1);
  return Math.floor((time - start) / 86_400_000) + 1;
}
