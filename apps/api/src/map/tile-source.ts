import type { MapTileSource } from "@unicorn/contracts";

export class TileSourceError extends Error {}

/** WMTS REST names for the same three numbers in the GoogleMapsCompatible tile matrix set (OGC 07-057r7, Annex E.4). */
const WMTS_NAMES: Record<string, string> = { "{TileMatrix}": "{z}", "{TileCol}": "{x}", "{TileRow}": "{y}" };

/**
 * The operator's basemap from UNICORN_MAP_TILES_URL / _ATTRIBUTION / _MAX_ZOOM, or undefined when none is set (the
 * default: the maps then draw only the farm's own data, which works air-gapped). The template must be http(s) and
 * hold {z}, {x} and {y}; its origin is what the dashboard's img-src then allows, so it may not vary by tile
 * ({s} subdomains are refused). An attribution is required: every tile licence asks for one.
 */
export function readTileSource(env: NodeJS.ProcessEnv): MapTileSource | undefined {
  const raw = env.UNICORN_MAP_TILES_URL?.trim();
  if (!raw) return undefined;
  const urlTemplate = Object.entries(WMTS_NAMES).reduce((url, [from, to]) => url.replaceAll(from, to), raw);
  for (const tileCoordinate of ["{z}", "{x}", "{y}"])
    if (!urlTemplate.includes(tileCoordinate))
      throw new TileSourceError(`UNICORN_MAP_TILES_URL must contain ${tileCoordinate}, got "${raw}"`);
  let url: URL;
  try {
    url = new URL(urlTemplate.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"));
  } catch {
    throw new TileSourceError(`UNICORN_MAP_TILES_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new TileSourceError(`UNICORN_MAP_TILES_URL must be http(s), got "${url.protocol}"`);
  if (/[{}]/.test(url.host) || url.username || url.password)
    throw new TileSourceError("UNICORN_MAP_TILES_URL must have one fixed host and no credentials");
  const attribution = env.UNICORN_MAP_TILES_ATTRIBUTION?.trim();
  if (!attribution)
    throw new TileSourceError("UNICORN_MAP_TILES_ATTRIBUTION is required with UNICORN_MAP_TILES_URL");
  const zoom = env.UNICORN_MAP_TILES_MAX_ZOOM?.trim() || "19";
  const maxZoom = Number(zoom);
  if (!Number.isInteger(maxZoom) || maxZoom < 0 || maxZoom > 24)
    throw new TileSourceError(`UNICORN_MAP_TILES_MAX_ZOOM must be an integer 0-24, got "${zoom}"`);
  return { urlTemplate, origin: url.origin, attribution, maxZoom };
}
