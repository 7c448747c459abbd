/** Shapes a season's state on a date, its outcome and next season's plan as the field-agronomy contract says. */
import { projectStages } from "@unicorn/agronomy";
import type { Alert, SeasonLifecycle, SeasonOutcome, SeasonState } from "@unicorn/contracts";
import type { FieldAgronomyModel, SeasonModel } from "./field-agronomy.model";
import type { FieldSeason, SeasonEvents, StoredSnapshot } from "./field-agronomy.repository";
import { type LifecycleDates, NOTHING_URGENT, seasonStateOn, todayAdvice } from "./season-lifecycle";

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * A season's dates: black layer from the model when it ran, else as stored by an earlier evaluation. Given
 * `knownOn`, what happened after it is not known yet (the planting date stays: it is also the plan).
 */
export function lifecycleDates(
  season: FieldSeason,
  events: SeasonEvents,
  model: Pick<SeasonModel, "gdd"> | undefined,
  knownOn?: string,
): LifecycleDates {
  const known = (date: string | null) =>
    knownOn !== undefined && date !== null && date > knownOn ? null : date;
  return {
    plantingDate: season.plantingDate ?? events.plantingDate,
    blackLayerDate: known(model ? (model.gdd.blackLayer?.date ?? null) : season.blackLayerDate),
    harvestDate: known(events.harvest?.date ?? null),
    closedOn: known(season.closedOn),
  };
}

export interface OutcomeInputs {
  season: FieldSeason;
  events: SeasonEvents;
  dates: LifecycleDates;
  gddAtBlackLayerF: number | null;
  snapshots: readonly StoredSnapshot[];
}

/** The recorded harvest beside the forecasts kept at each stage; null without a harvest with a yield. */
export function presentOutcome(input: OutcomeInputs): SeasonOutcome | null {
  const harvest = input.events.harvest;
  if (!harvest || harvest.yieldBuPerAcre === null) return null;
  const before = input.snapshots.filter((s) => s.madeOn <= harvest.date);
  const last = before[before.length - 1];
  return {
    seasonId: input.season.id,
    year: input.season.year,
    hybrid: input.season.hybrid,
    plantingDate: input.dates.plantingDate,
    blackLayerDate: input.dates.blackLayerDate,
    gddAtBlackLayerF: input.gddAtBlackLayerF === null ? null : round(input.gddAtBlackLayerF),
    harvestDate: harvest.date,
    yieldBuPerAcre: harvest.yieldBuPerAcre,
    grainMoisturePct: harvest.grainMoisturePct,
    forecastsByStage: input.snapshots.map((s) => ({
      ...s,
      p10: s.p10 === null ? null : round(s.p10),
      p50: round(s.p50),
      p90: s.p90 === null ? null : round(s.p90),
    })),
    lastForecastBuPerAcre: last ? round(last.p50) : null,
    yieldMinusForecastBuPerAcre: last ? round(harvest.yieldBuPerAcre - last.p50) : null,
  };
}

export function presentLifecycle(input: {
  asOf: string;
  season: FieldSeason | undefined;
  dates: LifecycleDates | undefined;
  model: FieldAgronomyModel | undefined;
  outcome: SeasonOutcome | null;
  nextSeason: FieldSeason | undefined;
  alerts: readonly Alert[];
}): SeasonLifecycle {
  const { season, dates, model } = input;
  const state: SeasonState = dates ? seasonStateOn(dates, input.asOf) : "planned";
  const growing = state === "growing" && model;
  const next = growing ? nextStageOf(model) : null;
  const stage =
    model && state !== "planned" ? { code: model.gdd.stage.code, name: model.gdd.stage.name } : null;
  const nextSeason = input.nextSeason
    ? {
        id: input.nextSeason.id,
        year: input.nextSeason.year,
        hybrid: input.nextSeason.hybrid,
        plantingDate: input.nextSeason.plantingDate,
      }
    : null;
  const alertActions = input.alerts
    .filter((a) => a.action)
    .map((a) => `${a.action}${a.actBy ? ` (by ${a.actBy})` : ""}`);
  return {
    state,
    seasonId: season?.id ?? null,
    year: season?.year ?? null,
    stage,
    nextStage: next,
    plantingDate: dates?.plantingDate ?? null,
    blackLayerDate: dates?.blackLayerDate ?? null,
    harvestDate: dates?.harvestDate ?? null,
    closedOn: dates?.closedOn ?? null,
    outcome: input.outcome,
    nextSeason,
    today: todayAdvice({
      state,
      year: season?.year ?? null,
      stage,
      nextStage: next,
      blackLayerDate: dates?.blackLayerDate ?? null,
      harvestDate: input.outcome?.harvestDate ?? dates?.harvestDate ?? null,
      yieldBuPerAcre: input.outcome?.yieldBuPerAcre ?? null,
      nextSeason,
      alertActions,
    }),
  };
}

function nextStageOf(model: FieldAgronomyModel): SeasonLifecycle["nextStage"] {
  const total = model.gdd.total;
  const threshold = model.gdd.thresholds.find((t) => t.gdd > total);
  if (!threshold) return null;
  // The stages the model projects, else this one projected on the same normals (any V or R stage is next).
  const { gdd } = model;
  const projected =
    gdd.projections.find((p) => p.code === threshold.code) ??
    projectStages(
      gdd.maturity.gddToBlackLayerF,
      gdd.days,
      gdd.days[gdd.days.length - 1]?.date ?? model.plantingDate,
      gdd.normals,
      [threshold.code],
    )[0];
  return {
    code: threshold.code,
    name: threshold.name,
    gddRemaining: round(threshold.gdd - total),
    date: projected?.date ?? null,
  };
}

/**
 * Today's actions with the irrigation plan's next pass first: a growing crop whose plan irrigates needs that
 * said, whether or not an alert was raised (a drought alert waits for 3 days of stress).
 */
export function withIrrigationAction(
  lifecycle: SeasonLifecycle,
  irrigation: { passes: readonly { startDate: string }[]; message: string } | null | undefined,
): SeasonLifecycle {
  const first = irrigation?.passes[0];
  if (lifecycle.state !== "growing" || !irrigation || !first) return lifecycle;
  const others = lifecycle.today.actions.filter((a) => a !== NOTHING_URGENT);
  return {
    ...lifecycle,
    today: {
      ...lifecycle.today,
      actions: [`Irrigate: ${irrigation.message} (by ${first.startDate})`, ...others],
    },
  };
}
