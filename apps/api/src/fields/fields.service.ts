import {
  type Field,
  type FieldCreate,
  type FieldListQuery,
  type FieldUpdate,
  MAX_BOUNDARY_POSITIONS,
  type Polygon,
} from "@unicorn/contracts";
import { hectaresToAcres, InvalidBoundaryError, measureBoundary } from "@unicorn/geometry";
import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import { requireReference } from "../resources/references";
import type { ReferenceTarget, ResourceRepository, StoredRow } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";
import type { FieldColumns } from "./fields.repository";

export type FieldsService = HookedResourceService<
  Field,
  FieldCreate,
  FieldUpdate,
  FieldListQuery,
  FieldColumns
>;

/** Written out property by property: a property added to the Field contract is a compile error here. */
export function presentField(row: StoredRow<FieldColumns>): Field {
  return {
    id: row.id,
    farmId: row.farmId,
    name: row.name,
    boundary: row.boundary,
    areaHa: row.areaHa,
    areaAcres: hectaresToAcres(row.areaHa),
    latitudeDeg: row.latitudeDeg,
    longitudeDeg: row.longitudeDeg,
    elevationM: row.elevationM,
    countyFips: row.countyFips,
    soil: { texture: row.soilTexture, awcMmPerM: row.awcMmPerM, rootDepthM: row.rootDepthM },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** Area and centroid come from the boundary, so they always agree with it. */
function boundaryColumns(boundary: Polygon): Partial<FieldColumns> {
  try {
    const { areaHa, latitudeDeg, longitudeDeg } = measureBoundary(boundary, "boundary", {
      maxPositions: MAX_BOUNDARY_POSITIONS,
    });
    // node-postgres sends a (non-array) object parameter as its JSON text, which the jsonb column takes.
    return { boundary, areaHa, latitudeDeg, longitudeDeg };
  } catch (error) {
    if (error instanceof InvalidBoundaryError) throw errors.badRequest(error.message, error.field);
    throw error;
  }
}

/** `onSensorsChanged`: a deleted field takes its sensors with it, and ingestion's cache must forget them. */
export function createFieldsService(
  fields: ResourceRepository<FieldColumns>,
  farms: ReferenceTarget,
  onSensorsChanged: () => void = () => {},
): FieldsService {
  const columns = async (
    principal: Principal,
    input: FieldCreate | FieldUpdate,
  ): Promise<Partial<FieldColumns>> => {
    await requireReference(farms, principal, input.farmId, "farmId", "farm");
    const { soil, boundary, ...rest } = input;
    return {
      ...rest,
      ...(boundary ? boundaryColumns(boundary) : {}),
      ...(soil ? { soilTexture: soil.texture, awcMmPerM: soil.awcMmPerM, rootDepthM: soil.rootDepthM } : {}),
    };
  };
  return new HookedResourceService(fields, {
    prepareCreate: columns,
    prepareUpdate: columns,
    present: presentField,
    afterRemove: onSensorsChanged,
  });
}
