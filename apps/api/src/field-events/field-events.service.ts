import type {
  FieldEvent,
  FieldEventCreate,
  FieldEventKind,
  FieldEventListQuery,
  FieldEventUpdate,
} from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import { requireReference } from "../resources/references";
import type { ReferenceTarget, ResourceRepository } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";
import type { FieldEventColumns } from "./field-events.repository";

export type FieldEventsService = HookedResourceService<
  FieldEvent,
  FieldEventCreate,
  FieldEventUpdate,
  FieldEventListQuery,
  FieldEventColumns
>;

type Quantity = "nitrogenLbPerAcre" | "irrigationMm" | "yieldBuPerAcre" | "soilNitratePpm";

// Each kind of event carries its own quantity; without it the event means nothing to the engine.
const REQUIRED_QUANTITY: Partial<Record<FieldEventKind, Quantity>> = {
  fertilizer_n: "nitrogenLbPerAcre",
  irrigation: "irrigationMm",
  harvest: "yieldBuPerAcre",
  soil_nitrate_test: "soilNitratePpm",
};

type EventShape = {
  kind: FieldEventKind;
  frostDamage?: string | null;
  leafLossPct?: number | null;
} & Partial<Record<Quantity, number | null>>;

function requireQuantity(event: EventShape): void {
  const quantity = REQUIRED_QUANTITY[event.kind];
  if (quantity && (event[quantity] === undefined || event[quantity] === null)) {
    throw errors.badRequest(`a ${event.kind} event needs ${quantity}`, quantity);
  }
  // A frost is priced by what it killed; a leaf share means nothing when the whole plant died.
  if (event.kind === "frost" && !event.frostDamage)
    throw errors.badRequest("a frost event needs frostDamage (whole-plant or leaves-only)", "frostDamage");
  if (event.frostDamage === "whole-plant" && event.leafLossPct !== undefined && event.leafLossPct !== null)
    throw errors.badRequest("leafLossPct applies to a leaves-only frost", "leafLossPct");
}

export function createFieldEventsService(
  events: ResourceRepository<FieldEventColumns>,
  fields: ReferenceTarget,
  seasons: ReferenceTarget,
): FieldEventsService {
  const requireReferences = async (principal: Principal, input: FieldEventCreate | FieldEventUpdate) => {
    await requireReference(fields, principal, input.fieldId, "fieldId", "field");
    await requireReference(seasons, principal, input.seasonId, "seasonId", "season");
  };
  return new HookedResourceService(events, {
    async prepareCreate(principal, input) {
      await requireReferences(principal, input);
      requireQuantity(input);
      return input;
    },
    async prepareUpdate(principal, input, existing) {
      await requireReferences(principal, input);
      requireQuantity({ ...existing, ...input });
      return input;
    },
    present: (row) => row,
  });
}
