/** The weather stress terms of the linear part, on rows worked out by hand. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FEATURES, STRESS_TERMS, stressValues } from "../train/features";
import { linearValue } from "../train/yield-model";

const row = (values: Record<string, number>) => FEATURES.map((f) => values[f.name] ?? 0);

describe("weather stress terms", () => {
  test("July heat counts only the degrees above 29 °C beyond the county normal's", () => {
    assert.deepEqual(
      STRESS_TERMS.map((t) => t.name),
      ["JULY_HEAT", "SUMMER_DEFICIT"],
    );
    // Normal 30 °C, season +3: (33 − 29) − (30 − 29) = 3. Normal 27, +3: (30 − 29) − 0 = 1.
    assert.equal(stressValues(row({ BV5_NORMAL: 30, BV5_ANOM: 3 }))[0], 3);
    assert.equal(stressValues(row({ BV5_NORMAL: 27, BV5_ANOM: 3 }))[0], 1);
    // Normal 31, season −4: 0 − 2 = −2 (a cooler July relieves the normal's stress). Normal 25, −4: 0.
    assert.equal(stressValues(row({ BV5_NORMAL: 31, BV5_ANOM: -4 }))[0], -2);
    assert.equal(stressValues(row({ BV5_NORMAL: 25, BV5_ANOM: -4 }))[0], 0);
  });

  test("the summer deficit is the Jun-Aug rain short of normal, 0 for a wet summer", () => {
    assert.equal(stressValues(row({ BV18_NORMAL: 300, BV18_ANOM: -120 }))[1], 120);
    assert.equal(stressValues(row({ BV18_NORMAL: 300, BV18_ANOM: 80 }))[1], 0);
  });

  test("with a ceiling only the stress beyond it counts", () => {
    const weights = FEATURES.map(() => 0);
    const x = row({ BV5_NORMAL: 30, BV5_ANOM: 5, BV18_ANOM: -100 });
    // Heat (35 − 29) − (30 − 29) = 5, deficit 100. Whole range: 10 − 5·4 − 0.1·100 = −20.
    const whole = { bias: 10, weights, stress: { weights: [-4, -0.1], ceiling: null } };
    assert.equal(linearValue(whole, x), -20);
    // Ceilings 3 °C and 120 mm: 10 − 4·(5 − 3) − 0.1·0 = 2.
    const beyond = { ...whole, stress: { weights: [-4, -0.1], ceiling: [3, 120] } };
    assert.equal(linearValue(beyond, x), 2);
  });
});
