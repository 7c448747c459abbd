import type { SyncConflictRule, SyncSide } from "@unicorn/contracts";

/**
 * Which version of a row changed on both sides wins. Never the wall clock: cloud-wins and local-wins look at
 * nothing but the sides, last-writer-wins compares hybrid logical clocks, which order a write after every write
 * it could have seen whatever the machines' clocks say (ties, which only concurrent writes can produce, go to
 * the cloud so every site decides alike).
 */
export function conflictWinner(rule: SyncConflictRule, localHlc: bigint, cloudHlc: bigint): SyncSide {
  if (rule === "local-wins") return "local";
  if (rule === "lww-hlc") return localHlc > cloudHlc ? "local" : "cloud";
  return "cloud";
}

/** What the farm does with a version pulled from the cloud, given its own version of the row. */
export type PullDecision =
  | { action: "apply" }
  | { action: "already-there" }
  | { action: "known" }
  | { action: "conflict"; winner: SyncSide };

/**
 * Whether two sides' versions of a row with the same clock are one version. A clock alone does not say so: a
 * hybrid logical clock orders causally related writes, but two sides writing the same row in the same
 * millisecond, each on top of an older version, stamp the same (l, c) (Kulkarni et al. 2014 break such ties
 * with the node). So a version is known by its clock and its writer: the farm's version is the cloud's when the
 * farm received it from the cloud (`localOrigin` set), or when the cloud's is the one this site sent.
 */
export function sameVersion(
  localOrigin: string | null | undefined,
  cloudOrigin: string | null,
  siteId: string,
) {
  return (localOrigin ?? null) !== null || cloudOrigin === siteId;
}

/**
 * A conflict is a row changed on both sides since the version both last had (`baseHlc`): the cloud's version is
 * new to the farm and the farm's own version moved past that base too. A change entry can bring a version the farm
 * already had (entries are read after the row, which may already have been at its newer state when an earlier
 * entry was applied): that version is the farm's base, and the farm's own edit descends from it ("known"). A row
 * deleted on both sides is no conflict: both want the same state and nothing is lost, so the farm takes the
 * cloud's tombstone as the version both have.
 */
export function decidePull(
  local: { hlc: bigint | null; baseHlc: bigint | null; origin?: string | null; deleted?: boolean },
  cloud: { hlc: bigint; origin: string | null; deleted?: boolean },
  rule: SyncConflictRule,
  siteId: string,
  /** The farm's version only adds columns the cloud lacks (nobody edited it). */
  untouched = false,
): PullDecision {
  const cloudHlc = cloud.hlc;
  if (local.hlc === null) return { action: "apply" };
  if (local.hlc === cloudHlc && sameVersion(local.origin, cloud.origin, siteId))
    return { action: "already-there" };
  if (local.baseHlc === cloudHlc) return { action: "known" };
  const changedHere = local.baseHlc === null || local.hlc !== local.baseHlc;
  if (!changedHere || untouched) return { action: "apply" };
  // Were the farm's delete to "win", the push would delete a row the cloud no longer has: the cloud's version
  // would change with no change entry, so a site whose push that version deferred would never hear of it (with
  // several sites under local-wins, an edit kept on one farm only).
  if (local.deleted && cloud.deleted) return { action: "apply" };
  return { action: "conflict", winner: conflictWinner(rule, local.hlc, cloudHlc) };
}

/** What the cloud does with a version pushed from the farm. */
export type PushDecision = { action: "apply" } | { action: "already-there" } | { action: "defer" };

/**
 * The cloud takes the farm's version when its own is the one the farm based it on (or one this site wrote,
 * whose bookkeeping a crash may have cut short). Otherwise someone else changed it meanwhile (even with the same
 * clock: see sameVersion): the row waits for the next pull, which sees that change and resolves the conflict by
 * the table's rule.
 */
export function decidePush(
  local: { hlc: bigint; baseHlc: bigint | null },
  cloud: { hlc: bigint | null; origin: string | null },
  siteId: string,
): PushDecision {
  if (cloud.hlc === null) return { action: "apply" };
  // The farm pushes only versions written on the farm (origin NULL there): the same clock is the same version
  // only when this site wrote the cloud's.
  if (cloud.hlc === local.hlc && sameVersion(null, cloud.origin, siteId)) return { action: "already-there" };
  if (cloud.hlc === local.baseHlc || cloud.origin === siteId) return { action: "apply" };
  return { action: "defer" };
}
