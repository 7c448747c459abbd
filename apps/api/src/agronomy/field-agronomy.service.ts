import {
  ALERT_RULES,
  type AlertEvent,
  adjustKcForClimate,
  celsiusToFahrenheit,
  DEFAULT_NITROGEN_RESPONSES,
  DEFAULT_RESPONSE_SOURCE,
  DEFAULT_SEEDING_RESPONSE,
  dailyGdd,
  droughtStressAlerts,
  frostAlerts,
  heatAtSilkingAlerts,
  irrigationSchedule,
  kcForDate,
  MAIZE_KC,
  nitrogenRecommendation,
  normalsFromHistory,
  projectStages,
  referenceEt0,
  runWaterBalance,
  seedingRateOptimum,
  stageAt,
  stageThresholds,
  totalAvailableWater,
} from "@unicorn/agronomy";
import type { DailyWeather } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { AlertsRepository } from "../alerts/alerts.repository";
import type { WeatherRepository } from "../weather/weather.repository";
import type { FieldAgronomyRepository, FieldSeason, FieldSite } from "./field-agronomy.repository";
import { centralIowaNormal, REGIONAL_NORMALS_BASIS } from "./regional-normals";

export interface Prices {
  nitrogenPricePerLb: number;
  cornPricePerBu: number;
  seedPricePerThousand: number;
}

/** Typical central-Iowa prices; every request may override them. */
export const DEFAULT_PRICES: Prices = {
  nitrogenPricePerLb: 0.55,
  cornPricePerBu: 4.5,
  seedPricePerThousand: 4.2,
};

/** How many days of the water balance the response carries (the whole season is computed). */
const BALANCE_DAYS_SHOWN = 30;

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

interface SeasonModel {
  site: FieldSite;
  season: FieldSeason;
  plantingDate: string;
  asOf: string;
  weather: DailyWeather[];
  gddDays: { date: string; gdd: number; cumulative: number }[];
  stages: ReturnType<typeof projectStages>;
  normalsBasis: string;
  balance: ReturnType<typeof runWaterBalance>;
  cropDates: Parameters<typeof kcForDate>[1];
  kc: { ini: number; mid: number; end: number };
  nitrogenApplied: number;
  missingWeatherDays: number;
}

/**
 * Per-field results from the field's own season, soil and weather: GDD and stage with projected dates,
 * today's ET, the root-zone balance and irrigation schedule, N and seeding economics, and alerts.
 */
export class FieldAgronomyService {
  constructor(
    private readonly repository: FieldAgronomyRepository,
    private readonly weather: WeatherRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  async summary(
    organizationId: string,
    fieldId: string,
    options: { asOf?: string; prices?: Partial<Prices> } = {},
  ) {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) throw errors.notFound("field", "id");
    const prices = { ...DEFAULT_PRICES, ...options.prices };
    const asOf = options.asOf ?? localToday(site.timeZone);
    const model = await this.seasonModel(site, asOf);
    const openAlerts = (
      await this.alerts.list(organizationId, { status: "open", fieldId, limit: 50, offset: 0 })
    ).items;
    if (!model) {
      return {
        fieldId,
        asOf,
        season: null,
        gdd: null,
        et: null,
        waterBalance: null,
        nitrogen: null,
        seedingRate: this.seeding(prices),
        alerts: openAlerts,
      };
    }
    const { season } = model;
    const last = model.gddDays[model.gddDays.length - 1];
    const total = last?.cumulative ?? 0;
    const stage = stageAt(total, season.gddToBlackLayerF);
    const dateOf = (code: string) => model.stages.find((s) => s.code === code)?.date ?? null;
    const lastBalance = model.balance[model.balance.length - 1];
    const taw = totalAvailableWater({ awcMmPerM: site.awcMmPerM, rootDepthM: site.rootDepthM });

    let waterBalance = null;
    let et = null;
    if (lastBalance) {
      const recent = model.balance.slice(-7);
      const expectedEt0 = recent.reduce((sum, d) => sum + d.et0Mm, 0) / recent.length;
      const forecast = Array.from({ length: 7 }, (_, i) => {
        const date = addDays(lastBalance.date, i + 1);
        return { date, et0Mm: expectedEt0, kc: kcForDate(date, model.cropDates, model.kc) };
      });
      const plan = irrigationSchedule(
        { awcMmPerM: site.awcMmPerM, rootDepthM: site.rootDepthM },
        lastBalance.depletionMm,
        forecast,
      );
      const status =
        lastBalance.depletionMm > lastBalance.rawMm
          ? "stress"
          : lastBalance.depletionMm > 0.8 * lastBalance.rawMm
            ? "watch"
            : "ok";
      waterBalance = {
        tawMm: round(taw),
        rawMm: round(lastBalance.rawMm),
        depletionMm: round(lastBalance.depletionMm),
        ks: round(lastBalance.ks, 3),
        status,
        days: model.balance.slice(-BALANCE_DAYS_SHOWN).map((d) => ({
          date: d.date,
          et0Mm: round(d.et0Mm, 2),
          etcMm: round(d.etcAdjMm, 2),
          rainMm: round(d.rainMm, 1),
          irrigationMm: round(d.irrigationMm, 1),
          depletionMm: round(d.depletionMm, 1),
          ks: round(d.ks, 3),
        })),
        schedule: plan.events,
        forecastEt0Mm: round(expectedEt0, 2),
      };
      et = {
        date: lastBalance.date,
        et0Mm: round(lastBalance.et0Mm, 2),
        kc: round(lastBalance.kc, 3),
        etcMm: round(lastBalance.etcAdjMm, 2),
      };
    }

    const previousCrop = season.previousCrop === "corn" ? "corn" : "soybean";
    const nitrogen = nitrogenRecommendation(
      DEFAULT_NITROGEN_RESPONSES[previousCrop],
      { nitrogenPricePerLb: prices.nitrogenPricePerLb, cornPricePerBu: prices.cornPricePerBu },
      model.nitrogenApplied,
    );

    return {
      fieldId,
      asOf,
      season: {
        id: season.id,
        year: season.year,
        hybrid: season.hybrid,
        plantingDate: model.plantingDate,
        gddToBlackLayerF: season.gddToBlackLayerF,
        seedingRateThousandPerAcre: season.seedingRateThousandPerAcre,
        previousCrop: season.previousCrop,
      },
      gdd: {
        unit: "F",
        method: "86/50",
        sincePlanting: round(total),
        stage: { code: stage.code, name: stage.name },
        thresholds: stageThresholds(season.gddToBlackLayerF).map((s) => ({
          code: s.code,
          name: s.name,
          gdd: s.gdd,
        })),
        daily: model.gddDays.map((d) => ({
          date: d.date,
          gdd: round(d.gdd),
          cumulative: round(d.cumulative),
        })),
        projected: {
          silkingDate: dateOf("R1"),
          blackLayerDate: dateOf("R6"),
          stages: model.stages,
          basis: model.normalsBasis,
        },
        missingWeatherDays: model.missingWeatherDays,
      },
      et,
      waterBalance,
      nitrogen: {
        ...nitrogen,
        previousCrop,
        nitrogenPricePerLb: prices.nitrogenPricePerLb,
        cornPricePerBu: prices.cornPricePerBu,
        responseSource: DEFAULT_RESPONSE_SOURCE,
      },
      seedingRate: this.seeding(prices),
      alerts: openAlerts,
    };
  }

  /** Runs the alert rules over the field's season and stores the new alerts (they reach the live stream). */
  async evaluateAlerts(organizationId: string, fieldId: string, asOf?: string): Promise<number> {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) return 0;
    const model = await this.seasonModel(site, asOf ?? localToday(site.timeZone));
    if (!model) return 0;
    const dateOf = (code: string) => model.stages.find((s) => s.code === code)?.date ?? null;
    const events: AlertEvent[] = [
      ...frostAlerts(model.weather, dateOf("VE"), dateOf("R6")),
      ...heatAtSilkingAlerts(model.weather, dateOf("R1")),
      ...droughtStressAlerts(model.balance),
    ];
    const created = await this.alerts.raise(
      organizationId,
      events.map((event) => ({ ...event, fieldId, seasonId: model.season.id })),
    );
    return created.length;
  }

  private seeding(prices: Prices) {
    return {
      ...seedingRateOptimum(DEFAULT_SEEDING_RESPONSE, prices),
      seedPricePerThousand: prices.seedPricePerThousand,
      cornPricePerBu: prices.cornPricePerBu,
      responseSource:
        "central-Iowa default response (maximum near 36,000 seeds/acre); use the calculator with your own trial curve",
    };
  }

  private async seasonModel(site: FieldSite, asOf: string): Promise<SeasonModel | undefined> {
    const year = Number(asOf.slice(0, 4));
    const season = await this.repository.season(site.organizationId, site.fieldId, year);
    if (!season) return undefined;
    const events = await this.repository.seasonEvents(site.organizationId, site.fieldId, season.year);
    const plantingDate = season.plantingDate ?? events.plantingDate;
    if (!plantingDate || plantingDate > asOf) return undefined;
    const seasonEnd = `${season.year}-12-31`;
    const until = asOf < seasonEnd ? asOf : seasonEnd;
    const weather = await this.weather.daily(
      site.organizationId,
      site.fieldId,
      plantingDate,
      until,
      site.timeZone,
    );

    // GDD from days with both temperatures; a day without them adds nothing and is counted as missing.
    let cumulative = 0;
    const gddDays: SeasonModel["gddDays"] = [];
    let missingWeatherDays = 0;
    for (const day of weather) {
      if (day.tmaxC === null || day.tminC === null) {
        missingWeatherDays++;
        continue;
      }
      const gdd = dailyGdd(celsiusToFahrenheit(day.tmaxC), celsiusToFahrenheit(day.tminC), "F");
      cumulative += gdd;
      gddDays.push({ date: day.date, gdd, cumulative });
    }

    const history = await this.weather.daily(
      site.organizationId,
      site.fieldId,
      `${season.year - 5}-01-01`,
      addDays(plantingDate, -1),
      site.timeZone,
    );
    const ownNormals = normalsFromHistory(
      history
        .filter((d) => d.tmaxC !== null && d.tminC !== null)
        .map((d) => ({
          date: d.date,
          tmaxF: celsiusToFahrenheit(d.tmaxC!),
          tminF: celsiusToFahrenheit(d.tminC!),
        })),
    );
    const normals =
      ownNormals ??
      ((dayOfYear: number) => {
        const n = centralIowaNormal(dayOfYear);
        return { dayOfYear, tmaxF: celsiusToFahrenheit(n.tmaxC), tminF: celsiusToFahrenheit(n.tminC) };
      });
    const lastObserved = gddDays[gddDays.length - 1]?.date ?? plantingDate;
    const stages = projectStages(season.gddToBlackLayerF, gddDays, lastObserved, normals, [
      "VE",
      "V4",
      "VT",
      "R1",
      "R5",
      "R6",
    ]);

    // FAO-56 stage boundaries from the crop's own development: initial until ~10 % cover (V4), development
    // until effective full cover at silking (R1), mid-season until leaves senesce from dent (R5), late until R6.
    const dateOf = (code: string, fallbackDays: number) =>
      stages.find((s) => s.code === code)?.date ?? addDays(plantingDate, fallbackDays);
    // Projections and fallbacks can disagree late in a short season: keep the boundaries in order.
    const ordered = [plantingDate, dateOf("V4", 30), dateOf("R1", 75), dateOf("R5", 120), dateOf("R6", 150)];
    for (let i = 1; i < ordered.length; i++) if (ordered[i]! < ordered[i - 1]!) ordered[i] = ordered[i - 1]!;
    const cropDates = {
      planting: ordered[0]!,
      developmentStart: ordered[1]!,
      midSeasonStart: ordered[2]!,
      lateSeasonStart: ordered[3]!,
      harvest: ordered[4]!,
    };

    // FAO-56 eq. 62: Kc mid and end adjusted to the field's own mean wind and RHmin over those stages.
    const climateOf = (from: string, to: string) => {
      const days = weather.filter(
        (d) => d.date >= from && d.date <= to && d.windSpeedMs !== null && d.rhMinPct !== null,
      );
      if (days.length < 5) return undefined;
      const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
      return { u2: mean(days.map((d) => d.windSpeedMs!)), rhMin: mean(days.map((d) => d.rhMinPct!)) };
    };
    const midClimate = climateOf(cropDates.midSeasonStart, cropDates.lateSeasonStart);
    const endClimate = climateOf(cropDates.lateSeasonStart, cropDates.harvest);
    const kc = {
      ini: MAIZE_KC.ini,
      mid: midClimate
        ? adjustKcForClimate(MAIZE_KC.mid, midClimate.u2, midClimate.rhMin, MAIZE_KC.heightM)
        : MAIZE_KC.mid,
      end: endClimate
        ? adjustKcForClimate(MAIZE_KC.end, endClimate.u2, endClimate.rhMin, MAIZE_KC.heightM)
        : MAIZE_KC.end,
    };

    const balanceDays = [];
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
      balanceDays.push({
        date: day.date,
        et0Mm,
        kc: kcForDate(day.date, cropDates, kc),
        rainMm: day.rainMm ?? 0,
        irrigationMm,
      });
    }
    // The root zone starts the season at field capacity (spring recharge in the Corn Belt).
    const balance = runWaterBalance(
      { awcMmPerM: site.awcMmPerM, rootDepthM: site.rootDepthM },
      balanceDays,
      0,
    );

    return {
      site,
      season,
      plantingDate,
      asOf,
      weather,
      gddDays,
      stages,
      normalsBasis: ownNormals ? "the field's own earlier seasons" : REGIONAL_NORMALS_BASIS,
      balance,
      cropDates,
      kc,
      nitrogenApplied: events.nitrogenAppliedLbPerAcre,
      missingWeatherDays,
    };
  }
}

export { ALERT_RULES };
