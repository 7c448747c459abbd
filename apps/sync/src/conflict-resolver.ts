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
 * A conflict is a row changed on both sides since the version both last had (`baseHlc`): the cloud's version is
 * new to the farm and the farm's own version moved past that base too. A change entry can bring a version the farm
 * already had (entries are read after the row, which may already have been at its newer state when an earlier
 * entry was applied): that version is the farm's base, and the farm's own edit descends from it ("known").
 */
export function decidePull(
  local: { hlc: bigint | null; baseHlc: bigint | null; origin?: string | null },
  cloudHlc: bigint,
  rule: SyncConflictRule,
  /** The farm's version only adds columns the cloud lacks (nobody edited it). */
  untouched = false,
): PullDecision {
  if (local.hlc === null) return { action: "apply" };
  if (local.hlc === cloudHlc) return { action: "already-there" };
  if (local.baseHlc === cloudHlc) return { action: "known" };
  const changedHere = local.baseHlc === null || local.hlc !== local.baseHlc;
  if (!changedHere || untouched) return { action: "apply" };
  return { action: "conflict", winner: conflictWinner(rule, local.hlc, cloudHlc) };
}

/** What the cloud does with a version pushed from the farm. */
export type PushDecision = { action: "apply" } | { action: "already-there" } | { action: "defer" };

/**
 * The cloud takes the farm's version when its own is the one the farm based it on (or one this site wrote,
 * whose bookkeeping a crash may have cut short). Otherwise someone else changed it meanwhile: the row waits for
 * the next pull, which sees that change and resolves the conflict by the table's rule.
 */
export function decidePush(
  local: { hlc: bigint; baseHlc: bigint | null },
  cloud: { hlc: bigint | null; origin: string | null },
  siteId: string,
): PushDecision {
  if (cloud.hlc === null) return { action: "apply" };
  if (cloud.hlc === local.hlc) return { action: "already-there" };
  if (cloud.hlc === local.baseHlc || cloud.origin === siteId) return { action: "apply" };
  return { action: "defer" };
}
