import type {
  IngestItemError,
  IngestResult,
  LatestReading,
  LatestReadingsQuery,
  ReadingsSeries,
  ReadingsSeriesColumns,
  ReadingsSeriesQuery,
  ReadingsStreamPayload,
} from "@unicorn/contracts";
import { MAX_READINGS_PER_BATCH, SENSOR_KINDS } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { Counter, Histogram } from "@unicorn/observability";
import type { Principal } from "../auth/principal";
import { type ChangeKind, NO_READ_CACHE, type ReadFreshness } from "../http/read-changes";
import { RenderedBody } from "../http/serialized-reply";
import { VersionedCache } from "../http/versioned-cache";
import { parseStrictTimestamp } from "../time/strict-timestamp";
import type { RawReading } from "./ingest-parsers";
import {
  type ReadingsRepository,
  type SeriesSource,
  seriesSource,
  type ValidReading,
} from "./readings.repository";
import { type CsvRows, fieldSensorForKind, readingsFromCsvRows } from "./readings-csv";
import type { SensorDirectory } from "./sensor-directory";
import type { SensorInfo } from "./sensor-directory.repository";
import { seriesColumns } from "./series-columns";
import { seriesWindow } from "./series-query";

export const MAX_BATCH_SIZE = MAX_READINGS_PER_BATCH;
const DAY_MS = 24 * 3600 * 1000;
// A live-stream event carries at most this many readings; larger batches send the newest per sensor.
const MAX_STREAMED_READINGS = 2_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How far back and ahead a reading may be stamped. Older is an archive import gone wrong or a broken clock,
 * further ahead is a clock problem on the device; neither is data, and each distinct month would otherwise
 * cost a partition.
 */
export interface ReadingTimeLimits {
  maxAgeDays: number;
  maxAheadDays: number;
}
const DEFAULT_TIME_LIMITS: ReadingTimeLimits = { maxAgeDays: 5 * 366, maxAheadDays: 7 };

interface TimeWindow {
  earliestMs: number;
  latestMs: number;
  describe: string;
}

export interface IngestMetrics {
  ingested: Counter;
  batchSize: Histogram;
  rejected: Counter;
}

/** Rendered series kept (a week of hours for a field's sensors is about 100 KB). */
const CACHED_SERIES = 500;
/** Latest values kept (a few KB each: a field's, a farm's). */
const CACHED_LATEST = 2_000;
// A bound for what no notification announces: a raw partition dropped by retention.
const CACHED_SERIES_MAX_AGE_MS = 5 * 60_000;
/** A series or latest values are made from the sensors' readings and their place (field, farm, its zone). */
const READING_CHANGES: ChangeKind[] = ["readings", "layout"];

/** Counts each cacheable read by cache (series, latest) and outcome: hit, miss, or uncached (no token). */
export type ReadCacheLookups = (cache: "series" | "latest", outcome: "hit" | "miss" | "uncached") => void;

export class ReadingsService {
  private readonly seriesBodies = new VersionedCache<RenderedBody>(
    CACHED_SERIES,
    CACHED_SERIES_MAX_AGE_MS,
    Date.now,
    (outcome) => this.lookups("series", outcome),
  );
  private readonly latestBodies = new VersionedCache<RenderedBody>(
    CACHED_LATEST,
    CACHED_SERIES_MAX_AGE_MS,
    Date.now,
    (outcome) => this.lookups("latest", outcome),
  );

  constructor(
    private readonly repository: ReadingsRepository,
    private readonly directory: SensorDirectory,
    private readonly metrics: IngestMetrics,
    /** Told which fields got new readings once they are committed (the alert rules listen). */
    private readonly onCommitted: (fields: { organizationId: string; fieldId: string }[]) => void = () => {},
    private readonly timeLimits: ReadingTimeLimits = DEFAULT_TIME_LIMITS,
    private readonly freshness: ReadFreshness = NO_READ_CACHE,
    private readonly lookups: ReadCacheLookups = () => {},
  ) {}

  private timeWindow(now = Date.now()): TimeWindow {
    const { maxAgeDays, maxAheadDays } = this.timeLimits;
    return {
      earliestMs: now - maxAgeDays * DAY_MS,
      latestMs: now + maxAheadDays * DAY_MS,
      describe: `from ${maxAgeDays} days ago to ${maxAheadDays} days ahead`,
    };
  }

  /** A JSON body: an array of readings or `{ readings: [...] }`; anything else is refused whole. */
  /** Items already read from a stream (JSON or NDJSON; an element or line that is not JSON is its error). */
  ingestItems(principal: Principal, items: RawReading[]): Promise<IngestResult> {
    return this.ingest(principal, items);
  }

  /** CSV rows, long (`sensor_id,time,value`) or a weather-station export mapped to the sensors of `fieldId`. */
  async ingestCsv(principal: Principal, csv: CsvRows, fieldId: string | undefined): Promise<IngestResult> {
    const sensors = await this.directory.lookup(principal.organizationId, []);
    const { readings } = readingsFromCsvRows(csv.rows, fieldSensorForKind(sensors, fieldId));
    return this.ingest(principal, readings);
  }

  /**
   * Validates each item on its own: a bad item is reported by index and never takes its good neighbours
   * down with it. Returns only after the accepted readings are committed.
   */
  private async ingest(principal: Principal, items: RawReading[]): Promise<IngestResult> {
    if (items.length === 0) throw errors.badRequest("the batch is empty", "body");
    if (items.length > MAX_BATCH_SIZE) {
      throw errors.badRequest(
        `a batch holds at most ${MAX_BATCH_SIZE} readings; got ${items.length}`,
        "body",
      );
    }
    const sensorIds = new Set<string>();
    for (const item of items) if (typeof item?.sensorId === "string") sensorIds.add(item.sensorId);
    const sensors = await this.directory.lookup(principal.organizationId, sensorIds);

    const valid: ValidReading[] = [];
    const itemErrors: IngestItemError[] = [];
    const window = this.timeWindow();
    items.forEach((item, index) => {
      const checked = validateItem(item, sensors, window);
      if ("field" in checked) itemErrors.push({ index, ...checked });
      else
        valid.push({
          sensorId: item.sensorId as string,
          time: new Date(checked.epochMs),
          value: item.value as number,
        });
    });

    const partitionRange = { from: new Date(window.earliestMs), to: new Date(window.latestMs) };
    const inserted =
      valid.length > 0
        ? await this.repository.insertBatch(valid, streamEvent(principal, valid, sensors), partitionRange)
        : 0;
    this.metrics.ingested.inc(inserted);
    if (inserted > 0) {
      const fieldIds = new Set(valid.map((reading) => sensors.get(reading.sensorId)!.fieldId));
      this.onCommitted(
        [...fieldIds].map((fieldId) => ({ organizationId: principal.organizationId, fieldId })),
      );
    }
    this.metrics.batchSize.observe(items.length);
    if (itemErrors.length > 0) this.metrics.rejected.inc(itemErrors.length);
    return {
      received: items.length,
      accepted: valid.length,
      duplicates: valid.length - inserted,
      rejected: itemErrors.length,
      errors: itemErrors.slice(0, 1_000),
    };
  }

  /**
   * The series rendered by `render` (the route's serializer). A window with an explicit end depends only on
   * the stored data, so it is served from the cache while the organization's readings and sensors are
   * unchanged; an open window ends at the request's own now and is always computed.
   */
  renderedSeries(
    principal: Principal,
    request: ReadingsSeriesQuery,
    render: (series: ReadingsSeries) => string,
  ): Promise<RenderedBody | string> {
    return this.renderedLayout(principal, request, "points", (series) => series, render);
  }

  /** The series as columns (ReadingsSeriesColumns), cached like `renderedSeries` under a key of its own. */
  renderedSeriesColumns(
    principal: Principal,
    request: ReadingsSeriesQuery,
    render: (series: ReadingsSeriesColumns) => string,
  ): Promise<RenderedBody | string> {
    return this.renderedLayout(principal, request, "columns", seriesColumns, render);
  }

  private async renderedLayout<Body>(
    principal: Principal,
    request: ReadingsSeriesQuery,
    layout: "points" | "columns",
    shape: (series: ReadingsSeries) => Body,
    render: (body: Body) => string,
  ): Promise<RenderedBody | string> {
    const compute = async () => render(shape(await this.series(principal, request)));
    if (request.to === undefined) return compute();
    return this.cached(
      this.seriesBodies,
      principal.organizationId,
      `${layout}|${JSON.stringify(request)}`,
      compute,
    );
  }

  /** The latest values rendered by `render`, from the cache while the organization's readings are unchanged. */
  renderedLatest(
    principal: Principal,
    query: LatestReadingsQuery,
    render: (latest: LatestReading[]) => string,
  ): Promise<RenderedBody | string> {
    return this.cached(this.latestBodies, principal.organizationId, JSON.stringify(query), async () =>
      render(await this.latest(principal, query)),
    );
  }

  /** Keyed by organization: a body is only ever served to the organization it was computed for. */
  private async cached(
    cache: VersionedCache<RenderedBody>,
    organizationId: string,
    key: string,
    compute: () => Promise<string>,
  ): Promise<RenderedBody | string> {
    const token = await this.freshness.token(organizationId, READING_CHANGES);
    if (token === undefined) {
      this.lookups(cache === this.seriesBodies ? "series" : "latest", "uncached");
      return compute();
    }
    return cache.serve(`${organizationId}|${key}`, token, async () => new RenderedBody(await compute()));
  }

  async series(principal: Principal, request: ReadingsSeriesQuery): Promise<ReadingsSeries> {
    const query = seriesWindow(request);
    const sensors = await this.sensorsInScope(principal, query);
    const spanMs = query.to.getTime() - query.from.getTime();
    if (spanMs <= 0) throw errors.badRequest("to must be after from", "to");
    if (query.points !== undefined && query.bucket === "raw")
      throw errors.badRequest("points needs bucket=hour or bucket=day", "points");
    const sensorIds = sensors.map((s) => s.id);
    const points = await this.repository.series(sensorIds, { from: query.from, to: query.to }, query.bucket, {
      timeZone: query.timeZone,
      maxPointsPerSensor: 10_000,
      source: await this.bucketSource(sensorIds, query.bucket, query.timeZone),
      ...(query.points !== undefined ? { points: query.points } : {}),
    });
    return {
      bucket: query.bucket,
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      series: sensors.map((sensor) => ({
        sensorId: sensor.id,
        fieldId: sensor.fieldId,
        kind: sensor.kind,
        unit: SENSOR_KINDS[sensor.kind].unit,
        points: points.get(sensor.id) ?? [],
      })),
    };
  }

  private async bucketSource(sensorIds: string[], bucket: string, timeZone: string): Promise<SeriesSource> {
    if (bucket !== "day" || sensorIds.length === 0) return seriesSource(bucket, timeZone, false);
    const zones = await this.repository.sensorTimeZones(sensorIds);
    return seriesSource(bucket, timeZone, zones.size === 1 && zones.has(timeZone));
  }

  async latest(principal: Principal, query: LatestReadingsQuery): Promise<LatestReading[]> {
    const sensors = await this.sensorsInScope(principal, query);
    const rows = await this.repository.latest(sensors.map((s) => s.id));
    const bySensor = new Map(sensors.map((s) => [s.id, s]));
    return rows.map((row) => {
      const sensor = bySensor.get(row.sensorId)!;
      return {
        sensorId: row.sensorId,
        fieldId: sensor.fieldId,
        kind: sensor.kind,
        unit: SENSOR_KINDS[sensor.kind].unit,
        time: row.time.toISOString(),
        value: row.value,
      };
    });
  }

  private async sensorsInScope(principal: Principal, query: LatestReadingsQuery): Promise<SensorInfo[]> {
    if (!query.sensorId && !query.fieldId && !query.farmId)
      throw errors.badRequest("give sensorId, fieldId or farmId", "sensorId");
    const wanted = query.sensorId ? [query.sensorId] : [];
    const directory = await this.directory.lookup(principal.organizationId, wanted);
    if (query.sensorId) {
      const sensor = directory.get(query.sensorId);
      if (!sensor) throw errors.notFound("sensor", "sensorId");
      return [sensor];
    }
    // Code-unit order of the lowercase ids is the uuid order PostgreSQL sorts by (localeCompare asks ICU per
    // comparison, milliseconds for a farm's hundreds of sensors).
    return [...directory.values()]
      .filter((s) => (query.fieldId ? s.fieldId === query.fieldId : s.farmId === query.farmId))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The item's problem, or its time read strictly (the only parse of it: what is checked is what is stored). */
function validateItem(
  item: RawReading,
  sensors: Map<string, SensorInfo>,
  window: TimeWindow,
): { field: string; detail: string } | { epochMs: number } {
  if (item === null || typeof item !== "object" || Array.isArray(item))
    return { field: "item", detail: "must be an object" };
  if (item.parseError) return { field: "item", detail: item.parseError };
  if (typeof item.sensorId !== "string" || !UUID.test(item.sensorId))
    return { field: "sensorId", detail: "must be a UUID" };
  const sensor = sensors.get(item.sensorId);
  if (!sensor) return { field: "sensorId", detail: "unknown sensor in your organization" };
  if (typeof item.time !== "string")
    return {
      field: "time",
      detail: "must be an ISO 8601 timestamp with a time zone, e.g. 2026-06-01T12:00:00Z",
    };
  const time = parseStrictTimestamp(item.time);
  if ("error" in time) return { field: "time", detail: time.error };
  if (time.epochMs < window.earliestMs || time.epochMs > window.latestMs)
    return { field: "time", detail: `is outside the accepted window (${window.describe})` };
  if (typeof item.value !== "number" || !Number.isFinite(item.value))
    return { field: "value", detail: "must be a finite number" };
  const range = SENSOR_KINDS[sensor.kind];
  if (item.value < range.min || item.value > range.max) {
    return {
      field: "value",
      detail: `${item.value} is outside ${range.min}..${range.max} ${range.unit} for a ${sensor.kind} sensor`,
    };
  }
  return { epochMs: time.epochMs };
}

function streamEvent(
  principal: Principal,
  readings: ValidReading[],
  sensors: Map<string, SensorInfo>,
): { organizationId: string; payload: ReadingsStreamPayload } {
  let selected = readings;
  if (readings.length > MAX_STREAMED_READINGS) {
    const newest = new Map<string, ValidReading>();
    for (const reading of readings) {
      const seen = newest.get(reading.sensorId);
      if (!seen || seen.time < reading.time) newest.set(reading.sensorId, reading);
    }
    selected = [...newest.values()].slice(0, MAX_STREAMED_READINGS);
  }
  return {
    organizationId: principal.organizationId,
    payload: {
      total: readings.length,
      readings: selected.map((r) => ({
        sensorId: r.sensorId,
        fieldId: sensors.get(r.sensorId)!.fieldId,
        time: r.time.toISOString(),
        value: r.value,
      })),
    },
  };
}
