import turfArea from "@turf/area";
import turfCentroid from "@turf/centroid";
import turfKinks from "@turf/kinks";
import { hectaresToAcres, SQUARE_METRES_PER_HECTARE } from "@unicorn/agronomy";
import type { Polygon } from "geojson";

export { hectaresToAcres };

export interface FieldGeometry {
  areaHa: number;
  areaAcres: number;
  latitudeDeg: number;
  longitudeDeg: number;
}

/** A boundary that is not a valid polygon; `field` is the path of the part at fault, e.g. boundary.coordinates[0]. */
export class InvalidBoundaryError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "InvalidBoundaryError";
  }
}

/**
 * Validates a GeoJSON Polygon (RFC 7946 §3.1.6: closed linear rings of ≥ 4 positions, WGS84 lon/lat)
 * and derives its geodesic area and centroid. Throws InvalidBoundaryError naming the part at fault.
 */
export function measureBoundary(boundary: Polygon, field = "boundary"): FieldGeometry {
  boundary.coordinates.forEach((ring, r) => {
    if (ring.length < 4)
      throw new InvalidBoundaryError(
        "a linear ring needs at least 4 positions",
        `${field}.coordinates[${r}]`,
      );
    ring.forEach(([lon, lat], p) => {
      if (lon === undefined || lat === undefined || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
        throw new InvalidBoundaryError(
          "position must be [longitude, latitude] in degrees",
          `${field}.coordinates[${r}][${p}]`,
        );
      }
    });
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw new InvalidBoundaryError("a linear ring must end where it starts", `${field}.coordinates[${r}]`);
    }
  });
  if (turfKinks(boundary).features.length > 0)
    throw new InvalidBoundaryError("the polygon crosses itself", field);
  const squareMetres = turfArea(boundary);
  if (squareMetres <= 0) throw new InvalidBoundaryError("the polygon has no area", field);
  const [longitudeDeg, latitudeDeg] = turfCentroid(boundary).geometry.coordinates as [number, number];
  const areaHa = squareMetres / SQUARE_METRES_PER_HECTARE;
  return { areaHa, areaAcres: hectaresToAcres(areaHa), latitudeDeg, longitudeDeg };
}
