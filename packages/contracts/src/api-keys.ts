import { type Static, Type } from "typebox";
import { IsoDateTime, literalUnion, Nullable, Uuid } from "./common";
import { API_KEY_ROLES, ApiKeyRole } from "./vocabularies";

/** An API key as listed: never the key itself, which is shown once, on creation. */
export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: "first characters of the key, to recognise it" }),
  role: ApiKeyRole,
  createdAt: IsoDateTime,
  lastUsedAt: Nullable(IsoDateTime),
  revokedAt: Nullable(IsoDateTime),
});
export type ApiKey = Static<typeof ApiKey>;

export const ApiKeyList = Type.Array(ApiKey);
export type ApiKeyList = Static<typeof ApiKeyList>;

export const ApiKeyCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Optional(
      literalUnion(API_KEY_ROLES, { description: "device keys may only ingest readings (default)" }),
    ),
  },
  { additionalProperties: false },
);
export type ApiKeyCreate = Static<typeof ApiKeyCreate>;

export const ApiKeyCreated = Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]);
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;
