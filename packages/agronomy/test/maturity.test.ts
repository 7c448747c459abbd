/** Planting-date maturity, fall-freeze odds, frost losses and the crop calendar, against their sources. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CENTRAL_IOWA_FALL_FREEZE,
  cropCalendar,
  frostYieldLoss,
  frostYieldLossWithLeafShare,
  normalCdf,
  plantingAdjustedMaturity,
  probabilityFreezeAfter,
  seedingRateOptimum,
  seedsForPlants,
} from "../src/index";

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

describe("GDD to black layer for the planting date (Nielsen et al. 2002)", () => {
  test("Nielsen's example: a 2,700 GDD hybrid planted 31 May needs 2,700 − 30 × 6.8 = 2,496 GDD", () => {
    const m = plantingAdjustedMaturity(2700, "2026-05-31");
    assert.equal(m.daysAfterMay1, 30);
    near(m.gddToBlackLayerF, 2496, 1e-9, "GDD");
    assert.equal(m.capped, false);
  });
  test("planting on or before 1 May keeps the rating", () => {
    assert.equal(plantingAdjustedMaturity(2700, "2026-05-01").gddToBlackLayerF, 2700);
    assert.equal(plantingAdjustedMaturity(2700, "2026-04-20").gddToBlackLayerF, 2700);
  });
  test("beyond mid-June (the studied range) the reduction stops at 45 × 6.8 = 306 GDD", () => {
    const m = plantingAdjustedMaturity(2700, "2026-06-30");
    assert.equal(m.capped, true);
    near(m.gddToBlackLayerF, 2394, 1e-9, "GDD");
  });
});

describe("first fall freeze at Ames, IA (normal distribution, Thom & Shaw 1958)", () => {
  test("normal CDF: Φ(0) = 0.5, Φ(1.2816) = 0.90, Φ(−1.96) = 0.025 (standard tables)", () => {
    near(normalCdf(0), 0.5, 1e-7, "Φ(0)");
    near(normalCdf(1.2816), 0.9, 1e-4, "Φ(1.2816)");
    near(normalCdf(-1.96), 0.025, 1e-4, "Φ(−1.96)");
  });
  test("the published 10/50/90 % dates come back: P(freeze after Sep 22) 0.90, Oct 6 0.50, Oct 20 0.10", () => {
    const n = CENTRAL_IOWA_FALL_FREEZE.frost32F;
    near(probabilityFreezeAfter(n, "2026-09-22"), 0.9, 0.001, "Sep 22");
    near(probabilityFreezeAfter(n, "2026-10-06"), 0.5, 0.001, "Oct 6");
    near(probabilityFreezeAfter(n, "2026-10-20"), 0.1, 0.001, "Oct 20");
  });
  test("the same station's 20 % and 80 % dates (Sep 27, Oct 15) are matched within 3 percentage points", () => {
    const n = CENTRAL_IOWA_FALL_FREEZE.frost32F;
    near(probabilityFreezeAfter(n, "2026-09-27"), 0.8, 0.03, "Sep 27");
    near(probabilityFreezeAfter(n, "2026-10-15"), 0.2, 0.03, "Oct 15");
  });
});

describe("frost yield loss by stage (Carter & Hesterman 1990, NCH-57)", () => {
  test("whole plant killed: 55 % at soft dough, 41 % at full dent, 12 % at half milk line, 0 at black layer", () => {
    assert.equal(frostYieldLoss(2190, 2700, "whole-plant").yieldLossPct, 55);
    near(frostYieldLoss(2450, 2700, "whole-plant").yieldLossPct, 41, 1e-9, "R5");
    near(frostYieldLoss(2575, 2700, "whole-plant").yieldLossPct, 12, 1e-9, "half milk line");
    assert.equal(frostYieldLoss(2700, 2700, "whole-plant").yieldLossPct, 0);
  });
  test("leaves only killed: 35, 27 and 6 %", () => {
    assert.equal(frostYieldLoss(2190, 2700, "leaves-only").yieldLossPct, 35);
    near(frostYieldLoss(2450, 2700, "leaves-only").yieldLossPct, 27, 1e-9, "R5");
    near(frostYieldLoss(2575, 2700, "leaves-only").yieldLossPct, 6, 1e-9, "half milk line");
  });
  test("before soft dough the soft-dough figure is a lower bound; stages scale with the hybrid", () => {
    const early = frostYieldLoss(1500, 2700, "whole-plant");
    assert.equal(early.lowerBound, true);
    assert.equal(early.yieldLossPct, 55);
    // Full dent of a 2,500 GDD hybrid is 2,450 × 2,500 / 2,700 = 2,268.5 GDD.
    near(frostYieldLoss(2268.5, 2500, "whole-plant").yieldLossPct, 41, 0.01, "R5 of a 2,500 GDD hybrid");
  });
  test("a recorded frost's leaf share: all leaves is the table's row, half the leaves half of it", () => {
    // Full dent, leaves only: 27 % with every leaf killed (the table), 27 × 40/100 = 10.8 % with 40 % killed.
    near(frostYieldLossWithLeafShare(2450, 2700, "leaves-only", 100).yieldLossPct, 27, 1e-9, "100 %");
    near(frostYieldLossWithLeafShare(2450, 2700, "leaves-only", 40).yieldLossPct, 10.8, 1e-9, "40 %");
    near(frostYieldLossWithLeafShare(2450, 2700, "leaves-only", null).yieldLossPct, 27, 1e-9, "no share");
    // A whole-plant kill ignores the share: 41 %.
    near(frostYieldLossWithLeafShare(2450, 2700, "whole-plant", 40).yieldLossPct, 41, 1e-9, "whole plant");
    assert.throws(() => frostYieldLossWithLeafShare(2450, 2700, "leaves-only", 120), RangeError);
  });
});

describe("crop calendar", () => {
  // A constant 20 GDD/day climate (Tmax 80 °F, Tmin 60 °F: (80 + 60)/2 − 50 = 20) makes the dates hand-checkable.
  const flat = (dayOfYear: number) => ({ dayOfYear, tmaxF: 80, tminF: 60 });
  test("planted 1 May: R1 at 1,400 GDD = day 70 (10 Jul), R6 at 2,700 GDD = day 135 (13 Sep)", () => {
    const c = cropCalendar({
      plantingDate: "2026-05-01",
      ratedGddToBlackLayerF: 2700,
      observed: [],
      normals: flat,
    });
    assert.equal(c.silkingDate, "2026-07-10");
    assert.equal(c.blackLayerDate, "2026-09-13");
    assert.equal(c.stages.length, 11);
    // 13 Sep is 9 days before the 10 % date (Sep 22), σ = 28/2.5632 = 10.92 d, mean Oct 6: z = −23/10.92 = −2.106.
    near(c.frost.probabilityBlackLayerBeforeFrost32F, 1 - normalCdf(-23 / (28 / 2.5632)), 1e-9, "P");
    near(c.frost.probabilityBlackLayerBeforeFrost32F, 0.982, 0.001, "P ≈ 0.982");
  });
  test("planted 31 May: R6 at 2,496 GDD = day 125 (3 Oct), R1 at 1,400 × 2,496/2,700 = 1,294.2 = day 65 (4 Aug)", () => {
    const c = cropCalendar({
      plantingDate: "2026-05-31",
      ratedGddToBlackLayerF: 2700,
      observed: [],
      normals: flat,
    });
    assert.equal(c.maturity.gddToBlackLayerF, 2496);
    assert.equal(c.blackLayerDate, "2026-10-03");
    assert.equal(c.silkingDate, "2026-08-04");
  });
});

describe("seeding rate: costs, price ratio, marginal yield and plants", () => {
  test("Y = 80 + 6.5 S − 0.09 S², seed $4/thousand, corn $4.50, 95 % establishment (hand calculation)", () => {
    const r = seedingRateOptimum(
      { intercept: 80, linear: 6.5, quadratic: -0.09 },
      { seedPricePerThousand: 4, cornPricePerBu: 4.5 },
      0.95,
    );
    // ratio 4/4.5 = 0.889; S* = (0.8889 − 6.5)/(−0.18) = 31.17; cost 4 × 31.173 = 124.69; plants 0.95 × 31.173 = 29.61
    assert.equal(r.seedToCornPriceRatio, 0.889);
    assert.equal(r.seedCostPerAcre, 124.69);
    near(r.marginalYieldAtOptimumBuPerThousand, 0.889, 0.001, "dY/dS = price ratio at an interior optimum");
    assert.equal(r.optimumThousandPlantsPerAcre, 29.61);
    near(seedsForPlants(30, 0.95), 31.579, 0.001, "30,000 plants at 95 % need 31,579 seeds");
  });
});
