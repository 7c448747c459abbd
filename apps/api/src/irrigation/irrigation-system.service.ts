import { IRRIGATION_DEFAULTS_SOURCE, MM_PER_INCH, mmPerDayToGpmPerAcre } from "@unicorn/agronomy";
import { type IrrigationSystem, type IrrigationSystemUpdate, WEEKDAY_VALUES } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import type { IrrigationSystemRepository, StoredIrrigationSystem } from "./irrigation-system.repository";
import { resolveIrrigationSystem } from "./irrigation-system.settings";

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The stored system as the contract shows it: mm and inches, mm/day and gpm/acre, weekday names. */
export function presentIrrigationSystem(s: StoredIrrigationSystem): IrrigationSystem {
  return {
    fieldId: s.fieldId,
    kind: s.kind,
    capacityMmPerDay: round(s.capacityMmPerDay, 2),
    capacityInPerDay: round(s.capacityMmPerDay / MM_PER_INCH, 3),
    capacityGpmPerAcre: round(mmPerDayToGpmPerAcre(s.capacityMmPerDay), 2),
    efficiency: s.efficiency,
    minDepthMm: round(s.minDepthMm, 1),
    minDepthIn: round(s.minDepthMm / MM_PER_INCH, 2),
    maxDepthMm: round(s.maxDepthMm, 1),
    maxDepthIn: round(s.maxDepthMm / MM_PER_INCH, 2),
    runDays: s.runDays.map((d) => WEEKDAY_VALUES[d]!),
    hoursPerDay: s.hoursPerDay,
    madFraction: s.madFraction,
    waterCostPerAcreInch: s.waterCostPerAcreInch,
    pumpingCostPerAcreInch: s.pumpingCostPerAcreInch,
    probeFieldCapacityPct: s.probeFieldCapacityPct,
    notes: s.notes,
    defaultsSource: IRRIGATION_DEFAULTS_SOURCE,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    version: s.version,
  };
}

/** A field's irrigation system: read by everyone in the organization, written by agronomists and admins. */
export class IrrigationSystemService {
  constructor(private readonly repository: IrrigationSystemRepository) {}

  async get(principal: Principal, fieldId: string): Promise<IrrigationSystem> {
    await this.requireField(principal, fieldId);
    const stored = await this.repository.get(principal.organizationId, fieldId);
    if (!stored) throw errors.notFound("irrigation system", "id");
    return presentIrrigationSystem(stored);
  }

  /** Replaces the system; settings left out take the kind's defaults. */
  async put(principal: Principal, fieldId: string, input: IrrigationSystemUpdate): Promise<IrrigationSystem> {
    await this.requireField(principal, fieldId);
    const stored = await this.repository.put(principal.organizationId, fieldId, {
      ...resolveIrrigationSystem(input),
      probeFieldCapacityPct: input.probeFieldCapacityPct ?? null,
      notes: input.notes ?? null,
    });
    return presentIrrigationSystem(stored);
  }

  async remove(principal: Principal, fieldId: string): Promise<void> {
    await this.requireField(principal, fieldId);
    if (!(await this.repository.remove(principal.organizationId, fieldId)))
      throw errors.notFound("irrigation system", "id");
  }

  private async requireField(principal: Principal, fieldId: string) {
    if (!(await this.repository.fieldExists(principal.organizationId, fieldId)))
      throw errors.notFound("field", "id");
  }
}
