import turfArea from "@turf/area";
import turfCentroid from "@turf/centroid";
import { hectaresToAcres, SQUARE_METRES_PER_HECTARE } from "@unicorn/agronomy";
import type { Polygon } from "geojson";
import { ringsIntersect } from "./self-intersection";

export { hectaresToAcres };

/** The default cap on a boundary's positions, all rings together (the API passes its contract's limit). */
export const DEFAULT_MAX_BOUNDARY_POSITIONS = 10_000;

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
 * Work is bounded: at most `maxPositions` positions, checked in O(n log n).
 */
export function measureBoundary(
  boundary: Polygon,
  field = "boundary",
  { maxPositions = DEFAULT_MAX_BOUNDARY_POSITIONS }: { maxPositions?: number } = {},
): FieldGeometry {
  const positions = boundary.coordinates.reduce((sum, ring) => sum + ring.length, 0);
  if (positions > maxPositions) {
    throw new InvalidBoundaryError(
      `a boundary has at most ${maxPositions} positions over all its rings; got ${positions}`,
      `${field}.coordinates`,
    );
  }
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
    // GeoJSON edges are straight in lon/lat: [179.9, 0] → [-179.9, 0] runs the long way round the globe, so a
    // small field drawn across the antimeridian would measure as most of the Earth. RFC 7946 §3.1.9 says split it.
    for (let p = 1; p < ring.length; p++) {
      if (Math.abs(ring[p]![0]! - ring[p - 1]![0]!) > 180) {
        throw new InvalidBoundaryError(
          "the boundary crosses the antimeridian (±180° longitude); split it there into two fields (RFC 7946 §3.1.9)",
          `${field}.coordinates[${r}][${p}]`,
        );
      }
    }
  });
  const rings = boundary.coordinates.map((ring) => ring.map(([lon, lat]) => [lon!, lat!] as const));
  if (ringsIntersect(rings))
    throw new InvalidBoundaryError("the polygon crosses itself or touches itself", field);
  const squareMetres = turfArea(boundary);
  if (squareMetres <= 0) throw new InvalidBoundaryError("the polygon has no area", field);
  const [longitudeDeg, latitudeDeg] = turfCentroid(boundary).geometry.coordinates as [number, number];
  const areaHa = squareMetres / SQUARE_METRES_PER_HECTARE;
  return { areaHa, areaAcres: hectaresToAcres(areaHa), latitudeDeg, longitudeDeg };
}
