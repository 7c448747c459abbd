import type { FieldEvent } from "@unicorn/contracts";

export type FrostDamage = NonNullable<FieldEvent["frostDamage"]>;

/** What a frost killed, as the loss tables ask it: the whole plant, or leaves only and what share of them. */
export function FrostFields({
  damage,
  leafLossPct,
  onDamage,
  onLeafLoss,
}: {
  damage: FrostDamage;
  leafLossPct: string;
  onDamage: (damage: FrostDamage) => void;
  onLeafLoss: (value: string) => void;
}) {
  return (
    <>
      <label>
        Killed
        <select value={damage} onChange={(e) => onDamage(e.target.value as FrostDamage)}>
          <option value="leaves-only">Leaves only</option>
          <option value="whole-plant">Whole plant</option>
        </select>
      </label>
      {damage === "leaves-only" ? (
        <label>
          Leaves killed (%)
          <input
            type="number"
            min="0"
            max="100"
            step="any"
            placeholder="100"
            value={leafLossPct}
            onChange={(e) => onLeafLoss(e.target.value)}
          />
        </label>
      ) : null}
    </>
  );
}

/** "whole plant killed" / "leaves only (40 % of leaves)" for a frost event, else "". */
export function frostDescription(event: FieldEvent): string {
  if (event.kind !== "frost" || !event.frostDamage) return "";
  if (event.frostDamage === "whole-plant") return "whole plant killed";
  return `leaves only${event.leafLossPct === null ? "" : ` (${event.leafLossPct} % of leaves)`}`;
}
