/**
 * The water part of a field's season: the FAO-56 balance re-anchored by the field's probes, each day's data
 * sources, and the irrigation the field's own system can apply over the coming week. Engine units (mm), full
 * precision; field-water.presenter.ts rounds and converts.
 */
import {
  type AnchoredDayResult,
  type BalanceDay,
  type CropStageDates,
  fieldCapacityOfTexture,
  IRRIGATION_SYSTEM_DEFAULTS,
  type IrrigationPlan,
  type IrrigationSystemSpec,
  type KcValues,
  kcForDate,
  planIrrigation,
  probeDepletion,
  runAnchoredBalance,
  totalAvailableWater,
} from "@unicorn/agronomy";
import type { DailyWeather } from "@unicorn/contracts";
import type { FieldSite } from "./field-agronomy.repository";

/** What the field records about its water beyond the weather: its irrigation system and its probes' days. */
export interface WaterInputs {
  /** Undefined when no system is recorded for the field. */
  system?: IrrigationSystemSpec;
  /** What the probes read at field capacity, %; null/undefined: from the soil texture (FAO-56 Table 19). */
  probeFieldCapacityPct?: number | null;
  probeDays?: readonly { date: string; depthCm: number; volumetricPct: number }[];
  fieldAreaAcres?: number;
}

export type DataSource = "sensor" | "estimated" | "none";

export interface WaterDay extends AnchoredDayResult {
  sources: { et0: DataSource; rain: DataSource; depletion: "probe" | "model" };
}

export type WaterStatus = "ok" | "watch" | "stress";

export interface ProbeSummary {
  fieldCapacityPct: number;
  fieldCapacitySource: string;
  anchoredDays: number;
  lastReadingDate: string | null;
  meanResidualMm7d: number | null;
}

export interface WaterModel {
  tawMm: number;
  /** MAD of the field's system; 50 % of TAW without one (NRCS NEH 652 ch. 3 for grain corn). */
  madMm: number;
  /** The balance's last day: today's depletion, RAW, Ks and ET. */
  today: WaterDay;
  status: WaterStatus;
  /** Expected ET0 of the coming days: the mean of the last 7 days of the balance. */
  forecastEt0Mm: number;
  system: IrrigationSystemSpec | undefined;
  plan: IrrigationPlan;
  /** Why nothing is scheduled when nothing can be: a rainfed field, or a crop past black layer. */
  noIrrigationReason: "no_system" | "rainfed" | "mature" | null;
  probes: ProbeSummary | undefined;
  fieldAreaAcres: number | undefined;
}

/** Days of forecast the irrigation schedule covers, and how much further a slow system looks ahead. */
const SCHEDULE_DAYS = 7;
const LOOK_AHEAD_DAYS = 7;

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const soilOf = (site: FieldSite) => ({ awcMmPerM: site.awcMmPerM, rootDepthM: site.rootDepthM });

function probeFieldCapacity(site: FieldSite, inputs: WaterInputs) {
  if (inputs.probeFieldCapacityPct != null)
    return { pct: inputs.probeFieldCapacityPct, source: "set on the field's irrigation record" };
  return {
    pct: fieldCapacityOfTexture(site.soilTexture) * 100,
    source: `FAO-56 Table 19 for ${site.soilTexture}`,
  };
}

/** The season's balance, each probe day ending at the probes' depletion, with every day's data sources. */
export function anchoredWaterBalance(
  site: FieldSite,
  days: readonly BalanceDay[],
  weather: readonly DailyWeather[],
  inputs: WaterInputs = {},
): WaterDay[] {
  const fc = probeFieldCapacity(site, inputs).pct / 100;
  const soil = { ...soilOf(site), fieldCapacity: fc };
  const readingsByDate = new Map<string, { depthCm: number; volumetricPct: number }[]>();
  for (const r of inputs.probeDays ?? [])
    readingsByDate.set(r.date, [...(readingsByDate.get(r.date) ?? []), r]);
  const weatherByDate = new Map(weather.map((d) => [d.date, d]));
  const anchored = runAnchoredBalance(
    soilOf(site),
    days.map((d) => {
      const readings = readingsByDate.get(d.date);
      const probe = readings && probeDepletion(soil, readings);
      return probe === undefined ? d : { ...d, probeDepletionMm: probe };
    }),
    0,
  );
  return anchored.map((day) => {
    const w = weatherByDate.get(day.date);
    const measuredEt0 =
      w?.complete === true &&
      w.tmaxC !== null &&
      w.tminC !== null &&
      w.rhMaxPct !== null &&
      w.windSpeedMs !== null &&
      w.solarRadiationMJ !== null;
    return {
      ...day,
      sources: {
        et0: measuredEt0 ? "sensor" : "estimated",
        rain: w?.rainMm != null ? "sensor" : "none",
        depletion: day.probeDepletionMm === null ? "model" : "probe",
      },
    };
  });
}

export function waterModel(
  site: FieldSite,
  balance: readonly WaterDay[],
  cropDates: CropStageDates,
  kc: KcValues,
  mature: boolean,
  inputs: WaterInputs = {},
): WaterModel | undefined {
  const today = balance[balance.length - 1];
  if (!today) return undefined;
  const forecastEt0Mm = mean(balance.slice(-7).map((d) => d.et0Mm));
  const forecast = Array.from({ length: SCHEDULE_DAYS + LOOK_AHEAD_DAYS }, (_, i) => {
    const date = addDays(today.date, i + 1);
    return { date, et0Mm: forecastEt0Mm, kc: kcForDate(date, cropDates, kc) };
  });
  const system = inputs.system;
  const noIrrigationReason = mature
    ? "mature"
    : !system
      ? "no_system"
      : system.kind === "none"
        ? "rainfed"
        : null;
  const planned = noIrrigationReason ? IRRIGATION_SYSTEM_DEFAULTS.none : system!;
  // Without a system the balance is still managed to the common 50 % of TAW for grain corn.
  const plan = planIrrigation(
    soilOf(site),
    today.depletionMm,
    forecast,
    { ...planned, madFraction: system?.madFraction ?? IRRIGATION_SYSTEM_DEFAULTS.none.madFraction },
    { horizonDays: SCHEDULE_DAYS },
  );
  const status: WaterStatus =
    today.depletionMm > today.rawMm ? "stress" : today.depletionMm > 0.8 * today.rawMm ? "watch" : "ok";
  return {
    tawMm: totalAvailableWater(soilOf(site)),
    madMm: plan.madMm,
    today,
    status,
    forecastEt0Mm,
    system,
    plan,
    noIrrigationReason,
    probes: probeSummary(site, balance, inputs),
    fieldAreaAcres: inputs.fieldAreaAcres,
  };
}

function probeSummary(
  site: FieldSite,
  balance: readonly WaterDay[],
  inputs: WaterInputs,
): ProbeSummary | undefined {
  if (!inputs.probeDays?.length) return undefined;
  const fc = probeFieldCapacity(site, inputs);
  const probeDays = balance.filter((d) => d.residualMm !== null);
  const recent = probeDays.slice(-7).map((d) => d.residualMm!);
  return {
    fieldCapacityPct: fc.pct,
    fieldCapacitySource: fc.source,
    anchoredDays: probeDays.length,
    lastReadingDate: probeDays[probeDays.length - 1]?.date ?? null,
    meanResidualMm7d: recent.length ? mean(recent) : null,
  };
}
