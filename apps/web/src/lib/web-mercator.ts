/**
 * Web Mercator tiles (256 px, the XYZ / WMTS GoogleMapsCompatible scheme) for a map view. Formulas of the Bing
 * Maps Tile System (J. Schwartz, Microsoft, 2009: ground resolution = cos(lat) · 2π · 6378137 / (256 · 2^z) m/px)
 * and OpenStreetMap's "Slippy map tilenames" (x = ⌊(lon + 180) / 360 · 2^z⌋,
 * y = ⌊(1 − ln(tan φ + sec φ) / π) / 2 · 2^z⌋).
 */
const EARTH_RADIUS_M = 6_378_137;
const TILE_PX = 256;
/** Latitudes beyond this are outside the square Web Mercator world. */
const MAX_LAT = 85.05112878;

/** Metres per pixel of a zoom level's tiles at a latitude. */
export function groundResolution(latDeg: number, zoom: number): number {
  return (Math.cos((latDeg * Math.PI) / 180) * 2 * Math.PI * EARTH_RADIUS_M) / (TILE_PX * 2 ** zoom);
}

/** The zoom whose tiles are closest to (and not coarser than half of) the view's metres per pixel. */
export function zoomFor(metresPerPixel: number, latDeg: number, maxZoom: number): number {
  const z = Math.round(Math.log2(groundResolution(latDeg, 0) / metresPerPixel));
  return Math.min(maxZoom, Math.max(0, z));
}

/** The tile column and row holding a point. */
export function tileOf(lon: number, lat: number, zoom: number): { x: number; y: number } {
  const n = 2 ** zoom;
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** A tile's north-west corner (the inverse of tileOf at the tile's edge). */
export function tileCorner(x: number, y: number, zoom: number): [lon: number, lat: number] {
  const n = 2 ** zoom;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat];
}

export interface Tile {
  z: number;
  x: number;
  y: number;
  url: string;
  /** North-west and south-east corners, lon/lat. */
  northWest: [number, number];
  southEast: [number, number];
}

/** Every tile covering a lon/lat box, at most `limit` (a view never needs more than a screenful). */
export function tilesCovering(
  box: { west: number; south: number; east: number; north: number },
  zoom: number,
  urlTemplate: string,
  limit = 64,
): Tile[] {
  const nw = tileOf(box.west, box.north, zoom);
  const se = tileOf(box.east, box.south, zoom);
  const tiles: Tile[] = [];
  for (let y = nw.y; y <= se.y; y++)
    for (let x = nw.x; x <= se.x; x++) {
      if (tiles.length >= limit) return tiles;
      tiles.push({
        z: zoom,
        x,
        y,
        url: urlTemplate.replace("{z}", String(zoom)).replace("{x}", String(x)).replace("{y}", String(y)),
        northWest: tileCorner(x, y, zoom),
        southEast: tileCorner(x + 1, y + 1, zoom),
      });
    }
  return tiles;
}
