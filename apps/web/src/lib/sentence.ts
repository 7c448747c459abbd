import type { SentenceQuantity } from "@unicorn/contracts";
import { formatMoneyPerArea, formatRate, formatWater, formatYield, type UnitPrefs } from "./units";

const FORMAT: Record<SentenceQuantity["kind"], (value: number, prefs: UnitPrefs) => string> = {
  yield: formatYield,
  water: formatWater,
  money_per_area: (value, prefs) => formatMoneyPerArea(value, prefs, 2),
  rate: (value, prefs) => formatRate(value, prefs, "N"),
};

/**
 * An API-written sentence with each of its quantities printed in the user's unit system: the API writes US
 * units and marks every number it wrote (text, kind, value in the canonical unit), so nothing fixed-unit shows.
 */
export function localizeSentence(
  sentence: string,
  quantities: readonly SentenceQuantity[],
  prefs: UnitPrefs,
): string {
  let out = "";
  let rest = sentence;
  for (const q of quantities) {
    const at = rest.indexOf(q.text);
    if (at < 0) continue;
    out += rest.slice(0, at) + FORMAT[q.kind](q.value, prefs);
    rest = rest.slice(at + q.text.length);
  }
  return out + rest;
}
