/**
 * Hybrid sync between a farm's database and the cloud's: the sync service's status (GET /status on its own
 * port, also stored in the farm database for the api) and the conflicts it kept.
 */
import { type Static, Type } from "typebox";
import { IsoDateTime, literalUnion, Nullable, Uuid } from "./common";

export const SYNC_DIRECTIONS = ["push", "pull"] as const;
export const SyncDirection = literalUnion(SYNC_DIRECTIONS, {
  description: "push: farm to cloud; pull: cloud to farm",
});
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

export const SYNC_CONFLICT_RULES = ["cloud-wins", "local-wins", "lww-hlc"] as const;
export const SyncConflictRule = literalUnion(SYNC_CONFLICT_RULES, {
  description: "cloud-wins (default), local-wins, or last writer by hybrid logical clock",
});
export type SyncConflictRule = (typeof SYNC_CONFLICT_RULES)[number];

export const SYNC_SIDES = ["local", "cloud"] as const;
export const SyncSide = literalUnion(SYNC_SIDES);
export type SyncSide = (typeof SYNC_SIDES)[number];

export const SyncQueuedTable = Type.Object({
  table: Type.String({ description: "table name, e.g. readings or fields" }),
  rows: Type.Integer({ minimum: 0, description: "changes captured on the farm, not yet in the cloud" }),
});
export type SyncQueuedTable = Static<typeof SyncQueuedTable>;

export const SyncDirectionStatus = Type.Object({
  direction: SyncDirection,
  lastSuccessAt: Nullable(IsoDateTime),
  rowsSynced: Type.Integer({
    minimum: 0,
    description: "rows applied in this direction since the service started",
  }),
});
export type SyncDirectionStatus = Static<typeof SyncDirectionStatus>;

export const SyncStatus = Type.Object({
  siteId: Type.String(),
  online: Type.Boolean({ description: "the last attempt reached the cloud" }),
  lastSuccessAt: Nullable(IsoDateTime),
  lastAttemptAt: Nullable(IsoDateTime),
  lastError: Nullable(Type.String()),
  lagSeconds: Nullable(Type.Number({ minimum: 0, description: "age of the oldest change not yet synced" })),
  queued: Type.Array(SyncQueuedTable),
  conflicts: Type.Object({
    open: Type.Integer({ minimum: 0, description: "neither re-applied nor dismissed" }),
    total: Type.Integer({ minimum: 0 }),
  }),
  directions: Type.Array(SyncDirectionStatus),
});
export type SyncStatus = Static<typeof SyncStatus>;

export const SyncConflict = Type.Object({
  id: Uuid,
  table: Type.String(),
  rowId: Type.String(),
  detectedAt: IsoDateTime,
  rule: SyncConflictRule,
  winner: SyncSide,
  localVersion: Nullable(
    Type.Record(Type.String(), Type.Unknown(), { description: "the farm's row as JSON" }),
  ),
  cloudVersion: Nullable(
    Type.Record(Type.String(), Type.Unknown(), { description: "the cloud's row as JSON" }),
  ),
  reappliedAt: Nullable(IsoDateTime),
});
export type SyncConflict = Static<typeof SyncConflict>;
