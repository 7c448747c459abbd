import { Type } from "typebox";

export const ProblemSchema = Type.Object(
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

export const Uuid = Type.String({ format: "uuid" });
export const IsoDate = Type.String({ format: "date", description: "YYYY-MM-DD" });
export const IsoDateTime = Type.String({ format: "date-time" });
export const Timestamps = {
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer({ description: "incremented on every change" }),
};
