/** Nitrogen and seeding-rate economics, checked against hand calculations written out in each test. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { nitrogenRecommendation, seedingRateOptimum } from "../src/index";

describe("nitrogen: EONR on a quadratic-plateau response", () => {
  const response = { intercept: 160, linear: 0.45, quadratic: -0.00125 };
  const result = nitrogenRecommendation(response, { nitrogenPricePerLb: 0.5, cornPricePerBu: 5 }, 50);

  test("EONR = (0.10 − 0.45) / (2 × −0.00125) = 140 lb/acre; yield 198.5; return $122.50/acre", () => {
    assert.equal(result.priceRatio, 0.1);
    assert.equal(result.eonrLbPerAcre, 140);
    assert.equal(result.yieldAtEonrBuPerAcre, 198.5);
    assert.equal(result.netReturnAtEonrPerAcre, 122.5);
    assert.equal(result.plateauLbPerAcre, 180);
  });
  test("N applied within the profitable range leaves nothing to apply; below it, EONR − applied", () => {
    const prices = { nitrogenPricePerLb: 0.5, cornPricePerBu: 5 };
    // 130 ≥ the range's low end 127.4: topping up to 140 returns under $1/acre.
    const within = nitrogenRecommendation(response, prices, 130);
    assert.deepEqual([within.remainingLbPerAcre, within.costStillToApplyPerAcre], [0, 0]);
    // 120 < 127.4: 140 − 120 = 20 lb at $0.50 = $10.00.
    const below = nitrogenRecommendation(response, prices, 120);
    assert.deepEqual([below.remainingLbPerAcre, below.costStillToApplyPerAcre], [20, 10]);
  });

  test("profitable range: 1.75 N − 0.00625 N² ≥ 121.5 gives 127.4 to 152.6 lb/acre (MRTN ±$1)", () => {
    // Roots of 0.00625 N² − 1.75 N + 121.5 = 0: (1.75 ± √0.025) / 0.0125 = 127.35 and 152.65.
    assert.deepEqual(result.profitableRangeLbPerAcre, { low: 127.4, high: 152.6 });
  });
  test("50 lb already applied leaves 90 lb/acre", () => {
    assert.equal(result.remainingLbPerAcre, 90);
  });
  test("when N is free the optimum is the plateau, never beyond it", () => {
    const free = nitrogenRecommendation(response, { nitrogenPricePerLb: 0.0001, cornPricePerBu: 5 });
    assert.ok(free.eonrLbPerAcre <= 180 && free.eonrLbPerAcre > 179.9);
  });
  test("a convex response is refused", () => {
    assert.throws(
      () =>
        nitrogenRecommendation(
          { ...response, quadratic: 0.001 },
          { nitrogenPricePerLb: 1, cornPricePerBu: 5 },
        ),
      /quadratic/,
    );
  });
});

describe("seeding rate: economic optimum", () => {
  test("Y = 80 + 6.5 S − 0.09 S², seed $4/thousand, corn $4.50: S = (0.8889 − 6.5)/(−0.18) = 31.17", () => {
    const result = seedingRateOptimum(
      { intercept: 80, linear: 6.5, quadratic: -0.09 },
      { seedPricePerThousand: 4, cornPricePerBu: 4.5 },
    );
    assert.equal(result.optimumThousandSeedsPerAcre, 31.17);
    assert.equal(result.agronomicMaximumThousandSeedsPerAcre, 36.11);
    // Y(31.173) = 80 + 202.63 − 87.46 = 195.2; return 4.5 × 195.17 − 4 × 31.17 = 753.5
    assert.equal(result.yieldAtOptimumBuPerAcre, 195.2);
    assert.ok(Math.abs(result.netReturnPerAcre - 753.5) < 0.1, String(result.netReturnPerAcre));
  });
});
