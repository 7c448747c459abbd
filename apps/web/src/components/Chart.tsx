import { useEffect, useRef } from "react";
import uPlot, { type AlignedData, type Options } from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  color: string;
  fill?: string;
  dash?: number[];
  bars?: boolean;
}

/**
 * uPlot: canvas charts that stay smooth with a season of hourly data. The chart resizes with its box and
 * updates its data in place when a live reading arrives.
 */
export function Chart(props: {
  data: AlignedData;
  series: ChartSeries[];
  height?: number;
  yLabel?: string;
  title: string;
  timeAxis?: boolean;
  onRendered?: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const { data, series, height = 240, yLabel, title, timeAxis = true, onRendered } = props;
  const seriesKey = series.map((s) => s.label).join("|");

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the series change; data updates in place
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const options: Options = {
      width: element.clientWidth || 600,
      height,
      scales: { x: { time: timeAxis } },
      axes: [
        { stroke: "#5b6470", grid: { stroke: "#eef0f2" } },
        { stroke: "#5b6470", grid: { stroke: "#eef0f2" }, label: yLabel ?? "" },
      ],
      legend: { live: true },
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          ...(s.fill ? { fill: s.fill } : {}),
          ...(s.dash ? { dash: s.dash } : {}),
          ...(s.bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }) } : {}),
          spanGaps: false,
        })),
      ],
    };
    plot.current = new uPlot(options, data, element);
    onRendered?.();
    const observer = new ResizeObserver(() => plot.current?.setSize({ width: element.clientWidth, height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, [seriesKey, height, timeAxis, yLabel]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div className="chart" ref={box} role="img" aria-label={title} data-points={data[0].length} />;
}
