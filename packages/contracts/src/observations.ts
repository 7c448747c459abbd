import { type Static, Type } from "typebox";
import { IsoDateTime, listQuery, literalUnion, Nullable, pageOf, Uuid } from "./common";

/** A photo is resized on the phone before it is queued; the stored bytes are capped at this. */
export const MAX_OBSERVATION_PHOTO_BYTES = 512 * 1024;
export const OBSERVATION_PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const ObservationPhotoType = literalUnion(OBSERVATION_PHOTO_TYPES);
export type ObservationPhotoType = (typeof OBSERVATION_PHOTO_TYPES)[number];

export const OBSERVATION_TAG_KINDS = ["pest", "disease", "weed"] as const;
export const ObservationTagKind = literalUnion(OBSERVATION_TAG_KINDS);
export type ObservationTagKind = (typeof OBSERVATION_TAG_KINDS)[number];

/** Corn growth stages as scouts write them (Abendroth et al. 2011, Iowa State PMR 1009): VE, V1..V20, VT, R1..R6. */
export const GrowthStage = Type.String({
  pattern: "^(VE|V([1-9]|1[0-9]|20)|VT|R[1-6])$",
  description: "corn growth stage: VE, V1-V20, VT, R1-R6",
});

export const ObservationPosition = Type.Object(
  {
    latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
    longitudeDeg: Type.Number({ minimum: -180, maximum: 180 }),
    accuracyM: Nullable(Type.Number({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false, description: "where the scout stood (browser geolocation, WGS84)" },
);
export type ObservationPosition = Static<typeof ObservationPosition>;

export const ObservationTag = Type.Object(
  {
    kind: ObservationTagKind,
    name: Type.String({
      minLength: 1,
      maxLength: 120,
      description: "e.g. western corn rootworm, gray leaf spot",
    }),
  },
  { additionalProperties: false },
);
export type ObservationTag = Static<typeof ObservationTag>;

/** What a scout saw in a field at a time and place. */
export const Observation = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    observedAt: IsoDateTime,
    note: Nullable(Type.String()),
    position: Nullable(ObservationPosition),
    growthStage: Nullable(Type.String()),
    tag: Nullable(ObservationTag),
    photo: Nullable(
      Type.Object({
        type: Type.String(),
        bytes: Type.Integer(),
        url: Type.String({ description: "GET it with the same credentials" }),
      }),
    ),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    version: Type.Integer(),
  },
  { $id: "Observation" },
);
export type Observation = Static<typeof Observation>;

/**
 * PUT /observations/{id}: the id is made by the device that recorded the observation and is its idempotency key.
 * Sending the same id again (an upload retried after a lost answer) returns the stored row unchanged.
 */
export const ObservationUpsert = Type.Object(
  {
    fieldId: Uuid,
    observedAt: IsoDateTime,
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    position: Type.Optional(ObservationPosition),
    growthStage: Type.Optional(GrowthStage),
    tag: Type.Optional(ObservationTag),
    photo: Type.Optional(
      Type.Object(
        {
          type: ObservationPhotoType,
          dataBase64: Type.String({
            maxLength: Math.ceil(MAX_OBSERVATION_PHOTO_BYTES / 3) * 4,
            pattern: "^[A-Za-z0-9+/]*={0,2}$",
            description: `base64 of the image, at most ${MAX_OBSERVATION_PHOTO_BYTES} bytes decoded`,
          }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ObservationUpsert = Static<typeof ObservationUpsert>;

export const ObservationListQuery = listQuery({ fieldId: Type.Optional(Uuid) });
export type ObservationListQuery = Static<typeof ObservationListQuery>;

export const ObservationPage = pageOf(Observation);
export type ObservationPage = Static<typeof ObservationPage>;
