import { useEffect, useRef } from "react";
import uPlot, { type AlignedData, type Options } from "uplot";
import "uplot/dist/uPlot.min.css";
import { useTimeZone } from "../lib/prefs";
import { formatDateTime } from "../lib/time";

export interface ChartSeries {
  label: string;
  color: string;
  fill?: string;
  dash?: number[];
  bars?: boolean;
  /** Drawn only as the edge of a band (a bucket's min or max): no line, no legend entry. */
  bandEdge?: boolean;
}

/** A horizontal reference line with its label (a growth stage's GDD threshold). */
export interface ChartMark {
  value: number;
  label: string;
}

/** Fills between two series (data indexes, 1-based as uPlot counts them): a bucket's min–max range. */
export interface ChartBand {
  upper: number;
  lower: number;
  fill: string;
}

/**
 * Draws each mark as a dashed line with its label inside the plot, on the left; a label that would overlap the
 * one below it goes to the right end instead, so close thresholds (R5, R6) stay readable.
 */
function drawMarks(u: uPlot, marks: readonly ChartMark[]): void {
  const ctx = u.ctx;
  const px = devicePixelRatio;
  const lineHeight = 14 * px;
  const lastY = { left: Number.POSITIVE_INFINITY, right: Number.POSITIVE_INFINITY };
  ctx.save();
  ctx.font = `${12 * px}px system-ui, sans-serif`;
  ctx.textBaseline = "bottom";
  for (const mark of [...marks].sort((a, b) => a.value - b.value)) {
    const y = u.valToPos(mark.value, "y", true);
    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
    ctx.strokeStyle = "#7b8590";
    ctx.setLineDash([4 * px, 4 * px]);
    ctx.lineWidth = px;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    const side = lastY.left - y >= lineHeight ? "left" : lastY.right - y >= lineHeight ? "right" : undefined;
    if (!side) continue;
    lastY[side] = y;
    ctx.textAlign = side;
    ctx.fillStyle = "#2f363d";
    const x = side === "left" ? u.bbox.left + 4 * px : u.bbox.left + u.bbox.width - 4 * px;
    ctx.fillText(mark.label, x, y - 2 * px);
  }
  ctx.restore();
}

/**
 * uPlot: canvas charts that stay smooth with a season of hourly data. The chart resizes with its box and
 * updates its data in place when a live reading arrives. The legend is a plain list under the chart; hovering
 * shows each value with its unit and the time in the farm's zone. `data-first-draw-ms` (and the performance
 * mark "chart-drawn") record how long after the last navigation the chart was first drawn.
 */
export function Chart(props: {
  data: AlignedData;
  series: ChartSeries[];
  height?: number;
  yLabel?: string;
  /** Unit printed beside hovered values (defaults to yLabel). */
  unit?: string;
  title: string;
  timeAxis?: boolean;
  marks?: ChartMark[];
  bands?: ChartBand[];
  digits?: number;
  onRendered?: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const timeZone = useTimeZone();
  const {
    data,
    series,
    height = 240,
    yLabel,
    title,
    timeAxis = true,
    onRendered,
    marks = [],
    bands = [],
  } = props;
  const unit = props.unit ?? yLabel ?? "";
  const digits = props.digits ?? 1;
  const seriesKey = series.map((s) => s.label).join("|");
  const marksKey = marks.map((m) => `${m.label}:${m.value}`).join("|");
  const marksRef = useRef(marks);
  marksRef.current = marks;

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the series change; data updates in place
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const showReadout = (u: uPlot) => {
      const target = readout.current;
      if (!target) return;
      const index = u.cursor.idx;
      if (index === null || index === undefined) {
        target.textContent = "Hover or touch the chart to read values.";
        return;
      }
      const x = u.data[0][index]!;
      const when = timeAxis ? formatDateTime(x * 1000, timeZone) : String(x);
      const values = series
        .map((s, i) => ({ s, v: u.data[i + 1]?.[index] }))
        .filter(({ s }) => !s.bandEdge)
        .map(
          ({ s, v }) => `${s.label} ${v === null || v === undefined ? "–" : `${v.toFixed(digits)} ${unit}`}`,
        );
      target.textContent = `${when}: ${values.join(" · ")}`;
    };
    const options: Options = {
      width: element.clientWidth || 600,
      height,
      ...(timeAxis ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), timeZone) } : {}),
      scales: { x: { time: timeAxis } },
      axes: [
        { stroke: "#5b6470", grid: { stroke: "#eef0f2" } },
        { stroke: "#5b6470", grid: { stroke: "#eef0f2" }, label: yLabel ?? "" },
      ],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      bands: bands.map((b) => ({ series: [b.upper, b.lower] as [number, number], fill: b.fill })),
      hooks: {
        setCursor: [showReadout],
        draw: [(u) => drawMarks(u, marksRef.current)],
      },
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.bandEdge ? "transparent" : s.color,
          width: s.bandEdge ? 0 : 2,
          ...(s.fill ? { fill: s.fill } : {}),
          ...(s.dash ? { dash: s.dash } : {}),
          ...(s.bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }) } : {}),
          ...(s.bandEdge ? { points: { show: false } } : {}),
          spanGaps: false,
        })),
      ],
    };
    plot.current = new uPlot(options, data, element);
    if (!element.dataset.firstDrawMs) {
      // Since the last in-app navigation, or since the page began loading when it was opened directly.
      const since = performance.getEntriesByName("route-change").at(-1)?.startTime ?? 0;
      element.dataset.firstDrawMs = String(Math.round(performance.now() - since));
      performance.mark("chart-drawn", { detail: title });
    }
    showReadout(plot.current);
    onRendered?.();
    const observer = new ResizeObserver(() => plot.current?.setSize({ width: element.clientWidth, height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, [seriesKey, height, timeAxis, yLabel, timeZone, marksKey, bands.length]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const legend = series.filter((s) => !s.bandEdge);
  return (
    <figure className="chart-figure">
      <div className="chart" ref={box} role="img" aria-label={title} data-points={data[0].length} />
      <figcaption>
        <ul className="chart-legend" aria-label="Legend">
          {legend.map((s) => (
            <li key={s.label}>
              <svg width="18" height="10" aria-hidden="true">
                <line
                  x1="0"
                  y1="5"
                  x2="18"
                  y2="5"
                  stroke={s.color}
                  strokeWidth="3"
                  strokeDasharray={s.dash?.join(" ")}
                />
              </svg>
              {s.label}
            </li>
          ))}
          {bands.length > 0 ? (
            <li>
              <svg width="18" height="10" aria-hidden="true">
                <rect width="18" height="10" fill={bands[0]!.fill} />
              </svg>
              min–max range
            </li>
          ) : null}
        </ul>
        <p className="chart-readout muted small" ref={readout} />
      </figcaption>
    </figure>
  );
}
