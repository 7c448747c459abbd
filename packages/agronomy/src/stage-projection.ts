import { stageThresholds } from "./corn-stages";
import { dailyGdd } from "./gdd";

/**
 * Projected dates of future stages: the GDD accumulated to date plus, for each remaining day, the GDD of
 * that calendar day's climatological normal temperatures (the method of the Useful to Usable "Corn GDD"
 * decision tool, Angel et al. 2017, "Climate and Corn: Corn GDD tool", U2U / Purdue; and of ISU's
 * "Corn development" projections): the first day the running total reaches a stage's threshold.
 */
export interface NormalDay {
  /** Day of year 1-366. */
  dayOfYear: number;
  tmaxF: number;
  tminF: number;
}

export interface StageProjection {
  code: string;
  name: string;
  gdd: number;
  /** ISO date; null when not reached by the end of the calendar year. */
  date: string | null;
  /** True when already reached by the observed data (the date is then the observed one). */
  reached: boolean;
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const doy = (iso: string) => {
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Math.round((time - Date.UTC(new Date(time).getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
};

/**
 * @param observed daily cumulative GDD since planting up to the last observed day, in date order
 * @param normals  normal daily temperatures by day of year (°F) for the days after the observations
 */
export function projectStages(
  gddToBlackLayerF: number,
  observed: readonly { date: string; cumulative: number }[],
  lastObservedDate: string,
  normals: (dayOfYear: number) => NormalDay,
  wanted: readonly string[] = ["VT", "R1", "R5", "R6"],
): StageProjection[] {
  const thresholds = stageThresholds(gddToBlackLayerF).filter((s) => wanted.includes(s.code));
  let total = observed.length > 0 ? observed[observed.length - 1]!.cumulative : 0;
  const result: StageProjection[] = thresholds.map((stage) => {
    const hit = observed.find((day) => day.cumulative >= stage.gdd);
    return { ...stage, date: hit ? hit.date : null, reached: Boolean(hit) };
  });
  const year = lastObservedDate.slice(0, 4);
  let date = lastObservedDate;
  while (result.some((s) => s.date === null)) {
    date = addDays(date, 1);
    if (date.slice(0, 4) !== year) break;
    const normal = normals(doy(date));
    total += dailyGdd(normal.tmaxF, normal.tminF, "F");
    for (const stage of result) if (stage.date === null && total >= stage.gdd) stage.date = date;
  }
  return result;
}

/** Normals from past years' daily weather: the mean Tmax and Tmin of each day of year (±3-day window). */
export function normalsFromHistory(
  history: readonly { date: string; tmaxF: number; tminF: number }[],
): ((dayOfYear: number) => NormalDay) | undefined {
  if (history.length < 300) return undefined;
  const sums = new Map<number, { tmax: number; tmin: number; n: number }>();
  for (const day of history) {
    const center = doy(day.date);
    for (let offset = -3; offset <= 3; offset++) {
      const key = ((center + offset + 365) % 365) + 1;
      const entry = sums.get(key) ?? { tmax: 0, tmin: 0, n: 0 };
      entry.tmax += day.tmaxF;
      entry.tmin += day.tminF;
      entry.n += 1;
      sums.set(key, entry);
    }
  }
  return (dayOfYear) => {
    const entry = sums.get(Math.min(365, dayOfYear));
    if (!entry) return { dayOfYear, tmaxF: 50, tminF: 50 };
    return { dayOfYear, tmaxF: entry.tmax / entry.n, tminF: entry.tmin / entry.n };
  };
}
