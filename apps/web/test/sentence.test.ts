import assert from "node:assert/strict";
import { test } from "node:test";
import { localizeSentence } from "../src/lib/sentence";
import { parseUnitPrefs } from "../src/lib/units";

const us = parseUnitPrefs(JSON.stringify({ system: "us" }));
const metric = parseUnitPrefs(JSON.stringify({ system: "metric" }));

test("an API sentence prints its quantities in the user's units, in order, even when the same text repeats", () => {
  const message =
    "2 passes starting 2026-07-21, 2.00 in (51 mm) gross in all, $27.00/acre. The system cannot keep up: running whenever it may, the depletion still passes the allowed 4.96 in (126 mm) on 2026-07-21; expect some stress.";
  const quantities = [
    { kind: "water" as const, value: 50.8, text: "2.00 in (51 mm)" },
    { kind: "money_per_area" as const, value: 27, text: "$27.00/acre" },
    { kind: "water" as const, value: 126, text: "4.96 in (126 mm)" },
  ];
  const m = localizeSentence(message, quantities, metric);
  // 50.8 mm; $27/acre × 2.4710538 acres/ha = $66.72/ha; 126.0 mm.
  assert.match(m, /, 50\.8 mm gross in all, \$66\.72\/ha\./);
  assert.match(m, /allowed 126\.0 mm on 2026-07-21/);
  assert.ok(!/\d in\b|acre/.test(m), m);
  assert.match(localizeSentence(message, quantities, us), /2\.00 in gross in all/);
  // 212 bu/ac = 212 × 0.0627658 t/ha = 13.31 t/ha (56 lb bushel).
  assert.equal(
    localizeSentence(
      "Season 2026 harvested: 212 bu/ac, harvested on 2026-10-15.",
      [{ kind: "yield", value: 212, text: "212 bu/ac" }],
      metric,
    ),
    "Season 2026 harvested: 13.31 t/ha, harvested on 2026-10-15.",
  );
});
