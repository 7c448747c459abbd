import type { Field, ReadingsSeries, Sensor, SensorKind, StreamedReading } from "@unicorn/contracts";
import { useEffect, useMemo, useRef, useState } from "react";
import type { AlignedData } from "uplot";
import { type ApiError, api } from "../../api/client";
import { Chart } from "../../components/Chart";
import { Card, Empty, ErrorBox } from "../../components/States";
import {
  bucketFor,
  type Columns,
  mergeLivePoint,
  type RangeKey,
  rangeStart,
  toColumns,
} from "../../lib/chart-data";
import { useLiveStream } from "../../lib/hooks";
import { useUnits } from "../../lib/prefs";
import { temperature } from "../../lib/units";

/** Display names, one per sensor kind of the contracts' vocabulary (a kind added there must be named here). */
const KIND_LABELS: Record<SensorKind, string> = {
  air_temperature: "Air temperature",
  soil_moisture: "Soil moisture",
  relative_humidity: "Humidity",
  rain: "Rain",
  wind_speed: "Wind",
  solar_radiation: "Solar radiation",
};
const PALETTE = ["#2f7d4f", "#c0841a", "#3a6ea5", "#a23b72", "#6b4f2a", "#3c9d9b"];

export function LiveSensorsCard({
  field,
  sensors,
  seasonStart,
}: {
  field: Field;
  sensors: Sensor[];
  seasonStart?: string;
}) {
  const { units } = useUnits();
  const kinds = [...new Set(sensors.map((s) => s.kind))].sort((a, b) =>
    a === "air_temperature" ? -1 : b === "air_temperature" ? 1 : a.localeCompare(b),
  );
  const [kind, setKind] = useState(kinds[0] ?? "air_temperature");
  const [range, setRange] = useState<RangeKey>("24h");
  const shown = sensors.filter((s) => s.kind === kind);
  const convert = (v: number) => (kind === "air_temperature" ? temperature(v, units.temperature) : v);
  const [columns, setColumns] = useState<Map<string, Columns>>(new Map());
  const [error, setError] = useState<ApiError>();
  const [renderedMs, setRenderedMs] = useState<number>();
  const started = useRef(performance.now());

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when what is shown changes
  useEffect(() => {
    let cancelled = false;
    started.current = performance.now();
    const from = rangeStart(range, new Date(), seasonStart).toISOString();
    api<ReadingsSeries>(
      `/readings?fieldId=${field.id}&from=${encodeURIComponent(from)}&bucket=${bucketFor(range)}`,
    ).then(
      (response) => {
        if (cancelled) return;
        setError(undefined);
        setColumns(
          new Map(
            response.series
              .filter((s) => s.kind === kind)
              .map((s) => [s.sensorId, toColumns(s.points, convert)]),
          ),
        );
      },
      (caught: ApiError) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [field.id, kind, range, units.temperature]);

  const status = useLiveStream({
    onReadings: (readings: StreamedReading[]) => {
      if (range !== "24h") return;
      const mine = readings.filter((r) => shown.some((s) => s.id === r.sensorId));
      if (mine.length === 0) return;
      setColumns((current) => {
        const next = new Map(current);
        for (const r of mine)
          next.set(
            r.sensorId,
            mergeLivePoint(next.get(r.sensorId) ?? [[], []], r.time, convert(r.value), 24 * 3600),
          );
        return next;
      });
    },
  });

  const data = useMemo<AlignedData>(() => {
    // Align every sensor on the union of timestamps (uPlot draws gaps as nulls).
    const xs = [...new Set(shown.flatMap((s) => columns.get(s.id)?.[0] ?? []))].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const ys = shown.map((s) => {
      const values: (number | null)[] = new Array(xs.length).fill(null);
      const [sx, sy] = columns.get(s.id) ?? [[], []];
      sx.forEach((x, i) => {
        values[index.get(x)!] = (sy as number[])[i] ?? null;
      });
      return values;
    });
    return [xs, ...ys] as AlignedData;
  }, [columns, shown]);

  const unit = kind === "air_temperature" ? `°${units.temperature}` : (shown[0]?.unit ?? "");
  return (
    <Card
      title="Live sensors"
      id="live"
      actions={
        <span className={`live-status ${status}`} aria-live="polite">
          {status === "live" ? "● live" : status === "connecting" ? "connecting…" : "reconnecting…"}
        </span>
      }
    >
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Sensor kind">
          {kinds.map((k) => (
            <button key={k} type="button" role="tab" aria-selected={k === kind} onClick={() => setKind(k)}>
              {KIND_LABELS[k] ?? k}
            </button>
          ))}
        </div>
        <div className="segmented" role="tablist" aria-label="Time range">
          {(["24h", "7d", "season"] as RangeKey[]).map((r) => (
            <button key={r} type="button" role="tab" aria-selected={r === range} onClick={() => setRange(r)}>
              {r === "24h" ? "24 h" : r === "7d" ? "7 days" : "Season"}
            </button>
          ))}
        </div>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {data[0].length === 0 && !error ? (
        <Empty>No readings in this range yet.</Empty>
      ) : (
        <Chart
          title={`${KIND_LABELS[kind] ?? kind} of ${field.name}`}
          data={data}
          yLabel={unit}
          series={shown.map((s, i) => ({
            label: s.depthCm !== null ? `${s.name} (${s.depthCm} cm)` : s.name,
            color: PALETTE[i % PALETTE.length]!,
            ...(kind === "rain" ? { bars: true } : {}),
          }))}
          onRendered={() => setRenderedMs((ms) => ms ?? Math.round(performance.now() - started.current))}
        />
      )}
      <p className="muted small" data-testid="chart-meta">
        {range === "24h"
          ? "Raw readings, updated live."
          : range === "7d"
            ? "Hourly min/avg/max from the server."
            : "Daily averages from the server."}
        {renderedMs !== undefined ? ` First drawn in ${renderedMs} ms.` : ""}
      </p>
    </Card>
  );
}
