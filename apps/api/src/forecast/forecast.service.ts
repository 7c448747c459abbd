import type { Forecast, Prediction } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { FieldAgronomyRepository } from "../agronomy/field-agronomy.repository";
import type { FieldAgronomyService } from "../agronomy/field-agronomy.service";
import type { WeatherRepository } from "../weather/weather.repository";
import { fieldTrackRecord } from "./field-bias";
import type { ForecastRepository } from "./forecast.repository";
import { type MlClient, MlUnavailable } from "./ml-client";
import { buildYieldFeatures } from "./yield-features";

export const YIELD_MODEL = "corn-yield";
/** A stored forecast younger than this is served again instead of asking ml for the same answer. */
const REUSE_MS = 10 * 60_000;

export class ForecastService {
  constructor(
    private readonly repository: ForecastRepository,
    private readonly seasons: FieldAgronomyRepository,
    private readonly weather: WeatherRepository,
    private readonly lifecycle: Pick<FieldAgronomyService, "stateOn" | "keepForecast" | "forecastSnapshots">,
    private readonly ml: MlClient | undefined,
  ) {}

  async forecast(
    organizationId: string,
    fieldId: string,
    requestId?: string,
    asOf?: string,
  ): Promise<Forecast> {
    const context = await this.repository.fieldContext(organizationId, fieldId);
    if (!context) throw errors.notFound("field", "id");
    const today = new Intl.DateTimeFormat("en-CA", {
      timeZone: context.timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(new Date());
    // A past date gets the forecast as it stood then: the weather known that day, nothing stored or reused.
    const past = asOf !== undefined && asOf < today ? asOf : undefined;
    const last = past ? undefined : await this.repository.latest(organizationId, fieldId);
    const unavailable = (reason: string): Forecast => ({
      status: "unavailable",
      reason,
      ...(last ? { lastPrediction: last } : {}),
    });
    const year = Number((past ?? today).slice(0, 4));
    const season = await this.seasons.season(organizationId, fieldId, year);
    if (!season) return unavailable("the field has no season to forecast");
    /** The forecasts against the harvests recorded by the page's date, seasons before `beforeYear`. */
    const record = async (beforeYear: number, current: Prediction | null) =>
      fieldTrackRecord(
        await this.repository.recordedHarvests(organizationId, fieldId, beforeYear, past ?? today),
        current,
      );
    // A forecast is live advice: only for a crop in the ground that is still filling grain.
    const now = await this.lifecycle.stateOn(organizationId, fieldId, past);
    if (now && now.state !== "growing") {
      // The record counts this season once it is harvested; there is no forecast to correct.
      const kept = await record(season.year + 1, null);
      return {
        ...unavailable(
          now.state === "planned"
            ? `season ${season.year} is not planted ${past ? `by ${past}` : "yet"}`
            : now.state === "mature"
              ? "black layer reached: yield is set; record the harvest to compare it with the forecasts kept at each stage"
              : `season ${season.year} was harvested: the recorded yield replaces the forecast`,
        ),
        ...(kept ? { trackRecord: kept } : {}),
      };
    }
    const seasonEnd = `${season.year}-09-30`;
    const weather = await this.weather.daily(
      organizationId,
      fieldId,
      `${season.year}-04-01`,
      past && past < seasonEnd ? past : seasonEnd,
      context.timeZone,
    );
    const built = buildYieldFeatures(season.year, context.countyFips, weather);
    if ("missing" in built) return unavailable(built.missing);
    if (!this.ml) return unavailable("the ML service is not configured (ML_URL)");
    const withRecord = async (prediction: Prediction): Promise<Forecast> => {
      const kept = await record(season.year, prediction);
      return { status: "ok", prediction, ...(kept ? { trackRecord: kept } : {}) };
    };
    if (past) {
      const answer = await this.forecastAsOf(built.features, built, requestId);
      return answer.status === "ok" ? withRecord(answer.prediction) : answer;
    }
    if (last && Date.now() - Date.parse(last.createdAt) < REUSE_MS && sameFeatures(last, built.features))
      return withRecord(last);
    try {
      const answer = await this.ml.predict(YIELD_MODEL, built.features, requestId);
      const p = answer.predictions[0]!;
      const prediction = await this.repository.save(organizationId, fieldId, season.id, {
        model: answer.model,
        version: answer.version,
        p10: p.p10 ?? null,
        p50: p.p50!,
        p90: p.p90 ?? null,
        features: { ...built.features, observedDays: built.observedDays, filledDays: built.filledDays },
      });
      return withRecord(prediction);
    } catch (error) {
      if (error instanceof MlUnavailable) return unavailable(error.message);
      throw error;
    }
  }

  /** The model's answer with the weather known on a past date, as the farmer would have seen it then. */
  private async forecastAsOf(
    features: Record<string, number>,
    counts: { observedDays: number; filledDays: number },
    requestId?: string,
  ): Promise<Forecast> {
    try {
      const answer = await this.ml!.predict(YIELD_MODEL, features, requestId);
      const p = answer.predictions[0]!;
      return {
        status: "ok",
        prediction: {
          p10: p.p10 ?? null,
          p50: p.p50!,
          p90: p.p90 ?? null,
          unit: "bu/acre",
          model: answer.model,
          version: answer.version,
          createdAt: new Date().toISOString(),
          features: { ...features, observedDays: counts.observedDays, filledDays: counts.filledDays },
        },
      };
    } catch (error) {
      if (error instanceof MlUnavailable) return { status: "unavailable", reason: error.message };
      throw error;
    }
  }
}

/** Stages at which the season's forecast is kept, to compare with the harvest. */
const KEPT_STAGES = ["V4", "VT", "R1", "R5", "R6"];

export class StageForecasts {
  constructor(
    private readonly repository: ForecastRepository,
    private readonly weather: WeatherRepository,
    private readonly lifecycle: Pick<FieldAgronomyService, "stateOn" | "keepForecast" | "forecastSnapshots">,
    private readonly ml: MlClient | undefined,
  ) {}

  /**
   * Keeps, for each stage the crop has reached, the forecast made with the weather known on the day it was
   * reached (days after it are gap-filled by the model's own rule, as a forecast made that day would be).
   * Runs with the field's evaluation; a stage already kept is never recomputed. Returns how many were kept.
   */
  async keep(organizationId: string, fieldId: string): Promise<number> {
    if (!this.ml) return 0;
    const context = await this.repository.fieldContext(organizationId, fieldId);
    const now = context && (await this.lifecycle.stateOn(organizationId, fieldId));
    if (!context || !now || now.state === "planned") return 0;
    const kept = new Set(
      (await this.lifecycle.forecastSnapshots(organizationId, now.season.id)).map((s) => s.stageCode),
    );
    let added = 0;
    for (const stage of now.reachedStages) {
      if (!KEPT_STAGES.includes(stage.code) || kept.has(stage.code)) continue;
      const year = now.season.year;
      const weather = await this.weather.daily(
        organizationId,
        fieldId,
        `${year}-04-01`,
        stage.date,
        context.timeZone,
      );
      const built = buildYieldFeatures(year, context.countyFips, weather);
      if ("missing" in built) continue;
      try {
        const answer = await this.ml.predict(YIELD_MODEL, built.features);
        const p = answer.predictions[0]!;
        await this.lifecycle.keepForecast(organizationId, now.season.id, {
          stageCode: stage.code,
          madeOn: stage.date,
          p10: p.p10 ?? null,
          p50: p.p50!,
          p90: p.p90 ?? null,
          modelVersion: `${answer.model}@${answer.version}`,
        });
        added++;
      } catch (error) {
        if (error instanceof MlUnavailable) return added;
        throw error;
      }
    }
    return added;
  }
}

function sameFeatures(stored: Prediction, features: Record<string, number>): boolean {
  return Object.entries(features).every(([key, value]) => stored.features[key] === value);
}
