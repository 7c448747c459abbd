/** The ml service's HTTP contract: what the api (or any client) sends to a model and what it answers. */
import { type Static, Type } from "typebox";
import { IsoDateTime, Nullable } from "./common";

export const MlModelParams = Type.Object({ name: Type.String({ minLength: 1, description: "model name" }) });
export type MlModelParams = Static<typeof MlModelParams>;

export const MlModelVersionParams = Type.Object({
  name: MlModelParams.properties.name,
  version: Type.String({ minLength: 1, description: "model version, e.g. 1.0.0" }),
});
export type MlModelVersionParams = Static<typeof MlModelVersionParams>;

/** The binary tensor route's query: a version to pin, the newest loaded one when absent. */
export const MlVersionQuery = Type.Object(
  { version: Type.Optional(MlModelVersionParams.properties.version) },
  { additionalProperties: false },
);
export type MlVersionQuery = Static<typeof MlVersionQuery>;

/** One row by feature name; which names and ranges are allowed is the model's manifest's business. */
export const MlFeatureValues = Type.Record(Type.String(), Type.Number(), {
  description: "feature values by name (see the model's manifest for names, units and ranges)",
});
export type MlFeatureValues = Static<typeof MlFeatureValues>;

/** One row as values in the manifest's feature order: the compact form for large batches. */
export const MlPositionalRow = Type.Array(Type.Number(), {
  description: "feature values in the manifest's feature order",
});
export type MlPositionalRow = Static<typeof MlPositionalRow>;

const version = Type.Optional(
  Type.String({ minLength: 1, description: "a version to pin; the newest loaded version when absent" }),
);
const rows = Type.Array(Type.Union([MlFeatureValues, MlPositionalRow]), {
  minItems: 1,
  description: "at most 50,000 rows per call; all by name or all positional",
});

export const MlPredictSingle = Type.Object(
  { version, features: MlFeatureValues },
  { additionalProperties: false },
);
export type MlPredictSingle = Static<typeof MlPredictSingle>;

export const MlPredictBatch = Type.Object({ version, rows }, { additionalProperties: false });
export type MlPredictBatch = Static<typeof MlPredictBatch>;

/**
 * The body the predict route validates: a single (`features`) or a batch (`rows`). One object with both
 * optional rather than a union, so a bad row is named ("rows[3].TP") instead of "features is required";
 * the service refuses a body with neither or both.
 */
export const MlPredictRequest = Type.Object(
  { version, features: Type.Optional(MlFeatureValues), rows: Type.Optional(rows) },
  { additionalProperties: false },
);
export type MlPredictRequest = Static<typeof MlPredictRequest>;

const MlInterval = Type.Object(
  {
    low: Type.String({ description: "the output holding the interval's lower bound, e.g. p10" }),
    high: Type.String({ description: "the output holding the interval's upper bound, e.g. p90" }),
    nominalCoverage: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: true },
);

const answeredBy = {
  model: Type.String(),
  version: Type.String({ description: "the model version that answered" }),
  unit: Type.String({ description: "the target's unit, e.g. bu/acre" }),
  interval: Nullable(MlInterval),
};

/** Rows by name in, predictions by output name out (p10, p50, p90 for the yield model). */
export const MlPrediction = Type.Object({
  ...answeredBy,
  predictions: Type.Array(Type.Record(Type.String(), Type.Number())),
});
export type MlPrediction = Static<typeof MlPrediction>;

/** Positional rows in, positional predictions out: one array per row, in the order of `outputs`. */
export const MlPositionalPrediction = Type.Object({
  ...answeredBy,
  outputs: Type.Array(Type.String()),
  predictions: Type.Array(Type.Array(Type.Number())),
});
export type MlPositionalPrediction = Static<typeof MlPositionalPrediction>;

export const MlPredictResponse = Type.Union([MlPrediction, MlPositionalPrediction]);
export type MlPredictResponse = Static<typeof MlPredictResponse>;

export const MlFeatureSpec = Type.Object(
  {
    name: Type.String(),
    unit: Type.String(),
    description: Type.Optional(Type.String()),
    min: Type.Number(),
    max: Type.Number(),
  },
  { additionalProperties: true },
);
export type MlFeatureSpec = Static<typeof MlFeatureSpec>;

/** manifest.json beside every model.onnx: what the model expects and promises (training adds more detail). */
export const MlManifest = Type.Object(
  {
    name: Type.String(),
    version: Type.String(),
    createdAt: IsoDateTime,
    input: Type.String({ description: "the ONNX graph's input tensor" }),
    output: Type.String({ description: "the ONNX graph's output tensor" }),
    features: Type.Array(MlFeatureSpec),
    outputs: Type.Array(Type.String()),
    target: Type.Object(
      { name: Type.String(), unit: Type.String(), description: Type.Optional(Type.String()) },
      { additionalProperties: true },
    ),
    interval: Type.Optional(MlInterval),
    training: Type.Optional(
      Type.Object({ fingerprint: Type.Optional(Type.String()) }, { additionalProperties: true }),
    ),
    evaluation: Type.Optional(
      Type.Array(Type.Object({ split: Type.String() }, { additionalProperties: true }), {
        description: "held-out scores against baselines (see the model card)",
      }),
    ),
  },
  { additionalProperties: true },
);
export type MlManifest = Static<typeof MlManifest>;

export const MlModelSummary = Type.Object({
  name: Type.String(),
  activeVersion: Type.String({ description: "the version answering when none is pinned" }),
  versions: Type.Array(Type.String()),
});
export type MlModelSummary = Static<typeof MlModelSummary>;

export const MlModelList = Type.Array(MlModelSummary);
export type MlModelList = Static<typeof MlModelList>;

export const MlHealth = Type.Object({
  status: Type.String({ description: "ok / ready, or why the service is not ready" }),
});
export type MlHealth = Static<typeof MlHealth>;
