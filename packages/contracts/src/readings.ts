/**
 * Sensor readings: ingest bodies and their per-item results, series (raw or bucketed) and the latest values.
 * Ingest bodies are documented here but validated item by item by the api, so one bad reading is reported by
 * index instead of failing its batch.
 */
import { type Static, Type } from "typebox";
import { IsoDateTime, literalUnion, Uuid } from "./common";
import { SensorKind } from "./vocabularies";

/** One ingest call carries at most this many readings (JSON items, NDJSON lines or CSV values). */
export const MAX_READINGS_PER_BATCH = 50_000;

export const ReadingInput = Type.Object({
  sensorId: Uuid,
  time: Type.String({
    format: "date-time",
    description:
      "ISO 8601 with a time zone, at most millisecond precision (finer non-zero digits are refused, not truncated); inside the accepted window (by default 5 years back to 7 days ahead)",
  }),
  value: Type.Number({ description: "in the sensor kind's unit" }),
});
export type ReadingInput = Static<typeof ReadingInput>;

/** JSON ingest: an array of readings or `{ "readings": [...] }` (NDJSON carries one reading per line). */
const ReadingsArray = Type.Array(ReadingInput, { maxItems: MAX_READINGS_PER_BATCH });
export const ReadingsIngestBody = Type.Union([ReadingsArray, Type.Object({ readings: ReadingsArray })]);
export type ReadingsIngestBody = Static<typeof ReadingsIngestBody>;

/** `fieldId` is needed by a weather-station CSV: its sensor-kind columns map to that field's sensors. */
export const ReadingsCsvQuery = Type.Object({ fieldId: Type.Optional(Uuid) });
export type ReadingsCsvQuery = Static<typeof ReadingsCsvQuery>;

export const ReadingsCsvBody = Type.String({ description: "CSV text" });
export type ReadingsCsvBody = Static<typeof ReadingsCsvBody>;

/** Why one submitted reading was rejected; `index` is its position in the batch (or NDJSON/CSV row order). */
export const IngestItemError = Type.Object({
  index: Type.Integer(),
  field: Type.String(),
  detail: Type.String(),
});
export type IngestItemError = Static<typeof IngestItemError>;

export const IngestResult = Type.Object({
  received: Type.Integer(),
  accepted: Type.Integer({ description: "valid readings, committed (new or already stored)" }),
  duplicates: Type.Integer({
    description: "accepted readings that were already stored (same sensor and time)",
  }),
  rejected: Type.Integer(),
  errors: Type.Array(IngestItemError),
});
export type IngestResult = Static<typeof IngestResult>;

export const SERIES_BUCKETS = ["raw", "hour", "day"] as const;
export const SeriesBucket = literalUnion(SERIES_BUCKETS);
export type SeriesBucket = Static<typeof SeriesBucket>;

/** Which sensors: one sensor, or every sensor of a field. */
const ReadingsScope = {
  sensorId: Type.Optional(Uuid),
  fieldId: Type.Optional(Uuid),
};

export const ReadingsSeriesQuery = Type.Object(
  {
    ...ReadingsScope,
    from: IsoDateTime,
    to: Type.Optional(IsoDateTime),
    bucket: literalUnion(SERIES_BUCKETS, { default: "raw" }),
    tz: Type.String({
      default: "UTC",
      maxLength: 64,
      description: "IANA time zone for hour/day buckets",
    }),
    points: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description:
          "hour/day buckets only: merge adjacent buckets so each sensor has at most this many points (a chart's width); each point is the merged buckets' min, avg, max and count",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ReadingsSeriesQuery = Static<typeof ReadingsSeriesQuery>;

export const SeriesPoint = Type.Object({
  time: IsoDateTime,
  value: Type.Number({ description: "the reading, or the bucket's average" }),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  count: Type.Optional(Type.Integer()),
});
export type SeriesPoint = Static<typeof SeriesPoint>;

/** Which sensor a series or a reading is of, and the unit of its values. */
const SensorOf = {
  sensorId: Uuid,
  fieldId: Uuid,
  kind: SensorKind,
  unit: Type.String(),
};

export const SensorSeries = Type.Object({
  ...SensorOf,
  points: Type.Array(SeriesPoint),
});
export type SensorSeries = Static<typeof SensorSeries>;

/** The window and bucket a series answers, whatever its layout. */
const SeriesWindow = {
  bucket: SeriesBucket,
  from: IsoDateTime,
  to: IsoDateTime,
};

export const ReadingsSeries = Type.Object({ ...SeriesWindow, series: Type.Array(SensorSeries) });
export type ReadingsSeries = Static<typeof ReadingsSeries>;

/**
 * A sensor's series as columns: the points of SensorSeries in time order, entry i of each array being point i.
 * Charts draw columns, and a season of buckets as columns is about a quarter of its compressed size as objects
 * (each point's keys, repeated thousands of times, cost more than its numbers). min, max and count are present
 * for hour and day buckets, absent for raw readings.
 */
export const SensorSeriesColumns = Type.Object({
  ...SensorOf,
  time: Type.Array(IsoDateTime),
  value: Type.Array(Type.Number(), { description: "the readings, or the buckets' averages" }),
  min: Type.Optional(Type.Array(Type.Number())),
  max: Type.Optional(Type.Array(Type.Number())),
  count: Type.Optional(Type.Array(Type.Integer())),
});
export type SensorSeriesColumns = Static<typeof SensorSeriesColumns>;

export const ReadingsSeriesColumns = Type.Object({
  ...SeriesWindow,
  series: Type.Array(SensorSeriesColumns),
});
export type ReadingsSeriesColumns = Static<typeof ReadingsSeriesColumns>;

export const LatestReadingsQuery = Type.Object(
  { ...ReadingsScope, farmId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type LatestReadingsQuery = Static<typeof LatestReadingsQuery>;

export const LatestReading = Type.Object({
  ...SensorOf,
  time: IsoDateTime,
  value: Type.Number(),
});
export type LatestReading = Static<typeof LatestReading>;

export const LatestReadings = Type.Array(LatestReading);
export type LatestReadings = Static<typeof LatestReadings>;
