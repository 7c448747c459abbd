/**
 * The crop calendar of a season: the planting-adjusted GDD to black layer, every major stage's threshold
 * with its observed or projected date, and the chance of reaching black layer before the first fall frost.
 */
import { CENTRAL_IOWA_FALL_FREEZE, type FallFreezeNormals, probabilityFreezeAfter } from "./frost";
import { type PlantingAdjustedMaturity, plantingAdjustedMaturity } from "./maturity";
import { type NormalDay, projectStages, type StageProjection } from "./stage-projection";

export const CALENDAR_STAGES = ["VE", "V6", "V10", "V14", "VT", "R1", "R2", "R3", "R4", "R5", "R6"] as const;

export interface CropCalendar {
  maturity: PlantingAdjustedMaturity;
  stages: StageProjection[];
  silkingDate: string | null;
  blackLayerDate: string | null;
  frost: {
    station: string;
    source: string;
    /** P(first 32 °F after black layer); 0 when black layer is not reached within the year. */
    probabilityBlackLayerBeforeFrost32F: number;
    /** P(first 28 °F, the killing freeze, after black layer). */
    probabilityBlackLayerBeforeKilling28F: number;
    medianFrost32F: string;
    medianKilling28F: string;
  };
}

export function cropCalendar(input: {
  plantingDate: string;
  ratedGddToBlackLayerF: number;
  /** Cumulative GDD since planting per observed day, in date order (empty before any weather). */
  observed: readonly { date: string; cumulative: number }[];
  normals: (dayOfYear: number) => NormalDay;
  freeze?: FallFreezeNormals;
}): CropCalendar {
  const freeze = input.freeze ?? CENTRAL_IOWA_FALL_FREEZE;
  const maturity = plantingAdjustedMaturity(input.ratedGddToBlackLayerF, input.plantingDate);
  const last = input.observed[input.observed.length - 1]?.date ?? input.plantingDate;
  const stages = projectStages(
    maturity.gddToBlackLayerF,
    input.observed,
    last,
    input.normals,
    CALENDAR_STAGES,
  );
  const dateOf = (code: string) => stages.find((s) => s.code === code)?.date ?? null;
  const blackLayer = dateOf("R6");
  const year = input.plantingDate.slice(0, 4);
  const chance = (normals: FallFreezeNormals["frost32F"]) =>
    blackLayer ? probabilityFreezeAfter(normals, blackLayer) : 0;
  return {
    maturity,
    stages,
    silkingDate: dateOf("R1"),
    blackLayerDate: blackLayer,
    frost: {
      station: freeze.station,
      source: freeze.source,
      probabilityBlackLayerBeforeFrost32F: chance(freeze.frost32F),
      probabilityBlackLayerBeforeKilling28F: chance(freeze.killing28F),
      medianFrost32F: `${year}-${freeze.frost32F.p50}`,
      medianKilling28F: `${year}-${freeze.killing28F.p50}`,
    },
  };
}
