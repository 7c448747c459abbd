import {
  type Field,
  type FieldCreate,
  type FieldListQuery,
  type FieldUpdate,
  MAX_BOUNDARY_POSITIONS,
  type Polygon,
} from "@unicorn/contracts";
import { hectaresToAcres, InvalidBoundaryError, measureBoundary } from "@unicorn/geometry";
import type { Principal } from "../auth/principal";
import { errors } from "../http/app-error";
import { requireReference } from "../resources/references";
import type { ResourceRepository, Row } from "../resources/resource.repository";
import { HookedResourceService } from "../resources/resource.service";

export type FieldsService = HookedResourceService<Field, FieldCreate, FieldUpdate, FieldListQuery>;

/** A row as createFieldsRepository selects it: soil in three columns, area in hectares only. */
type FieldRow = Omit<Field, "soil" | "areaAcres"> & {
  soilTexture: string;
  awcMmPerM: number;
  rootDepthM: number;
};

export function presentField(row: Row): Field {
  const { soilTexture, awcMmPerM, rootDepthM, ...field } = row as FieldRow;
  return {
    ...field,
    areaAcres: hectaresToAcres(field.areaHa),
    soil: { texture: soilTexture, awcMmPerM, rootDepthM },
  };
}

/** Area and centroid come from the boundary, so they always agree with it. */
function boundaryColumns(boundary: Polygon): Row {
  try {
    const { areaHa, latitudeDeg, longitudeDeg } = measureBoundary(boundary, "boundary", {
      maxPositions: MAX_BOUNDARY_POSITIONS,
    });
    return { boundary: JSON.stringify(boundary), areaHa, latitudeDeg, longitudeDeg };
  } catch (error) {
    if (error instanceof InvalidBoundaryError) throw errors.badRequest(error.message, error.field);
    throw error;
  }
}

export function createFieldsService(fields: ResourceRepository, farms: ResourceRepository): FieldsService {
  const columns = async (principal: Principal, input: FieldCreate | FieldUpdate): Promise<Row> => {
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
  });
}
