import type { MapConfig, MapTileSource, Sensor, SensorPage } from "@unicorn/contracts";
import { api } from "../api/client";
import { useAsync } from "../lib/hooks";
import { tilesCovering, zoomFor } from "../lib/web-mercator";

type Position = [number, number];

/** The organization's sensors (those with a position are drawn); none while offline. */
export function useSensors(): readonly Sensor[] {
  const { data } = useAsync(() => api<SensorPage>("/sensors?limit=500"), []);
  return data?.items ?? [];
}

/** A flat map view: lon/lat to SVG pixels and back, and its scale. */
export interface MapView {
  width: number;
  height: number;
  metresPerPixel: number;
  toXY: (position: Position) => Position;
  toLonLat: (x: number, y: number) => Position;
}

/** The operator's basemap, or null: none configured, or the API cannot be reached (the maps work without). */
export function useTileSource(): MapTileSource | null {
  const { data } = useAsync(() => api<MapConfig>("/map-config"), []);
  return data?.tiles ?? null;
}

/** The view's lon/lat box. */
function boxOf(view: MapView) {
  const [west, north] = view.toLonLat(0, 0);
  const [east, south] = view.toLonLat(view.width, view.height);
  return { west, south, east, north };
}

/**
 * What lies under a map's fields: the operator's tiles when configured, and always a grid of `gridMetres` squares
 * anchored to the ground (it moves with the map, so distances can be read off it without a connection).
 */
export function MapBackdrop({
  view,
  tiles,
  gridMetres,
}: {
  view: MapView;
  tiles: MapTileSource | null;
  gridMetres: number;
}) {
  const box = boxOf(view);
  const latMid = (box.north + box.south) / 2;
  // Degrees per metre from the whole view's span, so rounding of one pixel does not matter.
  const degLonPerM = (box.east - box.west) / (view.width * view.metresPerPixel);
  const degLatPerM = (box.north - box.south) / (view.height * view.metresPerPixel);
  const lines = (from: number, to: number, step: number) => {
    const out: number[] = [];
    if (!(step > 0)) return out;
    for (let v = Math.ceil(from / step) * step; v <= to && out.length < 200; v += step) out.push(v);
    return out;
  };
  const shown = tiles
    ? tilesCovering(box, zoomFor(view.metresPerPixel, latMid, tiles.maxZoom), tiles.urlTemplate)
    : [];
  return (
    <g>
      <rect width={view.width} height={view.height} fill="#f4f1e8" />
      {shown.map((tile) => {
        const [x0, y0] = view.toXY(tile.northWest);
        const [x1, y1] = view.toXY(tile.southEast);
        return (
          <image
            key={tile.url}
            href={tile.url}
            x={x0}
            y={y0}
            width={x1 - x0}
            height={y1 - y0}
            preserveAspectRatio="none"
            data-testid="map-tile"
          />
        );
      })}
      <g stroke={tiles ? "#ffffff99" : "#d6d0bf"} strokeWidth="1" data-testid="map-grid">
        {lines(box.west, box.east, gridMetres * degLonPerM).map((lon) => {
          const [x] = view.toXY([lon, latMid]);
          return <line key={`x${lon}`} x1={x} x2={x} y1={0} y2={view.height} />;
        })}
        {lines(box.south, box.north, gridMetres * degLatPerM).map((lat) => {
          const [, y] = view.toXY([box.west, lat]);
          return <line key={`y${lat}`} x1={0} x2={view.width} y1={y} y2={y} />;
        })}
      </g>
    </g>
  );
}

/** The credit a tile licence asks for, shown with the map; and what the grid means. */
export function MapCaption({
  tiles,
  gridLabel,
  sensors,
}: {
  tiles: MapTileSource | null;
  gridLabel: string;
  /** How many sensors are drawn (purple squares). */
  sensors: number;
}) {
  return (
    <p className="muted small map-caption" data-testid="map-caption">
      Grid squares {gridLabel} across.{" "}
      {sensors > 0 ? `Purple squares: ${sensors} sensor${sensors === 1 ? "" : "s"} with a position. ` : ""}
      {tiles ? (
        <span data-testid="map-attribution">Basemap: {tiles.attribution}</span>
      ) : (
        "No basemap configured."
      )}
    </p>
  );
}

/** Sensors with a position, as small marks named by their title: a reference when drawing beside them. */
export function SensorMarks({ view, sensors }: { view: MapView; sensors: readonly Sensor[] }) {
  const placed = sensors.filter(
    (s): s is Sensor & { latitudeDeg: number; longitudeDeg: number } =>
      typeof s.latitudeDeg === "number" && typeof s.longitudeDeg === "number",
  );
  return (
    <g data-testid="map-sensors">
      {placed.map((sensor) => {
        const [x, y] = view.toXY([sensor.longitudeDeg, sensor.latitudeDeg]);
        return (
          <g key={sensor.id} data-testid="map-sensor">
            <rect x={x - 5} y={y - 5} width="10" height="10" fill="#6b3fa0" stroke="#fff" strokeWidth="1.5" />
            <title>{sensor.name}</title>
          </g>
        );
      })}
    </g>
  );
}
