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

export const ForecastOk = Type.Object({ status: Type.Literal("ok"), prediction: Prediction });
export type ForecastOk = Static<typeof ForecastOk>;

/** No fresh forecast: ml is down, slow or unconfigured, or the field lacks a season or weather. */
export const ForecastUnavailable = Type.Object({
  status: Type.Literal("unavailable"),
  reason: Type.String(),
  lastPrediction: Type.Optional(Prediction),
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
