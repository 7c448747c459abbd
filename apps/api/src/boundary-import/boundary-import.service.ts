import {
  type BoundaryImportBody,
  type BoundaryImportResult,
  MAX_BOUNDARY_POSITIONS,
} from "@unicorn/contracts";
import { InvalidBoundaryError, measureBoundary } from "@unicorn/geometry";
import { errors } from "@unicorn/http";
import { BoundaryFileError, readBoundaryFile } from "./boundary-files";

/**
 * Turns an uploaded GeoJSON, KML or zipped shapefile into a field boundary the fields API accepts, validated by the
 * same rules (ring closure, self-intersection, vertex cap) so the preview never promises what saving refuses.
 */
export async function importBoundary(body: BoundaryImportBody): Promise<BoundaryImportResult> {
  try {
    const { boundary, name, format } = await readBoundaryFile(
      body.fileName,
      Buffer.from(body.contentBase64, "base64"),
    );
    const measured = measureBoundary(boundary, "boundary", { maxPositions: MAX_BOUNDARY_POSITIONS });
    return {
      boundary: { type: "Polygon", coordinates: boundary.coordinates as number[][][] },
      name,
      format,
      areaHa: measured.areaHa,
      latitudeDeg: measured.latitudeDeg,
      longitudeDeg: measured.longitudeDeg,
    };
  } catch (error) {
    if (error instanceof BoundaryFileError) throw errors.unprocessable(error.message, error.field);
    if (error instanceof InvalidBoundaryError) throw errors.unprocessable(error.message, error.field);
    throw error;
  }
}
