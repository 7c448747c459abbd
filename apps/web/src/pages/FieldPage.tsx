import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import type { AlignedData } from "uplot";
import { ApiError, api } from "../api/client";
import type { Agronomy, Field, FieldEvent, Forecast, Me, Page, Sensor } from "../api/types";
import { Chart } from "../components/Chart";
import { Badge, Card, Empty, ErrorBox, Loading } from "../components/States";
import {
  bucketFor,
  type Columns,
  mergeLivePoint,
  nextStage,
  type RangeKey,
  rangeStart,
  type SeriesPoint,
  toColumns,
} from "../lib/chart-data";
import { type StreamReading, useAsync, useLiveStream } from "../lib/hooks";
import { useUnits } from "../lib/prefs";
import { degreeDays, formatArea, formatReading, temperature } from "../lib/units";

const KIND_LABELS: Record<string, string> = {
  air_temperature: "Air temperature",
  soil_moisture: "Soil moisture",
  relative_humidity: "Humidity",
  rain: "Rain",
  wind_speed: "Wind",
  solar_radiation: "Solar radiation",
};
const PALETTE = ["#2f7d4f", "#c0841a", "#3a6ea5", "#a23b72", "#6b4f2a", "#3c9d9b"];

interface SeriesResponse {
  series: { sensorId: string; kind: string; unit: string; points: SeriesPoint[] }[];
}

function LiveSensors({
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
    api<SeriesResponse>(
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
    onReadings: (readings: StreamReading[]) => {
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

function GddCard({ agronomy }: { agronomy: Agronomy }) {
  const { units } = useUnits();
  const gdd = agronomy.gdd;
  if (!gdd || !agronomy.season)
    return (
      <Card title="Growing degree days">
        <Empty>No season with a planting date for this field.</Empty>
      </Card>
    );
  const show = (v: number) => degreeDays(v, units.temperature);
  const marks = gdd.thresholds.filter((t) => ["VE", "V6", "VT", "R1", "R5", "R6"].includes(t.code));
  const xs = gdd.daily.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
  const data: AlignedData = [
    xs,
    gdd.daily.map((d) => show(d.cumulative)),
    ...marks.map((m) => xs.map(() => show(m.gdd))),
  ];
  const next = nextStage(gdd.thresholds, gdd.sincePlanting);
  return (
    <Card title="Growing degree days and stage" id="gdd">
      <div className="kpis">
        <div>
          <span className="kpi">{show(gdd.sincePlanting).toFixed(0)}</span>
          <span className="kpi-label">
            GDD (°{units.temperature}) since {agronomy.season.plantingDate}
          </span>
        </div>
        <div>
          <span className="kpi">{gdd.stage.code}</span>
          <span className="kpi-label">{gdd.stage.name}</span>
        </div>
        <div>
          <span className="kpi">{gdd.projected.silkingDate ?? "–"}</span>
          <span className="kpi-label">silking (R1)</span>
        </div>
        <div>
          <span className="kpi">{gdd.projected.blackLayerDate ?? "–"}</span>
          <span className="kpi-label">black layer (R6)</span>
        </div>
      </div>
      <Chart
        title="Accumulated GDD against the hybrid's stage thresholds"
        data={data}
        yLabel={`GDD °${units.temperature}`}
        series={[
          { label: "accumulated", color: "#2f7d4f", fill: "rgba(47,125,79,0.12)" },
          ...marks.map((m) => ({ label: m.code, color: "#9aa3ad", dash: [4, 4] })),
        ]}
      />
      <p className="muted small">
        {agronomy.season.hybrid}, rated {show(agronomy.season.gddToBlackLayerF).toFixed(0)} GDD to black
        layer.{" "}
        {next ? `Next: ${next.code} (${next.name}) in ${show(next.remaining).toFixed(0)} GDD.` : "Mature."}{" "}
        Projections use {gdd.projected.basis}.
      </p>
    </Card>
  );
}

function WaterCard({ agronomy }: { agronomy: Agronomy }) {
  const water = agronomy.waterBalance;
  if (!water)
    return (
      <Card title="Soil water and irrigation">
        <Empty>Not enough weather data for a water balance yet.</Empty>
      </Card>
    );
  const xs = water.days.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
  const data: AlignedData = [
    xs,
    water.days.map((d) => d.depletionMm),
    xs.map(() => water.rawMm),
    water.days.map((d) => d.rainMm + d.irrigationMm),
  ];
  return (
    <Card title="Soil water and irrigation" id="water">
      <div className="kpis">
        <div>
          <span className="kpi">
            <Badge tone={water.status}>{water.status.toUpperCase()}</Badge>
          </span>
          <span className="kpi-label">root zone</span>
        </div>
        <div>
          <span className="kpi">{water.depletionMm.toFixed(0)} mm</span>
          <span className="kpi-label">depleted of {water.tawMm.toFixed(0)} mm available</span>
        </div>
        <div>
          <span className="kpi">{water.ks.toFixed(2)}</span>
          <span className="kpi-label">stress coefficient Ks</span>
        </div>
        <div>
          <span className="kpi">{agronomy.et ? `${agronomy.et.etcMm.toFixed(1)} mm` : "–"}</span>
          <span className="kpi-label">
            crop ET today (ET0 {agronomy.et?.et0Mm.toFixed(1) ?? "–"}, Kc {agronomy.et?.kc.toFixed(2) ?? "–"})
          </span>
        </div>
      </div>
      <Chart
        title="Root-zone depletion against readily available water, last 30 days"
        data={data}
        yLabel="mm"
        series={[
          { label: "depletion", color: "#c0841a", fill: "rgba(192,132,26,0.12)" },
          { label: "RAW (stress above)", color: "#d9534f", dash: [6, 4] },
          { label: "rain + irrigation", color: "#3a6ea5", bars: true },
        ]}
      />
      <h3>Irrigation, next 7 days</h3>
      {water.schedule.length === 0 ? (
        <p className="muted">No irrigation needed in the next 7 days at the expected crop water use.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Net (mm)</th>
              <th scope="col">Gross at 85 % efficiency (mm)</th>
            </tr>
          </thead>
          <tbody>
            {water.schedule.map((e) => (
              <tr key={e.date}>
                <td>{e.date}</td>
                <td>{e.netMm.toFixed(1)}</td>
                <td>{e.grossMm.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

interface NitrogenResult {
  eonrLbPerAcre: number;
  profitableRangeLbPerAcre: { low: number; high: number };
  yieldAtEonrBuPerAcre: number;
  netReturnAtEonrPerAcre: number;
  remainingLbPerAcre: number;
  priceRatio: number;
}

function NitrogenCard({ agronomy }: { agronomy: Agronomy }) {
  const [nPrice, setNPrice] = useState("0.55");
  const [cornPrice, setCornPrice] = useState("4.50");
  const [result, setResult] = useState<NitrogenResult>();
  const [error, setError] = useState<string>();
  const previousCrop = agronomy.season?.previousCrop === "corn" ? "corn" : "soybean";
  const applied = agronomy.nitrogen?.appliedLbPerAcre ?? 0;
  useEffect(() => {
    const timer = setTimeout(() => {
      api<NitrogenResult>("/calc/nitrogen", {
        method: "POST",
        body: {
          previousCrop,
          nitrogenPricePerLb: Number(nPrice),
          cornPricePerBu: Number(cornPrice),
          appliedLbPerAcre: applied,
        },
      }).then(
        (r) => {
          setResult(r);
          setError(undefined);
        },
        (e: ApiError) => setError(`${e.field ? `${e.field}: ` : ""}${e.message}`),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [nPrice, cornPrice, previousCrop, applied]);
  return (
    <Card title="Nitrogen: economic optimum rate" id="nitrogen">
      <div className="form-row">
        <label>
          N price ($/lb)
          <input
            type="number"
            step="0.01"
            min="0.01"
            value={nPrice}
            onChange={(e) => setNPrice(e.target.value)}
          />
        </label>
        <label>
          Corn price ($/bu)
          <input
            type="number"
            step="0.05"
            min="0.5"
            value={cornPrice}
            onChange={(e) => setCornPrice(e.target.value)}
          />
        </label>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="kpis" data-testid="nitrogen-result">
          <div>
            <span className="kpi">{result.eonrLbPerAcre.toFixed(0)} lb/ac</span>
            <span className="kpi-label">
              EONR, corn after {previousCrop} (ratio {result.priceRatio.toFixed(3)})
            </span>
          </div>
          <div>
            <span className="kpi">
              {result.profitableRangeLbPerAcre.low.toFixed(0)}–
              {result.profitableRangeLbPerAcre.high.toFixed(0)}
            </span>
            <span className="kpi-label">profitable range (within $1/ac)</span>
          </div>
          <div>
            <span className="kpi">{applied.toFixed(0)} lb/ac</span>
            <span className="kpi-label">applied this season</span>
          </div>
          <div>
            <span className="kpi">{result.remainingLbPerAcre.toFixed(0)} lb/ac</span>
            <span className="kpi-label">still to apply</span>
          </div>
        </div>
      ) : null}
    </Card>
  );
}

function ForecastCard({ fieldId, agronomy }: { fieldId: string; agronomy: Agronomy }) {
  const { data, error } = useAsync(() => api<Forecast>(`/fields/${fieldId}/forecast`), [fieldId]);
  const seeding = agronomy.seedingRate;
  return (
    <Card title="Yield forecast and seeding" id="forecast">
      {error ? (
        <p className="muted">
          Yield forecast unavailable
          {error.status === 404 ? ": the ML service is not installed." : `: ${error.message}`}
        </p>
      ) : !data ? (
        <Loading what="Loading the forecast" />
      ) : data.status === "ok" ? (
        <div className="kpis">
          <div>
            <span className="kpi">{data.prediction.p50.toFixed(0)} bu/ac</span>
            <span className="kpi-label">
              expected yield, 80 % range {data.prediction.p10?.toFixed(0) ?? "?"}–
              {data.prediction.p90?.toFixed(0) ?? "?"}
            </span>
          </div>
          <div>
            <span className="kpi small-kpi">
              {data.prediction.model} v{data.prediction.version}
            </span>
            <span className="kpi-label">model</span>
          </div>
        </div>
      ) : (
        <p className="muted">Forecast unavailable: {data.reason}</p>
      )}
      {seeding ? (
        <p>
          Seeding rate for next season:{" "}
          <strong>{seeding.optimumThousandSeedsPerAcre.toFixed(1)} thousand seeds/ac</strong> (economic
          optimum, {seeding.yieldAtOptimumBuPerAcre.toFixed(0)} bu/ac expected).
        </p>
      ) : null}
    </Card>
  );
}

const EVENT_LABELS: Record<FieldEvent["kind"], string> = {
  planting: "Planting",
  fertilizer_n: "Nitrogen",
  irrigation: "Irrigation",
  harvest: "Harvest",
};

function EventsCard({ fieldId, canWrite }: { fieldId: string; canWrite: boolean }) {
  const { data, error, reload } = useAsync(
    () => api<Page<FieldEvent>>(`/field-events?fieldId=${fieldId}&limit=200`),
    [fieldId],
  );
  const [kind, setKind] = useState<FieldEvent["kind"]>("irrigation");
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [amount, setAmount] = useState("");
  const [formError, setFormError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const value = Number(amount);
    const body: Record<string, unknown> = { fieldId, kind, date };
    if (kind === "fertilizer_n") body.nitrogenLbPerAcre = value;
    if (kind === "irrigation") body.irrigationMm = value;
    if (kind === "harvest") body.yieldBuPerAcre = value;
    try {
      await api("/field-events", { method: "POST", body });
      setAmount("");
      reload();
    } catch (caught) {
      const e = caught as ApiError;
      setFormError(`${e.field ? `${e.field}: ` : ""}${e.message}`);
    }
  };
  const events = [...(data?.items ?? [])].sort((a, b) => b.date.localeCompare(a.date));
  const amountLabel =
    kind === "fertilizer_n"
      ? "N (lb/ac)"
      : kind === "irrigation"
        ? "Water (mm)"
        : kind === "harvest"
          ? "Yield (bu/ac)"
          : undefined;
  return (
    <Card title="Field events" id="events">
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {events.length === 0 && data ? <Empty>No events recorded yet.</Empty> : null}
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id} data-testid="event">
            <span className={`dot dot-${e.kind}`} aria-hidden="true" />
            <time dateTime={e.date}>{e.date}</time> <strong>{EVENT_LABELS[e.kind]}</strong>{" "}
            {e.nitrogenLbPerAcre !== null ? `${e.nitrogenLbPerAcre} lb N/ac` : ""}
            {e.irrigationMm !== null ? `${e.irrigationMm} mm` : ""}
            {e.yieldBuPerAcre !== null ? `${e.yieldBuPerAcre} bu/ac` : ""}{" "}
            {e.notes ? <span className="muted">— {e.notes}</span> : null}
          </li>
        ))}
      </ol>
      {canWrite ? (
        <form className="form-row" onSubmit={submit} aria-label="Add a field event">
          <label>
            Event
            <select value={kind} onChange={(e) => setKind(e.target.value as FieldEvent["kind"])}>
              {Object.entries(EVENT_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Date
            <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          {amountLabel ? (
            <label>
              {amountLabel}
              <input
                type="number"
                step="any"
                min="0"
                required
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
              />
            </label>
          ) : null}
          <button type="submit">Add event</button>
          {formError ? (
            <p className="form-error" role="alert">
              {formError}
            </p>
          ) : null}
        </form>
      ) : null}
    </Card>
  );
}

export function FieldPage({ fieldId, me }: { fieldId: string; me: Me }) {
  const { units } = useUnits();
  const field = useAsync(() => api<Field>(`/fields/${fieldId}`), [fieldId]);
  const sensors = useAsync(() => api<Page<Sensor>>(`/sensors?fieldId=${fieldId}&limit=200`), [fieldId]);
  const agronomy = useAsync(() => api<Agronomy>(`/fields/${fieldId}/agronomy`), [fieldId]);
  if (field.error) return <ErrorBox error={field.error} retry={field.reload} />;
  if (!field.data) return <Loading what="Loading the field" />;
  const canWrite = me.role !== "viewer";
  return (
    <div className="page">
      <h1>
        {field.data.name}{" "}
        <span className="muted">
          {formatArea(field.data.areaHa, units.area)} · {field.data.soil.texture}
        </span>
      </h1>
      {agronomy.data?.alerts.length ? (
        <div className="banner" role="status">
          {agronomy.data.alerts.length} open alert(s): {agronomy.data.alerts[0]!.message}
        </div>
      ) : null}
      <div className="grid">
        {sensors.data ? (
          <LiveSensors
            field={field.data}
            sensors={sensors.data.items}
            {...(agronomy.data?.season ? { seasonStart: agronomy.data.season.plantingDate } : {})}
          />
        ) : (
          <Card title="Live sensors">{sensors.error ? <ErrorBox error={sensors.error} /> : <Loading />}</Card>
        )}
        {agronomy.error ? (
          <ErrorBox error={agronomy.error} retry={agronomy.reload} />
        ) : !agronomy.data ? (
          <Loading what="Computing agronomy" />
        ) : (
          <>
            <GddCard agronomy={agronomy.data} />
            <WaterCard agronomy={agronomy.data} />
            <NitrogenCard agronomy={agronomy.data} />
            <ForecastCard fieldId={fieldId} agronomy={agronomy.data} />
          </>
        )}
        <EventsCard fieldId={fieldId} canWrite={canWrite} />
        {sensors.data ? (
          <Card title="Sensors on this field">
            <ul className="plain">
              {sensors.data.items.map((s) => (
                <li key={s.id}>
                  {s.name}: {formatReading(s.lastValue, s.unit, units)}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </div>
  );
}

export { ApiError };
