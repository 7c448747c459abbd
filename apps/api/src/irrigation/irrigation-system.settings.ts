import {
  gpmPerAcreToMmPerDay,
  IRRIGATION_SYSTEM_DEFAULTS,
  type IrrigationSystemSpec,
} from "@unicorn/agronomy";
import { type IrrigationSystemUpdate, WEEKDAY_VALUES } from "@unicorn/contracts";
import { errors } from "@unicorn/http";

/**
 * A system as given (PUT body or calculator input) in the engine's units, settings left out taken from the
 * kind's defaults. Throws a 400 naming the field for settings that contradict each other.
 */
export function resolveIrrigationSystem(input: IrrigationSystemUpdate, path = ""): IrrigationSystemSpec {
  const defaults = IRRIGATION_SYSTEM_DEFAULTS[input.kind];
  if (input.capacityMmPerDay !== undefined && input.capacityGpmPerAcre !== undefined)
    throw errors.badRequest(
      "give the capacity in mm/day or in gpm/acre, not both",
      `${path}capacityGpmPerAcre`,
    );
  const capacityMmPerDay =
    input.capacityGpmPerAcre !== undefined
      ? gpmPerAcreToMmPerDay(input.capacityGpmPerAcre)
      : (input.capacityMmPerDay ?? defaults.capacityMmPerDay);
  const minDepthMm = input.minDepthMm ?? defaults.minDepthMm;
  const maxDepthMm = input.maxDepthMm ?? Math.max(defaults.maxDepthMm, minDepthMm);
  if (minDepthMm > maxDepthMm)
    throw errors.badRequest("minDepthMm must not exceed maxDepthMm", `${path}minDepthMm`);
  if (input.kind !== "none") {
    if (capacityMmPerDay <= 0)
      throw errors.badRequest("an irrigation system needs a capacity above 0", `${path}capacityMmPerDay`);
    if (maxDepthMm <= 0)
      throw errors.badRequest("an irrigation system needs maxDepthMm above 0", `${path}maxDepthMm`);
  }
  return {
    kind: input.kind,
    capacityMmPerDay,
    efficiency: input.efficiency ?? defaults.efficiency,
    minDepthMm,
    maxDepthMm,
    runDays: input.runDays
      ? input.runDays.map((d) => WEEKDAY_VALUES.indexOf(d)).sort()
      : [...defaults.runDays],
    hoursPerDay: input.hoursPerDay ?? defaults.hoursPerDay,
    madFraction: input.madFraction ?? defaults.madFraction,
    waterCostPerAcreInch: input.waterCostPerAcreInch ?? defaults.waterCostPerAcreInch,
    pumpingCostPerAcreInch: input.pumpingCostPerAcreInch ?? defaults.pumpingCostPerAcreInch,
  };
}
