import { type Static, Type } from "typebox";
import { IsoDateTime, Nullable } from "./common";

export const Prediction = Type.Object({
  p10: Nullable(Type.Number()),
  p50: Type.Number(),
  p90: Nullable(Type.Number()),
  unit: Type.String(),
  model: Type.String(),
  version: Type.String(),
  createdAt: IsoDateTime,
  features: Type.Record(Type.String(), Type.Number(), {
    description: "the model's inputs, with the observed and gap-filled day counts",
  }),
});
export type Prediction = Static<typeof Prediction>;

const BuPerAcre = (description: string) => Type.Number({ description: `${description}, bu/acre` });

export const FieldTrackRecord = Type.Object(
  {
    seasons: Type.Array(
      Type.Object({
        year: Type.Integer(),
        yieldBuPerAcre: BuPerAcre("recorded harvest"),
        forecastBuPerAcre: BuPerAcre("the last forecast kept before the harvest (median)"),
        errorBuPerAcre: BuPerAcre("recorded minus forecast"),
        forecastP10BuPerAcre: Type.Optional(Nullable(BuPerAcre("that forecast's 10th percentile"))),
        forecastP90BuPerAcre: Type.Optional(Nullable(BuPerAcre("that forecast's 90th percentile"))),
      }),
    ),
    meanErrorBuPerAcre: BuPerAcre("mean of recorded minus forecast"),
    rmseBuPerAcre: BuPerAcre("root mean square error over the recorded harvests"),
    insideIntervalShare: Type.Number({ description: "share of harvests inside the forecast's p10-p90" }),
    correction: Nullable(
      Type.Object(
        {
          biasBuPerAcre: BuPerAcre("the field's estimated bias (shrunk towards 0)"),
          biasStandardErrorBuPerAcre: BuPerAcre("posterior standard deviation of the bias"),
          p10: BuPerAcre("corrected 10th percentile"),
          p50: BuPerAcre("corrected median"),
          p90: BuPerAcre("corrected 90th percentile"),
        },
        {
          description:
            "the current forecast moved by the field's bias, its interval widened by the bias's uncertainty",
        },
      ),
    ),
  },
  {
    description:
      "the model against the field's own recorded harvests (earlier seasons), and the correction it offers",
  },
);
export type FieldTrackRecord = Static<typeof FieldTrackRecord>;

export const ForecastOk = Type.Object({
  status: Type.Literal("ok"),
  prediction: Prediction,
  /** Absent while the field has no recorded harvest with a kept forecast. */
  trackRecord: Type.Optional(FieldTrackRecord),
});
export type ForecastOk = Static<typeof ForecastOk>;

/** No fresh forecast: ml is down, slow or unconfigured, or the field lacks a season or weather. */
export const ForecastUnavailable = Type.Object({
  status: Type.Literal("unavailable"),
  reason: Type.String(),
  lastPrediction: Type.Optional(Prediction),
  /** Off season too: how the forecasts did against the harvests recorded by then (no correction: nothing to correct). */
  trackRecord: Type.Optional(FieldTrackRecord),
});
export type ForecastUnavailable = Static<typeof ForecastUnavailable>;

export const Forecast = Type.Union([ForecastOk, ForecastUnavailable]);
export type Forecast = Static<typeof Forecast>;

export const ForecastQuery = Type.Object(
  {
    asOf: Type.Optional(
      Type.String({
        format: "date",
        description:
          "YYYY-MM-DD: the forecast as it stood on this past date, made from the weather known then and not stored (default: the farm's today)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ForecastQuery = Static<typeof ForecastQuery>;
