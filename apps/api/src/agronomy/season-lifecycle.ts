/**
 * Where a season stands on a date, from its dates alone: planting, black layer, harvest and an explicit close.
 * Pure: the service supplies the dates (stored, recorded as events, or found in the GDD series).
 */
import type { SeasonState, SentenceQuantity } from "@unicorn/contracts";

export interface LifecycleDates {
  plantingDate: string | null;
  /** The first day the accumulated GDD reached the hybrid's rating. */
  blackLayerDate: string | null;
  harvestDate: string | null;
  closedOn: string | null;
}

/** Later events win: a closed season stays closed, a harvested one harvested, whatever else is recorded. */
export function seasonStateOn(dates: LifecycleDates, asOf: string): SeasonState {
  const by = (date: string | null) => date !== null && date <= asOf;
  if (by(dates.closedOn)) return "closed";
  if (by(dates.harvestDate)) return "harvested";
  if (by(dates.blackLayerDate)) return "mature";
  if (by(dates.plantingDate)) return "growing";
  return "planned";
}

/** Only a crop in the ground and still filling grain gets live advice (irrigation, nitrogen, yield forecast). */
export const takesLiveAdvice = (state: SeasonState) => state === "growing";

/**
 * The running GDD total up to and including the day it reaches the hybrid's rating: physiological maturity
 * (black layer, R6) ends grain fill, so neither GDD nor stage advance after it (Abendroth et al. 2011, ISU
 * PMR 1009, R6; Nielsen 2019, "Grain Fill Stages in Corn", Purdue).
 */
export function untilBlackLayer<T extends { date: string; cumulative: number }>(
  days: readonly T[],
  gddToBlackLayer: number,
): { days: T[]; blackLayer: T | null } {
  const reached = days.findIndex((d) => d.cumulative >= gddToBlackLayer);
  if (reached < 0) return { days: [...days], blackLayer: null };
  return { days: days.slice(0, reached + 1), blackLayer: days[reached]! };
}

export const NOTHING_URGENT = "Nothing urgent today.";

export interface TodayInputs {
  state: SeasonState;
  year: number | null;
  stage: { code: string; name: string } | null;
  nextStage: { code: string; name: string; date: string | null } | null;
  blackLayerDate: string | null;
  harvestDate: string | null;
  yieldBuPerAcre: number | null;
  nextSeason: { year: number; plantingDate: string | null } | null;
  /** Actions of the open alerts, most urgent first. */
  alertActions: readonly string[];
}

/** What to do today, in words: the first thing the overview and the field page answer. */
export function todayAdvice(input: TodayInputs): {
  headline: string;
  headlineQuantities: SentenceQuantity[];
  actions: string[];
} {
  const plan = input.nextSeason
    ? `Next season ${input.nextSeason.year}: planting ${input.nextSeason.plantingDate ?? "date not set"}.`
    : "No season planned yet: add next year's season (hybrid, planting date) to plan it.";
  switch (input.state) {
    case "planned":
      return {
        headline: `Season ${input.year ?? ""} planned, not planted yet.`.replace("  ", " "),
        headlineQuantities: [],
        actions: ["Record the planting (date, hybrid, seeding rate) when it happens."],
      };
    case "growing": {
      const next = input.nextStage
        ? ` Next: ${input.nextStage.code} (${input.nextStage.name})${input.nextStage.date ? ` about ${input.nextStage.date}` : ""}.`
        : "";
      return {
        headline: `Growing: ${input.stage?.code ?? "?"} (${input.stage?.name ?? "stage unknown"}).${next}`,
        headlineQuantities: [],
        actions: input.alertActions.length > 0 ? [...input.alertActions] : [NOTHING_URGENT],
      };
    }
    case "mature":
      return {
        headline: `Mature: black layer reached on ${input.blackLayerDate}. Grain fill is over.`,
        headlineQuantities: [],
        actions: [
          "No irrigation or nitrogen pays after black layer.",
          "Harvest when the grain has dried down (field drying to 20-25 % moisture), and record it.",
        ],
      };
    case "harvested":
    case "closed": {
      const yieldText = input.yieldBuPerAcre === null ? "? bu/ac" : `${input.yieldBuPerAcre} bu/ac`;
      return {
        headline: `Season ${input.year} ${input.state}: ${yieldText}, harvested on ${input.harvestDate ?? "?"}.`,
        headlineQuantities:
          input.yieldBuPerAcre === null
            ? []
            : [{ kind: "yield", value: input.yieldBuPerAcre, text: yieldText }],
        actions: [plan],
      };
    }
  }
}
