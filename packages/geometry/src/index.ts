/** Pure geometry of fields: validation, geodesic area and centroid of GeoJSON boundaries, area units. */
export { type FieldGeometry, hectaresToAcres, InvalidBoundaryError, measureBoundary } from "./field-geometry";
