import type { FieldEvent } from "@unicorn/contracts";
import { type EntryQuantity, type EntryUnit, entryUnit, type UnitPrefs } from "./units";

type AmountKey = "nitrogenLbPerAcre" | "irrigationMm" | "yieldBuPerAcre" | "soilNitratePpm";

/** Which API field holds each event's amount, and what it measures (a soil test's ppm has no other unit). */
const QUANTITY: Partial<Record<FieldEvent["kind"], { key: AmountKey; quantity: EntryQuantity | "ppm" }>> = {
  fertilizer_n: { key: "nitrogenLbPerAcre", quantity: "rate" },
  irrigation: { key: "irrigationMm", quantity: "water" },
  harvest: { key: "yieldBuPerAcre", quantity: "yield" },
  soil_nitrate_test: { key: "soilNitratePpm", quantity: "ppm" },
};

const PPM: EntryUnit = { unit: "ppm NO3-N", fromApi: (v) => v, toApi: (v) => v };

/** The API field and the unit an event kind's amount is shown and typed in, or undefined if it has none. */
export function eventAmount(
  kind: FieldEvent["kind"],
  prefs: UnitPrefs,
): ({ key: AmountKey } & EntryUnit) | undefined {
  const q = QUANTITY[kind];
  if (!q) return undefined;
  return {
    key: q.key,
    ...(q.quantity === "ppm" ? PPM : entryUnit(q.quantity, prefs, q.quantity === "rate" ? "N" : "")),
  };
}

/** An event's amount in the user's unit with the unit beside it ("0.75 in", "168.1 kg N/ha"), or "". */
export function formatEventAmount(event: FieldEvent, prefs: UnitPrefs): string {
  const amount = eventAmount(event.kind, prefs);
  const stored = amount ? event[amount.key] : null;
  return amount && stored !== null && stored !== undefined ? `${amount.fromApi(stored)} ${amount.unit}` : "";
}
