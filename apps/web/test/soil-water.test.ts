import assert from "node:assert/strict";
import { test } from "node:test";
import { soilWaterText } from "../src/lib/soil-water";
import { unitsFor } from "../src/lib/units";

// 38.1 mm = 1.5 in and 254 mm = 10 in exactly (1 in = 25.4 mm, NIST SP 811 B.8); 38.1 / 254 = 15 %, / 127 = 30 %.
const water = { depletionMm: 38.1, tawMm: 254, rawMm: 127 };

test("soil water reads in inches first in US units, in mm first in metric, the other in parentheses", () => {
  assert.deepEqual(soilWaterText(water, unitsFor("us")), {
    depletion: "1.5 in (38 mm) depleted",
    ofTaw: "15 % of TAW 10.0 in (254 mm)",
    ofRaw: "30 % of RAW 5.0 in (127 mm)",
  });
  assert.deepEqual(soilWaterText(water, unitsFor("metric")), {
    depletion: "38 mm (1.5 in) depleted",
    ofTaw: "15 % of TAW 254 mm (10.0 in)",
    ofRaw: "30 % of RAW 127 mm (5.0 in)",
  });
});
