/**
 * The agronomy of one field's season, assembled from data already loaded: no database, no clock, no
 * rounding. Everything is in the engine's units (°F GDD, mm, lb/acre) and full precision; the presenters
 * round and shape it for the response.
 */
import {
  type AccumulatedGddDay,
  type AlertEvent,
  adjustKcForClimate,
  type BalanceDay,
  type CropStageDates,
  celsiusToFahrenheit,
  DEFAULT_NITROGEN_RESPONSES,
  DEFAULT_SEEDING_RESPONSE,
  dailyGdd,
  droughtStressAlerts,
  frostAlerts,
  heatAtSilkingAlerts,
  type KcValues,
  kcForDate,
  type LsntResult,
  lsntSidedress,
  MAIZE_KC,
  type NitrogenRecommendation,
  type NormalDay,
  nitrogenRecommendation,
  normalsFromHistory,
  type PlantingAdjustedMaturity,
  plantingAdjustedMaturity,
  projectStages,
  referenceEt0,
  type SeedingRateResult,
  type StageProjection,
  type StageThreshold,
  seedingRateOptimum,
  stageAt,
  stageThresholds,
} from "@unicorn/agronomy";
import type { DailyWeather } from "@unicorn/contracts";
import type { FieldSeason, FieldSite, SeasonEvents, SoilNitrateTest } from "./field-agronomy.repository";
import {
  anchoredWaterBalance,
  type WaterDay,
  type WaterInputs,
  type WaterModel,
  waterModel,
} from "./field-water.model";
import { REGIONAL_NORMALS_BASIS, regionalNormalF as regionalNormal } from "./regional-normals";
import { untilBlackLayer } from "./season-lifecycle";

export type { WaterModel, WaterStatus } from "./field-water.model";

export interface Prices {
  nitrogenPricePerLb: number;
  cornPricePerBu: number;
  seedPricePerThousand: number;
}

/** Everything one season's agronomy is computed from. */
export interface SeasonInputs {
  site: FieldSite;
  season: FieldSeason;
  /** Nitrogen applied, irrigations and the recorded planting of the season's year. */
  events: SeasonEvents;
  /** The last day to take into account (the field's local today unless asked otherwise). */
  asOf: string;
  /** Local daily weather from planting to asOf (or the season's end), in date order. */
  weather: readonly DailyWeather[];
  /** Local daily weather of earlier seasons, the field's own normals when there is enough of it. */
  history: readonly DailyWeather[];
  /** The field's irrigation system and probe readings; none recorded when left out. */
  water?: WaterInputs;
  /** The season's latest late-spring soil nitrate test, if one was recorded. */
  soilNitrateTest?: SoilNitrateTest | undefined;
}

export interface ModelOptions {
  prices: Prices;
}

export interface GddModel {
  /** Days with both temperatures, with their GDD and the running total since planting, to black layer. */
  days: AccumulatedGddDay[];
  /** The day the hybrid's rating was reached: GDD and stage stop there. */
  blackLayer: AccumulatedGddDay | null;
  total: number;
  stage: StageThreshold;
  thresholds: StageThreshold[];
  projections: StageProjection[];
  normalsBasis: string;
  /** The daily normals the projections use (the field's own, else the regional ones). */
  normals: (dayOfYear: number) => NormalDay;
  /** The hybrid's GDD to black layer for this planting date (stages and projections use it). */
  maturity: PlantingAdjustedMaturity;
  missingWeatherDays: number;
}

/** The season's crop development and water: everything that does not depend on prices. */
export interface SeasonModel {
  plantingDate: string;
  gdd: GddModel;
  cropDates: CropStageDates;
  kc: KcValues;
  /** The root-zone balance of the whole season, day by day, re-anchored by the field's probes. */
  balance: WaterDay[];
  /** Undefined until a day has the temperatures ET0 needs. */
  water: WaterModel | undefined;
}

export type NitrogenModel = NitrogenRecommendation & {
  previousCrop: "soybean" | "corn";
  /** The soil nitrate test and what it says to sidedress; it replaces "EONR minus applied" when present. */
  lsnt: (SoilNitrateTest & LsntResult) | undefined;
};

export interface FieldAgronomyModel extends SeasonModel {
  nitrogen: NitrogenModel;
}

/** Stages whose dates drive the crop coefficient and the alerts. */
const PROJECTED_STAGES = ["VE", "V4", "VT", "R1", "R5", "R6"];

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** The season's planting date, else the planting recorded as a field event. */
export function plantingDateOf(season: FieldSeason, events: SeasonEvents): string | null {
  return season.plantingDate ?? events.plantingDate;
}

/** The season's agronomy at the given prices; undefined before planting (or without a planting date). */
export function assembleFieldAgronomy(
  inputs: SeasonInputs,
  options: ModelOptions,
): FieldAgronomyModel | undefined {
  const season = assembleSeason(inputs);
  return season && { ...season, nitrogen: nitrogenEconomics(inputs, options.prices) };
}

/** GDD, stages and their projection, crop coefficients and the root-zone balance of the season. */
export function assembleSeason(inputs: SeasonInputs): SeasonModel | undefined {
  const { site, season, events, weather } = inputs;
  const plantingDate = plantingDateOf(season, events);
  if (!plantingDate || plantingDate > inputs.asOf) return undefined;
  const gdd = gddModel(season, plantingDate, weather, inputs.history);
  const cropDates = cropStageDates(plantingDate, gdd.projections);
  const kc = climateAdjustedKc(weather, cropDates);
  const balance = anchoredWaterBalance(
    site,
    balanceDays(site, weather, events, cropDates, kc),
    weather,
    inputs.water,
  );
  const mature = gdd.stage.code === "R6";
  return {
    plantingDate,
    gdd,
    cropDates,
    kc,
    balance,
    water: waterModel(site, balance, cropDates, kc, mature, inputs.water),
  };
}

/**
 * EONR on the default curve of the previous crop (corn after corn, else after soybean), less N applied. A
 * late-spring soil nitrate test measures the N already in the soil, fertilizer applied before it included, so
 * when there is one the rate still to apply is the test's sidedress rate (Blackmer et al. 1997, PM 1714).
 */
export function nitrogenEconomics(
  inputs: Pick<SeasonInputs, "season" | "events" | "soilNitrateTest">,
  prices: Pick<Prices, "nitrogenPricePerLb" | "cornPricePerBu">,
): NitrogenModel {
  const previousCrop = inputs.season.previousCrop === "corn" ? "corn" : "soybean";
  const base = nitrogenRecommendation(
    DEFAULT_NITROGEN_RESPONSES[previousCrop],
    prices,
    inputs.events.nitrogenAppliedLbPerAcre,
  );
  const test = inputs.soilNitrateTest;
  if (!test) return { ...base, previousCrop, lsnt: undefined };
  const lsnt = { ...test, ...lsntSidedress(test) };
  return {
    ...base,
    previousCrop,
    lsnt,
    remainingLbPerAcre: lsnt.sidedressLbPerAcre,
    costStillToApplyPerAcre: Math.round(lsnt.sidedressLbPerAcre * prices.nitrogenPricePerLb * 100) / 100,
  };
}

/** Economic optimum seeding rate for next season: the prices alone, with or without a season. */
export function seedingEconomics(prices: Prices): SeedingRateResult {
  return seedingRateOptimum(DEFAULT_SEEDING_RESPONSE, prices);
}

/** The alert rules over the season: frost between emergence and black layer, heat at silking, drought. */
export function seasonAlertEvents(weather: readonly DailyWeather[], model: SeasonModel): AlertEvent[] {
  const dateOf = (code: string) => model.gdd.projections.find((s) => s.code === code)?.date ?? null;
  return [
    ...frostAlerts(weather, dateOf("VE"), dateOf("R6")),
    ...heatAtSilkingAlerts(weather, dateOf("R1")),
    // Water no longer adds yield after black layer: stress after it is no alert.
    ...droughtStressAlerts(
      model.balance.filter((d) => !model.gdd.blackLayer || d.date <= model.gdd.blackLayer.date),
      dateOf("R6"),
      model.water?.noIrrigationReason !== "rainfed" && model.water?.noIrrigationReason !== "no_system",
    ),
  ];
}

function gddModel(
  season: FieldSeason,
  plantingDate: string,
  weather: readonly DailyWeather[],
  history: readonly DailyWeather[],
): GddModel {
  // Stages, the stop at black layer and the projections all use the requirement for this planting date.
  const maturity = plantingAdjustedMaturity(season.gddToBlackLayerF, plantingDate);
  const rating = maturity.gddToBlackLayerF;
  // GDD from days with both temperatures; a day without them adds nothing and is counted as missing.
  let cumulative = 0;
  const observed: AccumulatedGddDay[] = [];
  let missingWeatherDays = 0;
  for (const day of weather) {
    if (cumulative >= rating) break;
    if (day.tmaxC === null || day.tminC === null) {
      missingWeatherDays++;
      continue;
    }
    const gdd = dailyGdd(celsiusToFahrenheit(day.tmaxC), celsiusToFahrenheit(day.tminC), "F");
    cumulative += gdd;
    observed.push({ date: day.date, gdd, cumulative });
  }
  const { days, blackLayer } = untilBlackLayer(observed, rating);
  const own = ownNormals(history);
  const projections = projectStages(
    rating,
    days,
    days[days.length - 1]?.date ?? plantingDate,
    own ?? regionalNormal,
    PROJECTED_STAGES,
  );
  return {
    days,
    blackLayer,
    total: cumulative,
    stage: stageAt(cumulative, rating),
    thresholds: stageThresholds(rating),
    projections,
    normalsBasis: own ? "the field's own earlier seasons" : REGIONAL_NORMALS_BASIS,
    normals: own ?? regionalNormal,
    maturity,
    missingWeatherDays,
  };
}

function ownNormals(history: readonly DailyWeather[]) {
  const days: { date: string; tmaxF: number; tminF: number }[] = [];
  for (const d of history)
    if (d.tmaxC !== null && d.tminC !== null)
      days.push({ date: d.date, tmaxF: celsiusToFahrenheit(d.tmaxC), tminF: celsiusToFahrenheit(d.tminC) });
  return normalsFromHistory(days);
}

/**
 * FAO-56 stage boundaries from the crop's own development: initial until ~10 % cover (V4), development
 * until effective full cover at silking (R1), mid-season until leaves senesce from dent (R5), late until R6.
 */
function cropStageDates(plantingDate: string, projections: readonly StageProjection[]): CropStageDates {
  const dateOf = (code: string, fallbackDays: number) =>
    projections.find((s) => s.code === code)?.date ?? addDays(plantingDate, fallbackDays);
  // Projections and fallbacks can disagree late in a short season: keep the boundaries in order.
  const ordered = [plantingDate, dateOf("V4", 30), dateOf("R1", 75), dateOf("R5", 120), dateOf("R6", 150)];
  for (let i = 1; i < ordered.length; i++) if (ordered[i]! < ordered[i - 1]!) ordered[i] = ordered[i - 1]!;
  const [planting, developmentStart, midSeasonStart, lateSeasonStart, harvest] = ordered as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { planting, developmentStart, midSeasonStart, lateSeasonStart, harvest };
}

/** FAO-56 eq. 62: Kc mid and end adjusted to the field's own mean wind and RHmin over those stages. */
function climateAdjustedKc(weather: readonly DailyWeather[], dates: CropStageDates): KcValues {
  const climateOf = (from: string, to: string) => {
    const days = weather.filter((d) => d.date >= from && d.date <= to);
    const measured = days.flatMap((d) =>
      d.windSpeedMs !== null && d.rhMinPct !== null ? [{ u2: d.windSpeedMs, rhMin: d.rhMinPct }] : [],
    );
    if (measured.length < 5) return undefined;
    return { u2: mean(measured.map((d) => d.u2)), rhMin: mean(measured.map((d) => d.rhMin)) };
  };
  const adjusted = (kcTable: number, climate: { u2: number; rhMin: number } | undefined) =>
    climate ? adjustKcForClimate(kcTable, climate.u2, climate.rhMin, MAIZE_KC.heightM) : kcTable;
  return {
    ini: MAIZE_KC.ini,
    mid: adjusted(MAIZE_KC.mid, climateOf(dates.midSeasonStart, dates.lateSeasonStart)),
    end: adjusted(MAIZE_KC.end, climateOf(dates.lateSeasonStart, dates.harvest)),
  };
}

function balanceDays(
  site: FieldSite,
  weather: readonly DailyWeather[],
  events: SeasonEvents,
  cropDates: CropStageDates,
  kc: KcValues,
): BalanceDay[] {
  const days: BalanceDay[] = [];
  let lastEt0: number | undefined;
  for (const day of weather) {
    let et0: number | undefined;
    if (day.tmaxC !== null && day.tminC !== null && day.tminC <= day.tmaxC) {
      et0 = referenceEt0({
        date: day.date,
        latitudeDeg: site.latitudeDeg,
        elevationM: site.elevationM,
        tmaxC: day.tmaxC,
        tminC: day.tminC,
        rhMaxPct: day.rhMaxPct ?? undefined,
        rhMinPct: day.rhMinPct ?? undefined,
        windSpeedMs: day.windSpeedMs ?? undefined,
        // A partial day's radiation sum is too low: estimate it from the temperature range instead.
        solarRadiationMJ: day.complete ? (day.solarRadiationMJ ?? undefined) : undefined,
      }).et0Mm;
    }
    // A day without temperatures repeats the last known ET0 rather than pretending the crop used nothing.
    const et0Mm = et0 ?? lastEt0;
    if (et0Mm === undefined) continue;
    lastEt0 = et0Mm;
    const irrigationMm = events.irrigations
      .filter((i) => i.date === day.date)
      .reduce((sum, i) => sum + i.mm, 0);
    days.push({
      date: day.date,
      et0Mm,
      kc: kcForDate(day.date, cropDates, kc),
      rainMm: day.rainMm ?? 0,
      irrigationMm,
    });
  }
  return days;
}
