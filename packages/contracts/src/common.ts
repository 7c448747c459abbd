/** Building blocks every contract uses: identifiers, dates, timestamps, pages and problem details. */
import { type Static, type TProperties, type TSchema, type TSchemaOptions, Type } from "typebox";

export const Uuid = Type.String({ format: "uuid" });
export const IsoDate = Type.String({ format: "date", description: "YYYY-MM-DD" });
export const IsoDateTime = Type.String({ format: "date-time" });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * One of a list of string literals (JSON Schema anyOf of consts). A Union of mapped literals would have the
 * static type `never`; this one keeps the literals' union.
 */
export const literalUnion = <const Value extends string>(
  values: readonly Value[],
  options?: TSchemaOptions,
) =>
  Type.Unsafe<Value>(
    Type.Union(
      values.map((value) => Type.Literal(value)),
      options,
    ),
  );

/** Columns every stored resource carries (optimistic versioning and sync bookkeeping). */
export const Timestamps = {
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer({ description: "incremented on every change" }),
};

/** PATCH bodies: every property optional, unknown properties refused, at least one property. */
export const partialBody = <P extends TProperties>(properties: P) =>
  Type.Partial(Type.Object(properties), { additionalProperties: false, minProperties: 1 });

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

/** Deeper than this, page with filters instead: PostgreSQL's bigint ends at 9.2e18, and deep offsets are slow. */
export const MAX_LIST_OFFSET = 1_000_000;

/** A list endpoint's query: paging plus the resource's own equality filters. */
export const listQuery = <F extends TProperties>(filters: F) =>
  Type.Object(
    {
      limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
      offset: Type.Integer({ minimum: 0, maximum: MAX_LIST_OFFSET, default: 0 }),
      ...filters,
    },
    { additionalProperties: false },
  );

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    field: Type.Optional(Type.String({ description: "the request field at fault, e.g. days[0].tmin" })),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), detail: Type.String() }))),
    instance: Type.Optional(Type.String()),
  },
  { $id: "Problem", description: "RFC 9457 problem details" },
);
export type Problem = Static<typeof Problem>;

/** The problem responses most routes can give, for their OpenAPI description. */
export const commonProblems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem } as const;
