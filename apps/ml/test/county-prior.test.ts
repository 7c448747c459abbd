/** The county offset's neighbour prior and the gate between the two tree sets, against hand calculations. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { countyOffset, FEATURE_INDEX, FEATURES, type SplitContext } from "../train/features";
import { predictQuantile, type QuantileModel } from "../train/gbm";
import { gated } from "../train/yield-model";

const context: SplitContext = {
  level: 150,
  slope: 2,
  shrinkage: 2,
  neighbours: new Map([
    ["A", ["B", "C"]],
    ["D", ["B", "C"]],
  ]),
  history: new Map([
    [
      "A",
      new Map([
        [2010, 10],
        [2011, 20],
      ]),
    ],
    [
      "B",
      new Map([
        [2010, 4],
        [2012, 8],
      ]),
    ],
    ["C", new Map([[2011, 6]])],
  ]),
  normals: new Map(),
};

describe("county offset with a neighbours' prior (empirical Bayes, Morris 1983)", () => {
  test("own years other than the row's, shrunk towards the neighbours' other years", () => {
    // Row A 2011: own history {2010: 10}; neighbours without 2011: B's 4 and 8, mean 6; (10 + 2 · 6) / (1 + 2).
    const h = countyOffset(context, "A", 2011);
    assert.equal(h.years, 1);
    assert.equal(h.neighbour, 6);
    assert.ok(Math.abs(h.offset - 22 / 3) < 1e-12, `${h.offset}`);
  });

  test("a county with no history gets the prior itself", () => {
    // D 2010: B's 2012 (8) and C's 2011 (6): mean 7.
    assert.deepEqual(countyOffset(context, "D", 2010), { offset: 7, neighbour: 7, years: 0 });
  });

  test("hiding the county's own years leaves the prior", () => {
    const h = countyOffset(context, "A", 2012, () => false);
    // Neighbours without 2012: B 4, C 6 → 5.
    assert.deepEqual(h, { offset: 5, neighbour: 5, years: 0 });
  });
});

describe("two tree sets gated on COUNTY_YEARS, in one ensemble", () => {
  const stump = (feature: number, threshold: number, low: number, high: number) => [
    { feature, threshold, left: 1, right: 2, value: 0 },
    { feature: -1, threshold: 0, left: -1, right: -1, value: low },
    { feature: -1, threshold: 0, left: -1, right: -1, value: high },
  ];
  const lat = FEATURE_INDEX.LAT!;
  const unseen: QuantileModel = { alpha: 0.5, base: 10, learningRate: 0.1, trees: [stump(lat, 40, 1, 2)] };
  const history: QuantileModel = { alpha: 0.5, base: -3, learningRate: 0.1, trees: [stump(lat, 40, 5, 7)] };
  const model = gated(unseen, history);
  const row = (years: number, latitude: number) => {
    const x = FEATURES.map(() => 0);
    x[FEATURE_INDEX.COUNTY_YEARS!] = years;
    x[lat] = latitude;
    return x;
  };

  test("a county without history is scored by the unseen set alone, any other by the history set", () => {
    assert.equal(predictQuantile(model, row(0, 35)), 10 + 1);
    assert.equal(predictQuantile(model, row(0, 45)), 10 + 2);
    assert.equal(predictQuantile(model, row(1, 35)), -3 + 5);
    assert.equal(predictQuantile(model, row(11, 45)), -3 + 7);
  });
});
