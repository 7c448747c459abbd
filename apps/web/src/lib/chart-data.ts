/** Shapes API series into the column arrays uPlot draws (seconds on x), and merges live readings. */
import type { SensorSeriesColumns } from "@unicorn/contracts";

export type Columns = [number[], ...(number | null)[][]];

export type RangeKey = "24h" | "7d" | "season";

/** The API bucket that keeps a range to a few hundred points per sensor: downsampling happens on the server. */
export function bucketFor(range: RangeKey): "raw" | "hour" | "day" {
  return range === "24h" ? "raw" : range === "7d" ? "hour" : "day";
}

export function rangeStart(range: RangeKey, now: Date, seasonStart?: string): Date {
  if (range === "24h") return new Date(now.getTime() - 24 * 3_600_000);
  if (range === "7d") return new Date(now.getTime() - 7 * 24 * 3_600_000);
  return seasonStart ? new Date(`${seasonStart}T00:00:00Z`) : new Date(now.getTime() - 200 * 24 * 3_600_000);
}

/** One sensor's series as the API sends it (columns, in time order) as [x, y] columns, converted. */
export function toColumns(
  series: Pick<SensorSeriesColumns, "time" | "value">,
  convert: (v: number) => number = (v) => v,
): Columns {
  return [series.time.map((time) => Date.parse(time) / 1000), series.value.map((v) => convert(v))];
}

/**
 * A bucketed series as [x, avg, min, max] columns for a min–max band around the average; a series the server
 * sent without min or max (raw readings) spans just its values.
 */
export function toRangeColumns(
  series: Pick<SensorSeriesColumns, "time" | "value" | "min" | "max">,
  convert: (v: number) => number = (v) => v,
): Columns {
  return [
    series.time.map((time) => Date.parse(time) / 1000),
    series.value.map((v) => convert(v)),
    (series.min ?? series.value).map((v) => convert(v)),
    (series.max ?? series.value).map((v) => convert(v)),
  ];
}

/** Several sensors' columns on the union of their timestamps (uPlot draws a missing value as a gap). */
export function alignColumns(parts: readonly Columns[]): Columns {
  const xs = [...new Set(parts.flatMap((c) => c[0]))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = parts.flatMap(([sx, ...values]) =>
    values.map((column) => {
      const aligned: (number | null)[] = new Array(xs.length).fill(null);
      sx.forEach((x, i) => {
        aligned[index.get(x)!] = column[i] ?? null;
      });
      return aligned;
    }),
  );
  return [xs, ...ys];
}

/**
 * Adds a live reading to raw columns: appended in time order, replacing a point at the same second
 * (readings are idempotent on sensor and time), and dropping points older than the window.
 */
export function mergeLivePoint(
  columns: Columns,
  timeIso: string,
  value: number,
  windowSeconds?: number,
): Columns {
  const x = Date.parse(timeIso) / 1000;
  const xs = [...columns[0]];
  const ys = [...(columns[1] ?? [])];
  let index = xs.length;
  while (index > 0 && xs[index - 1]! > x) index--;
  if (index > 0 && xs[index - 1] === x) ys[index - 1] = value;
  else {
    xs.splice(index, 0, x);
    ys.splice(index, 0, value);
  }
  if (windowSeconds !== undefined) {
    const cutoff = xs[xs.length - 1]! - windowSeconds;
    let drop = 0;
    while (drop < xs.length && xs[drop]! < cutoff) drop++;
    xs.splice(0, drop);
    ys.splice(0, drop);
  }
  return [xs, ys];
}

/** The next stage threshold ahead of the accumulated GDD, with how far away it is. */
export function nextStage<T extends { gdd: number }>(thresholds: readonly T[], accumulated: number) {
  const next = thresholds.find((t) => t.gdd > accumulated);
  return next ? { ...next, remaining: next.gdd - accumulated } : undefined;
}

/** A GeoJSON position: longitude, latitude and an optional altitude (RFC 7946 §3.1.1). */
type Position = readonly number[];

/** Projects a GeoJSON ring (lon, lat) into an SVG box, keeping the aspect with cos(latitude). */
export function projectRings(
  polygonRings: readonly (readonly Position[])[],
  width: number,
  height: number,
  padding = 12,
): { paths: string[]; scale: number; centres: [number, number][] } {
  const rings = polygonRings.map((ring) => ring.map(([lon = 0, lat = 0]) => [lon, lat] as const));
  const all = rings.flat();
  if (all.length === 0) return { paths: [], scale: 1, centres: [] };
  const meanLat = all.reduce((s, p) => s + p[1], 0) / all.length;
  const kx = Math.cos((meanLat * Math.PI) / 180);
  const xs = all.map((p) => p[0] * kx);
  const ys = all.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min(
    (width - 2 * padding) / (maxX - minX || 1),
    (height - 2 * padding) / (maxY - minY || 1),
  );
  const offsetX = (width - (maxX - minX) * scale) / 2;
  const offsetY = (height - (maxY - minY) * scale) / 2;
  const project = ([lon, lat]: readonly [number, number]) =>
    [offsetX + (lon * kx - minX) * scale, height - (offsetY + (lat - minY) * scale)] as const;
  const paths = rings.map(
    (ring) =>
      `${ring
        .map((position, i) => {
          const [x, y] = project(position);
          return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
        })
        .join(" ")} Z`,
  );
  // Where a ring's label goes: the centre of its projected bounding box.
  const centres = rings.map((ring): [number, number] => {
    const points = ring.map(project);
    const px = points.map((p) => p[0]);
    const py = points.map((p) => p[1]);
    return [(Math.min(...px) + Math.max(...px)) / 2, (Math.min(...py) + Math.max(...py)) / 2];
  });
  return { paths, scale, centres };
}
