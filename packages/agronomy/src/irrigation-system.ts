/**
 * What an irrigation system can apply: kind, capacity, application efficiency, depth per pass, when it may
 * run, the management allowed depletion (MAD) it is managed to, and what a unit of water costs.
 *
 * Typical values per kind (the defaults below) follow USDA NRCS National Engineering Handbook Part 652,
 * Irrigation Guide (1997): ch. 3 (MAD about 50 % of available water for grain corn), ch. 6 (attainable
 * application efficiency: centre pivot and linear move 75-90 %, traveling big gun 55-75 %, micro/drip
 * 85-95 %); and extension guidance on pivot capacity and depth per revolution (University of
 * Nebraska-Lincoln Extension G1851 "Minimum center pivot design capacities in Nebraska", 5-6 gpm/acre;
 * K-State Research and Extension MF2576 on subsurface drip, about 0.25 in/day and daily small doses).
 */
import { MM_PER_INCH, SQUARE_METRES_PER_ACRE } from "./units";

export const IRRIGATION_SYSTEM_KINDS = ["center_pivot", "linear", "drip", "travelling_gun", "none"] as const;
export type IrrigationSystemKind = (typeof IRRIGATION_SYSTEM_KINDS)[number];

/** 1 US gallon = 3.785411784 L exactly: 1 gpm/acre = 3.785411784 L × 1440 min / 4046.8564224 m² = 1.347 mm/day. */
export const MM_PER_DAY_PER_GPM_PER_ACRE = (3.785_411_784 * 1440) / SQUARE_METRES_PER_ACRE;
export const gpmPerAcreToMmPerDay = (gpm: number): number => gpm * MM_PER_DAY_PER_GPM_PER_ACRE;
export const mmPerDayToGpmPerAcre = (mm: number): number => mm / MM_PER_DAY_PER_GPM_PER_ACRE;

export interface IrrigationSystemSpec {
  kind: IrrigationSystemKind;
  /** Gross depth the system delivers in 24 h of running, mm/day over the whole field. */
  capacityMmPerDay: number;
  /** Application efficiency (0, 1]: net depth stored in the root zone per gross depth pumped. */
  efficiency: number;
  /** Smallest and largest gross depth of one pass (one pivot revolution, one gun set, one drip dose), mm. */
  minDepthMm: number;
  maxDepthMm: number;
  /** Days of the week it may run, 0 = Sunday … 6 = Saturday. */
  runDays: readonly number[];
  /** Hours per running day (pumping windows, load control). */
  hoursPerDay: number;
  /** Management allowed depletion as a fraction of TAW. */
  madFraction: number;
  /** USD per acre-inch of gross water: the water itself (district, permit) and the pumping energy. */
  waterCostPerAcreInch: number;
  pumpingCostPerAcreInch: number;
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;
const inches = (x: number) => x * MM_PER_INCH;

const CENTER_PIVOT: IrrigationSystemSpec = {
  kind: "center_pivot",
  capacityMmPerDay: gpmPerAcreToMmPerDay(5.5),
  efficiency: 0.85,
  minDepthMm: inches(0.5),
  maxDepthMm: inches(1.25),
  runDays: EVERY_DAY,
  hoursPerDay: 24,
  madFraction: 0.5,
  waterCostPerAcreInch: 0,
  pumpingCostPerAcreInch: 8,
};

/** Defaults per kind (sources in the module comment). Costs are typical Corn Belt figures; set your own. */
export const IRRIGATION_SYSTEM_DEFAULTS: Record<IrrigationSystemKind, IrrigationSystemSpec> = {
  center_pivot: CENTER_PIVOT,
  linear: { ...CENTER_PIVOT, kind: "linear", capacityMmPerDay: gpmPerAcreToMmPerDay(6) },
  drip: {
    kind: "drip",
    capacityMmPerDay: inches(0.25),
    efficiency: 0.95,
    minDepthMm: inches(0.1),
    maxDepthMm: inches(0.5),
    runDays: EVERY_DAY,
    hoursPerDay: 24,
    madFraction: 0.4,
    waterCostPerAcreInch: 0,
    pumpingCostPerAcreInch: 6,
  },
  travelling_gun: {
    kind: "travelling_gun",
    capacityMmPerDay: gpmPerAcreToMmPerDay(5),
    efficiency: 0.65,
    minDepthMm: inches(1),
    maxDepthMm: inches(2),
    runDays: EVERY_DAY,
    hoursPerDay: 24,
    madFraction: 0.5,
    waterCostPerAcreInch: 0,
    pumpingCostPerAcreInch: 12,
  },
  none: {
    kind: "none",
    capacityMmPerDay: 0,
    efficiency: 1,
    minDepthMm: 0,
    maxDepthMm: 0,
    runDays: [],
    hoursPerDay: 0,
    madFraction: 0.5,
    waterCostPerAcreInch: 0,
    pumpingCostPerAcreInch: 0,
  },
};

export const IRRIGATION_DEFAULTS_SOURCE =
  "USDA NRCS National Engineering Handbook Part 652 Irrigation Guide (1997) ch. 3 and 6; UNL Extension G1851; K-State MF2576";
