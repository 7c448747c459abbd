/** Liveness and readiness probes (outside the API prefix, no credential). */
import { type Static, Type } from "typebox";

export const Liveness = Type.Object({ status: Type.Literal("ok") });
export type Liveness = Static<typeof Liveness>;

export const Ready = Type.Object({ status: Type.Literal("ready") });
export type Ready = Static<typeof Ready>;

export const MigrationsPending = Type.Object({
  status: Type.Literal("migrations pending"),
  pending: Type.Array(Type.Integer(), { description: "versions of the migrations not yet applied" }),
});
export type MigrationsPending = Static<typeof MigrationsPending>;

export const DatabaseUnreachable = Type.Object({
  status: Type.Literal("database unreachable"),
  detail: Type.String(),
});
export type DatabaseUnreachable = Static<typeof DatabaseUnreachable>;

export const NotReady = Type.Union([MigrationsPending, DatabaseUnreachable]);
export type NotReady = Static<typeof NotReady>;
