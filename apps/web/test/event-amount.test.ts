import assert from "node:assert/strict";
import { test } from "node:test";
import type { FieldEvent } from "@unicorn/contracts";
import { eventAmount, formatEventAmount } from "../src/lib/event-amount";
import { unitsFor } from "../src/lib/units";

const US = unitsFor("us");
const METRIC = unitsFor("metric");
const event = (kind: FieldEvent["kind"], amounts: Partial<FieldEvent>) =>
  ({
    nitrogenLbPerAcre: null,
    irrigationMm: null,
    yieldBuPerAcre: null,
    soilNitratePpm: null,
    kind,
    ...amounts,
  }) as FieldEvent;

test("event amounts print in the chosen unit: 19.05 mm = 0.75 in; 150 lb N/acre = 168.1 kg N/ha", () => {
  assert.equal(formatEventAmount(event("irrigation", { irrigationMm: 19.05 }), US), "0.75 in");
  assert.equal(formatEventAmount(event("irrigation", { irrigationMm: 19.05 }), METRIC), "19.1 mm");
  assert.equal(formatEventAmount(event("fertilizer_n", { nitrogenLbPerAcre: 150 }), METRIC), "168.1 kg N/ha");
  assert.equal(formatEventAmount(event("fertilizer_n", { nitrogenLbPerAcre: 150 }), US), "150 lb N/ac");
  // 200 bu/acre × 56 lb × 0.45359237 kg/lb / 0.40468564224 ha/acre = 12 553 kg/ha.
  assert.equal(formatEventAmount(event("harvest", { yieldBuPerAcre: 200 }), METRIC), "12.55 t/ha");
  assert.equal(formatEventAmount(event("soil_nitrate_test", { soilNitratePpm: 21 }), METRIC), "21 ppm NO3-N");
  assert.equal(formatEventAmount(event("planting", {}), METRIC), "");
});

test("a form's typed amount goes to the api field in its unit: 0.75 in of water is 19.05 mm", () => {
  const water = eventAmount("irrigation", US);
  assert.equal(water?.key, "irrigationMm");
  assert.ok(Math.abs((water?.toApi(0.75) ?? 0) - 19.05) < 1e-9);
  assert.equal(eventAmount("planting", US), undefined);
});
