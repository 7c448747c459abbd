import { type Static, Type } from "typebox";
import { IsoDate, listQuery, literalUnion, Nullable, pageOf, partialBody, Timestamps, Uuid } from "./common";

export const PREVIOUS_CROPS = ["soybean", "corn", "other"] as const;
export const PreviousCrop = literalUnion(PREVIOUS_CROPS);
export type PreviousCrop = (typeof PREVIOUS_CROPS)[number];

/**
 * Where a season stands on a date: planned (not planted yet), growing, mature (black layer reached: GDD and
 * stage stop there), harvested (a harvest event recorded), closed (closed explicitly).
 */
export const SEASON_STATES = ["planned", "growing", "mature", "harvested", "closed"] as const;
export const SeasonState = literalUnion(SEASON_STATES, {
  description:
    "planned before planting, growing, mature from black layer, harvested from the harvest event, closed once closed",
});
export type SeasonState = (typeof SEASON_STATES)[number];

const writable = {
  fieldId: Uuid,
  year: Type.Integer({ minimum: 1950, maximum: 2200 }),
  hybrid: Type.String({ minLength: 1, maxLength: 120 }),
  relativeMaturityDays: Type.Integer({ minimum: 70, maximum: 140 }),
  gddToBlackLayerF: Type.Number({
    minimum: 1500,
    maximum: 3500,
    description: "hybrid rating, °F GDD (86/50) from planting to black layer",
  }),
  plantingDate: IsoDate,
  seedingRateThousandPerAcre: Type.Number({ minimum: 10, maximum: 60 }),
  previousCrop: PreviousCrop,
  closedOn: Type.Union([IsoDate, Type.Null()], {
    description: "closes the season on this date (nothing more is expected of it); null reopens it",
  }),
};

/** One corn crop on one field in one year. */
export const Season = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    year: Type.Integer(),
    hybrid: Type.String(),
    relativeMaturityDays: Nullable(Type.Integer()),
    gddToBlackLayerF: Type.Number(),
    plantingDate: Nullable(Type.String({ format: "date" })),
    seedingRateThousandPerAcre: Nullable(Type.Number()),
    previousCrop: PreviousCrop,
    closedOn: Nullable(Type.String({ format: "date" })),
    harvestDate: Nullable(Type.String({ format: "date", description: "the first harvest event's date" })),
    blackLayerDate: Nullable(
      Type.String({ format: "date", description: "the day the hybrid's GDD rating was reached" }),
    ),
    gddAtBlackLayerF: Nullable(
      Type.Number({ description: "GDD accumulated at black layer", "x-unit": "°F GDD" }),
    ),
    state: SeasonState,
    ...Timestamps,
  },
  { $id: "Season" },
);
export type Season = Static<typeof Season>;

export const SeasonCreate = Type.Object(
  {
    fieldId: writable.fieldId,
    year: writable.year,
    hybrid: writable.hybrid,
    gddToBlackLayerF: writable.gddToBlackLayerF,
    relativeMaturityDays: Type.Optional(writable.relativeMaturityDays),
    plantingDate: Type.Optional(writable.plantingDate),
    seedingRateThousandPerAcre: Type.Optional(writable.seedingRateThousandPerAcre),
    previousCrop: Type.Optional(writable.previousCrop),
    closedOn: Type.Optional(writable.closedOn),
  },
  { additionalProperties: false },
);
export type SeasonCreate = Static<typeof SeasonCreate>;

export const SeasonUpdate = partialBody(writable);
export type SeasonUpdate = Static<typeof SeasonUpdate>;

export const SeasonListQuery = listQuery({
  fieldId: Type.Optional(Uuid),
  year: Type.Optional(Type.Integer({ minimum: 1950, maximum: 2200 })),
});
export type SeasonListQuery = Static<typeof SeasonListQuery>;

export const SeasonPage = pageOf(Season);
export type SeasonPage = Static<typeof SeasonPage>;
