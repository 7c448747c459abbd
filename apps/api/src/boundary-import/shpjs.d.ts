// shpjs ships no types; this is the one function the boundary import calls.
declare module "shpjs" {
  import type { FeatureCollection } from "geojson";
  /** One layer's FeatureCollection, or one per layer when the zip holds several shapefiles. */
  export function parseZip(
    buffer: ArrayBuffer | Uint8Array,
    whiteList?: string[],
  ): Promise<(FeatureCollection & { fileName?: string }) | (FeatureCollection & { fileName?: string })[]>;
}
