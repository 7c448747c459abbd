import type { Field, ReadingsSeriesColumns, Sensor, SensorKind, StreamedReading } from "@unicorn/contracts";
import { useEffect, useMemo, useState } from "react";
import type { AlignedData } from "uplot";
import { type ApiError, api } from "../../api/client";
import { Chart } from "../../components/Chart";
import { Card, Empty, ErrorBox } from "../../components/States";
import {
  alignColumns,
  bucketFor,
  type Columns,
  mergeLivePoint,
  type RangeKey,
  rangeStart,
  toColumns,
  toRangeColumns,
} from "../../lib/chart-data";
import { useLiveStream } from "../../lib/hooks";
import { useTimeZone, useUnits } from "../../lib/prefs";
import { localMidnight, nextIsoDate, zoneName } from "../../lib/time";
import { formatDepth, readingScale } from "../../lib/units";

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
  asOf,
}: {
  field: Field;
  sensors: Sensor[];
  seasonStart?: string;
  /** A past date the page is viewed on: the readings end with that day, nothing live after it. */
  asOf?: string | undefined;
}) {
  const { units } = useUnits();
  const kinds = [...new Set(sensors.map((s) => s.kind))].sort((a, b) =>
    a === "air_temperature" ? -1 : b === "air_temperature" ? 1 : a.localeCompare(b),
  );
  const [kind, setKind] = useState(kinds[0] ?? "air_temperature");
  const [range, setRange] = useState<RangeKey>("24h");
  const shown = sensors.filter((s) => s.kind === kind);
  const timeZone = useTimeZone();
  const scale = readingScale(shown[0]?.unit ?? "", units);
  const convert = scale.convert;
  // Rain is a total per reading: a band around it would mean nothing.
  const banded = range !== "24h" && kind !== "rain";
  const [columns, setColumns] = useState<Map<string, Columns>>(new Map());
  const [error, setError] = useState<ApiError>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when what is shown changes
  useEffect(() => {
    let cancelled = false;
    const until = asOf ? localMidnight(nextIsoDate(asOf), timeZone) : undefined;
    const from = rangeStart(range, until ?? new Date(), seasonStart).toISOString();
    const to = until ? `&to=${encodeURIComponent(until.toISOString())}` : "";
    api<ReadingsSeriesColumns>(
      `/readings/columns?fieldId=${field.id}&from=${encodeURIComponent(from)}${to}&bucket=${bucketFor(range)}`,
    ).then(
      (response) => {
        if (cancelled) return;
        setError(undefined);
        setColumns(
          new Map(
            response.series
              .filter((s) => s.kind === kind)
              .map((s) => [s.sensorId, banded ? toRangeColumns(s, convert) : toColumns(s, convert)]),
          ),
        );
      },
      (caught: ApiError) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [field.id, kind, range, units.system, asOf]);

  const status = useLiveStream({
    onReadings: (readings: StreamedReading[]) => {
      if (range !== "24h" || asOf) return;
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

  const data = useMemo<AlignedData>(
    () =>
      alignColumns(
        shown.map((s) => columns.get(s.id) ?? (banded ? [[], [], [], []] : [[], []])),
      ) as AlignedData,
    [columns, shown, banded],
  );
  const perSensor = banded ? 3 : 1;
  const series = shown.flatMap((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const label = s.depthCm !== null ? `${s.name} (${formatDepth(s.depthCm, units)})` : s.name;
    const main = { label, color, ...(kind === "rain" ? { bars: true } : {}) };
    return banded
      ? [
          main,
          { label: `${label} min`, color, bandEdge: true },
          { label: `${label} max`, color, bandEdge: true },
        ]
      : [main];
  });
  const bands = banded
    ? shown.map((_, i) => ({
        upper: i * perSensor + 3,
        lower: i * perSensor + 2,
        fill: `${PALETTE[i % PALETTE.length]}2e`,
      }))
    : [];
  const unit = scale.unit;
  return (
    <Card
      title={asOf ? `Sensors up to ${asOf}` : "Live sensors"}
      id="live"
      actions={
        asOf ? null : (
          <span className={`live-status ${status}`} aria-live="polite">
            {status === "live" ? "● live" : status === "connecting" ? "connecting…" : "reconnecting…"}
          </span>
        )
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
          series={series}
          bands={bands}
          digits={unit === "in" ? 2 : 1}
        />
      )}
      <p className="muted small" data-testid="chart-meta">
        {range === "24h"
          ? asOf
            ? `Raw readings of the 24 h to the end of ${asOf}.`
            : "Raw readings, updated live."
          : kind === "rain"
            ? `${range === "7d" ? "Hourly" : "Daily"} rain from the server.`
            : `${range === "7d" ? "Hourly" : "Daily"} average (line) with the min–max range (band) from the server.`}{" "}
        Times in {zoneName(asOf ? localMidnight(asOf, timeZone) : Date.now(), timeZone)} ({timeZone}).
      </p>
    </Card>
  );
}
