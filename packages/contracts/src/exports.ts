import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, literalUnion, Nullable, Uuid } from "./common";
import { SERIES_BUCKETS } from "./readings";

/** A readings export covers at most this many days (a season and a bit); page through longer histories. */
export const MAX_EXPORT_DAYS = 400;
/** A raw readings export stops after this many rows (about 60 MB of CSV). */
export const MAX_EXPORT_READINGS = 1_000_000;

export const ReadingsExportQuery = Type.Object(
  {
    fieldId: Type.Optional(Uuid),
    sensorId: Type.Optional(Uuid),
    from: IsoDateTime,
    to: Type.Optional(IsoDateTime),
    bucket: literalUnion(SERIES_BUCKETS, { default: "raw" }),
  },
  { additionalProperties: false },
);
export type ReadingsExportQuery = Static<typeof ReadingsExportQuery>;

export const FieldScopedExportQuery = Type.Object(
  { farmId: Type.Optional(Uuid), fieldId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type FieldScopedExportQuery = Static<typeof FieldScopedExportQuery>;

export const FarmParams = Type.Object({ farmId: Uuid });
export type FarmParams = Static<typeof FarmParams>;

/** One field's state today, as the farm's comparison table and the agronomy export show it. */
export const FieldSummary = Type.Object(
  {
    fieldId: Uuid,
    name: Type.String(),
    areaHa: Type.Number({ "x-unit": "ha" }),
    seasonYear: Nullable(Type.Integer()),
    hybrid: Nullable(Type.String()),
    plantingDate: Nullable(IsoDate),
    stageCode: Nullable(Type.String()),
    stageName: Nullable(Type.String()),
    gddSincePlanting: Nullable(Type.Number({ "x-unit": "°F GDD" })),
    depletionMm: Nullable(Type.Number({ "x-unit": "mm" })),
    readilyAvailableMm: Nullable(Type.Number({ "x-unit": "mm" })),
    waterStatus: Nullable(Type.String()),
    nextIrrigationDate: Nullable(IsoDate),
    nextIrrigationGrossMm: Nullable(Type.Number({ "x-unit": "mm" })),
    nitrogenRemainingLbPerAcre: Nullable(Type.Number({ "x-unit": "lb N/acre" })),
    silkingDate: Nullable(IsoDate),
    blackLayerDate: Nullable(IsoDate),
    openAlerts: Type.Integer({ minimum: 0 }),
    criticalAlerts: Type.Integer({ minimum: 0 }),
  },
  { $id: "FieldSummary" },
);
export type FieldSummary = Static<typeof FieldSummary>;

export const FarmFieldSummaries = Type.Object({
  farmId: Uuid,
  asOf: IsoDate,
  items: Type.Array(FieldSummary),
});
export type FarmFieldSummaries = Static<typeof FarmFieldSummaries>;

/** A field boundary import: the file as the user chose it. */
export const BoundaryImportBody = Type.Object(
  {
    fileName: Type.String({
      minLength: 1,
      maxLength: 255,
      description: "decides the format: .geojson/.json, .kml, .zip",
    }),
    contentBase64: Type.String({
      maxLength: 1_000_000,
      pattern: "^[A-Za-z0-9+/]*={0,2}$",
      description: "the file's bytes, base64 (at most about 730 KB)",
    }),
  },
  { additionalProperties: false },
);
export type BoundaryImportBody = Static<typeof BoundaryImportBody>;

export const BoundaryImportResult = Type.Object({
  boundary: Type.Object({
    type: Type.Literal("Polygon"),
    coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))),
  }),
  name: Nullable(Type.String({ description: "the feature's name in the file, if it had one" })),
  areaHa: Type.Number({ "x-unit": "ha" }),
  latitudeDeg: Type.Number(),
  longitudeDeg: Type.Number(),
  format: literalUnion(["geojson", "kml", "shapefile"]),
});
export type BoundaryImportResult = Static<typeof BoundaryImportResult>;
