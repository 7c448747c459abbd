/** Pure geometry of fields: validation, geodesic area and centroid of GeoJSON boundaries, area units. */
export {
  DEFAULT_MAX_BOUNDARY_POSITIONS,
  type FieldGeometry,
  hectaresToAcres,
  InvalidBoundaryError,
  measureBoundary,
} from "./field-geometry";
export { ringsIntersect } from "./self-intersection";
