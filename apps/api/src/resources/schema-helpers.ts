import { type TSchema, Type } from "typebox";

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** PATCH bodies: every property optional, unknown properties refused, at least one property. */
export function partialBody(properties: Record<string, TSchema>) {
  return Type.Partial(Type.Object(properties), { additionalProperties: false, minProperties: 1 });
}
