/**
 * What the api answers about the hybrid sync of its own database: the site's status as the sync service last
 * recorded it, and the conflicts it kept (`sync.ts` has the shapes the sync service itself serves).
 */
import { type Static, Type } from "typebox";
import { IsoDateTime, listQuery, literalUnion, Nullable, pageOf, Uuid } from "./common";
import { SyncConflict, SyncStatus } from "./sync";

export const SyncStatusReport = Type.Union(
  [
    Type.Object({
      configured: Type.Literal(false),
      message: Type.String({
        description: "why there is nothing to show (no sync service on this database)",
      }),
    }),
    Type.Object({
      configured: Type.Literal(true),
      reportedAt: IsoDateTime,
      serviceRunning: Type.Boolean({
        description: "false when the sync service has recorded no attempt for longer than it ever waits",
      }),
      status: SyncStatus,
    }),
  ],
  { $id: "SyncStatusReport", description: "configured: false on a farm without sync and in the cloud" },
);
export type SyncStatusReport = Static<typeof SyncStatusReport>;

export const SYNC_CONFLICT_STATES = ["open", "reapplied", "dismissed"] as const;
export const SyncConflictState = literalUnion(SYNC_CONFLICT_STATES, {
  description: "open until an admin re-applies the losing version or dismisses the conflict",
});
export type SyncConflictState = Static<typeof SyncConflictState>;

/** A column's value as the row's JSON holds it (to_jsonb of the stored row). */
export const SyncColumnValue = Type.Union(
  [
    Type.String(),
    Type.Number(),
    Type.Boolean(),
    Type.Null(),
    Type.Unsafe<unknown[]>({ type: "array" }),
    Type.Unsafe<{ [key: string]: unknown }>({ type: "object" }),
  ],
  { description: "a column's value as JSON" },
);
export type SyncColumnValue = Static<typeof SyncColumnValue>;

const SyncRowVersion = (side: string) =>
  Nullable(
    Type.Record(Type.String(), SyncColumnValue, {
      description: `${side} row as JSON, by column; null when the row was not there`,
    }),
  );

/**
 * A conflict as the api lists it. The versions are for reading: secrets (password hashes) are replaced by
 * "[hidden]" and binary or very long values by a summary; `differences` was computed on the full values.
 */
export const SyncConflictEntry = Type.Object(
  {
    ...SyncConflict.properties,
    localVersion: SyncRowVersion("the farm's"),
    cloudVersion: SyncRowVersion("the cloud's"),
    state: SyncConflictState,
    differences: Type.Array(Type.String(), {
      description: "the columns whose values differ between the two versions (compared in full)",
    }),
    reappliedBy: Nullable(Uuid),
    dismissedAt: Nullable(IsoDateTime),
    dismissedBy: Nullable(Uuid),
  },
  { $id: "SyncConflictEntry" },
);
export type SyncConflictEntry = Static<typeof SyncConflictEntry>;

export const SyncConflictQuery = listQuery({
  table: Type.Optional(Type.String({ pattern: "^[a-z_]{1,63}$", description: "one synced table" })),
  state: Type.Optional(SyncConflictState),
});
export type SyncConflictQuery = Static<typeof SyncConflictQuery>;

export const SyncConflictPage = pageOf(SyncConflictEntry);
export type SyncConflictPage = Static<typeof SyncConflictPage>;
