import type { BoundaryImportResult, Field, Polygon } from "@unicorn/contracts";
import { type KeyboardEvent, type MouseEvent, useMemo, useState } from "react";
import { type ApiError, api } from "../../api/client";
import {
  MapBackdrop,
  MapCaption,
  SensorMarks,
  useSensors,
  useTileSource,
} from "../../components/MapBackdrop";
import { FormError, problemText } from "../../components/States";
import { scaleBar } from "../../lib/map-scale";
import { useUnits } from "../../lib/prefs";
import { formatArea } from "../../lib/units";

const WIDTH = 640;
const HEIGHT = 400;
// Metres per degree of latitude, and of longitude at the equator (WGS84 mean values, enough for a sketch).
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON = 111_320;

type Position = [number, number];

/** How far one zoom step and one pan step go. */
const ZOOM_STEP = 2;
const PAN_SHARE = 0.25;

/**
 * A flat view (equirectangular about its centre): accurate to well under a pixel across a farm. `zoom` magnifies
 * the fitted view and `pan` (metres east and north) moves its centre. No basemap ships with the app (none small
 * enough and licensed for offline use covers a farm at field scale) and the drawing must work without a
 * connection: the neighbouring fields, a ground grid and the scale bar are the reference, and the operator's own
 * tile server (UNICORN_MAP_TILES_URL), when configured, is drawn underneath.
 */
function viewOf(positions: Position[], fallback: Position, zoom = 1, pan: Position = [0, 0]) {
  const lons = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  const [lon0, lat0] = positions.length
    ? [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2]
    : fallback;
  const kx = Math.cos((lat0 * Math.PI) / 180) * M_PER_DEG_LON;
  const spanM = positions.length
    ? Math.max(
        (Math.max(...lons) - Math.min(...lons)) * kx,
        (Math.max(...lats) - Math.min(...lats)) * M_PER_DEG_LAT,
      )
    : 0;
  // A farm's extent plus a margin, at least 800 m across so a first field can be drawn in an empty view.
  const metresPerPixel = Math.max(800, spanM * 1.3) / Math.min(WIDTH, HEIGHT) / zoom;
  const [eastM, northM] = pan;
  return {
    width: WIDTH,
    height: HEIGHT,
    metresPerPixel,
    toXY: ([lon, lat]: Position): Position => [
      WIDTH / 2 + ((lon - lon0) * kx - eastM) / metresPerPixel,
      HEIGHT / 2 - ((lat - lat0) * M_PER_DEG_LAT - northM) / metresPerPixel,
    ],
    toLonLat: (x: number, y: number): Position => [
      Number((lon0 + ((x - WIDTH / 2) * metresPerPixel + eastM) / kx).toFixed(7)),
      Number((lat0 + (northM - (y - HEIGHT / 2) * metresPerPixel) / M_PER_DEG_LAT).toFixed(7)),
    ],
  };
}

function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Validates a boundary with the API's own rules (the same the fields API applies when it is saved). */
async function checkBoundary(fileName: string, contentBase64: string): Promise<BoundaryImportResult> {
  return api<BoundaryImportResult>("/boundary-imports", {
    method: "POST",
    body: { fileName, contentBase64 },
  });
}

/**
 * Draw a boundary by clicking its corners over the farm's other fields, or import a GeoJSON, KML or zipped
 * shapefile. Either way the API checks it (closed, not crossing itself, not too many vertices) before it is used.
 */
export function BoundaryEditor({
  value,
  neighbours,
  fallbackCentre,
  onChange,
}: {
  value: Polygon | undefined;
  neighbours: Field[];
  fallbackCentre: Position;
  onChange: (boundary: Polygon, areaHa: number, name: string | null) => void;
}) {
  const [vertices, setVertices] = useState<Position[]>([]);
  const { units } = useUnits();
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [cursor, setCursor] = useState<Position>([WIDTH / 2, HEIGHT / 2]);
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState<Position>([0, 0]);
  const ring = (value?.coordinates[0] ?? []) as Position[];
  // The view stays put while drawing: it follows the neighbours and the accepted boundary only.
  const view = useMemo(
    () =>
      viewOf(
        [
          ...neighbours.flatMap((f) => (f.boundary.coordinates[0] ?? []) as Position[]),
          ...((value?.coordinates[0] ?? []) as Position[]),
        ],
        fallbackCentre,
        zoom,
        pan,
      ),
    [neighbours, value, fallbackCentre, zoom, pan],
  );
  const bar = scaleBar(view.metresPerPixel, WIDTH / 4, units.system);
  const tiles = useTileSource();
  const sensors = useSensors();
  // A pan step is a quarter of the view, so a step keeps part of what was on screen.
  const panBy = (east: number, north: number) =>
    setPan(([e, n]) => [
      e + east * PAN_SHARE * WIDTH * view.metresPerPixel,
      n + north * PAN_SHARE * HEIGHT * view.metresPerPixel,
    ]);
  const pathOf = (positions: Position[], close: boolean) =>
    positions.length === 0
      ? ""
      : `${positions
          .map((p, i) => {
            const [x, y] = view.toXY(p);
            return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
          })
          .join(" ")}${close ? " Z" : ""}`;

  const click = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    const y = ((event.clientY - box.top) / box.height) * HEIGHT;
    setVertices((v) => [...v, view.toLonLat(x, y)]);
  };

  // Keyboard drawing: arrows move a crosshair (Shift for larger steps), Space or Enter puts a corner there.
  const key = (event: KeyboardEvent<SVGSVGElement>) => {
    const step = event.shiftKey ? 40 : 8;
    const moves: Record<string, Position> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setCursor(([x, y]) => [
        Math.min(WIDTH, Math.max(0, x + move[0])),
        Math.min(HEIGHT, Math.max(0, y + move[1])),
      ]);
    } else if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      setVertices((v) => [...v, view.toLonLat(cursor[0], cursor[1])]);
    }
  };

  const accept = async (fileName: string, contentBase64: string) => {
    setError(undefined);
    setStatus("Checking the boundary…");
    try {
      const result = await checkBoundary(fileName, contentBase64);
      onChange(result.boundary as Polygon, result.areaHa, result.name);
      setVertices([]);
      setStatus(
        `Boundary ready: ${formatArea(result.areaHa, units.area)} (${result.format}). Save the field to keep it.`,
      );
    } catch (caught) {
      setStatus(undefined);
      setError(problemText(caught as ApiError));
    }
  };

  const finish = () => {
    if (vertices.length < 3) return setError("Click at least three corners.");
    const polygon = { type: "Polygon", coordinates: [[...vertices, vertices[0]!]] };
    void accept("drawn.geojson", btoa(JSON.stringify(polygon)));
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 700_000)
      return setError("The file is larger than 700 KB; a field boundary is far smaller.");
    await accept(file.name, await fileToBase64(file));
  };

  return (
    <div className="boundary-editor">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="draw-surface"
        onClick={click}
        onKeyDown={key}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the drawing area takes arrow keys and Space (role application)
        tabIndex={0}
        role="application"
        aria-label="Drawing area: click each corner of the field in turn, or move the crosshair with the arrow keys and press Space"
        data-testid="draw-surface"
      >
        <MapBackdrop view={view} tiles={tiles} gridMetres={bar.pixels * view.metresPerPixel} />
        {neighbours.map((f) => (
          <path
            key={f.id}
            d={pathOf((f.boundary.coordinates[0] ?? []) as Position[], true)}
            fill="#d9dccf"
            stroke="#8a918c"
          >
            <title>{f.name}</title>
          </path>
        ))}
        {ring.length ? (
          <path d={pathOf(ring, true)} fill="#8cc58f88" stroke="#2e6b33" strokeWidth="2" />
        ) : null}
        <SensorMarks view={view} sensors={sensors} />
        {vertices.length ? (
          <path d={pathOf(vertices, false)} fill="none" stroke="#1f5fa8" strokeWidth="2" />
        ) : null}
        {vertices.map((v) => {
          const [x, y] = view.toXY(v);
          return <circle key={`${v[0]},${v[1]}`} cx={x} cy={y} r="5" fill="#1f5fa8" />;
        })}
        <path
          d={`M${cursor[0] - 8},${cursor[1]} h16 M${cursor[0]},${cursor[1] - 8} v16`}
          stroke="#3d4a3f"
          className="crosshair"
        />
        <g data-testid="scale-bar">
          <path
            d={`M12,${HEIGHT - 14} v6 h${bar.pixels.toFixed(1)} v-6`}
            fill="none"
            stroke="#3d4a3f"
            strokeWidth="2"
          />
          <text x="12" y={HEIGHT - 20} fontSize="13" fill="#3d4a3f">
            {bar.label}
          </text>
        </g>
      </svg>
      <MapCaption
        tiles={tiles}
        gridLabel={bar.label}
        sensors={sensors.filter((s) => typeof s.latitudeDeg === "number").length}
      />
      <div className="form-row">
        <button
          type="button"
          className="secondary"
          aria-label="Zoom in"
          onClick={() => setZoom((z) => z * ZOOM_STEP)}
        >
          +
        </button>
        <button
          type="button"
          className="secondary"
          aria-label="Zoom out"
          onClick={() => setZoom((z) => Math.max(1 / 8, z / ZOOM_STEP))}
        >
          −
        </button>
        <button type="button" className="secondary" aria-label="Pan west" onClick={() => panBy(-1, 0)}>
          ←
        </button>
        <button type="button" className="secondary" aria-label="Pan north" onClick={() => panBy(0, 1)}>
          ↑
        </button>
        <button type="button" className="secondary" aria-label="Pan south" onClick={() => panBy(0, -1)}>
          ↓
        </button>
        <button type="button" className="secondary" aria-label="Pan east" onClick={() => panBy(1, 0)}>
          →
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setZoom(1);
            setPan([0, 0]);
          }}
        >
          Fit fields
        </button>
        <span className="muted small">Scale {bar.label}</span>
      </div>
      <div className="form-row">
        <span className="muted">{vertices.length} corner(s)</span>
        <button
          type="button"
          className="secondary"
          disabled={!vertices.length}
          onClick={() => setVertices((v) => v.slice(0, -1))}
        >
          Undo corner
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!vertices.length}
          onClick={() => setVertices([])}
        >
          Clear
        </button>
        <button type="button" onClick={finish} disabled={vertices.length < 3}>
          Use drawn boundary
        </button>
      </div>
      <label>
        Or import a boundary file (GeoJSON, KML or zipped shapefile)
        <input
          type="file"
          accept=".geojson,.json,.kml,.zip,application/geo+json,application/vnd.google-earth.kml+xml,application/zip"
          onChange={(e) => void importFile(e.target.files?.[0])}
          data-testid="boundary-file"
        />
      </label>
      {status ? (
        <p role="status" className="muted">
          {status}
        </p>
      ) : null}
      <FormError message={error} />
    </div>
  );
}
