/** Evaluation helpers of the training pipeline, on small cases worked out by hand. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Row } from "../train/dataset";
import {
  conformalOffset,
  countyMeanTrendBaseline,
  coverage,
  heldOutCounties,
  type Metrics,
  metrics,
} from "../train/evaluate";
import { observedShare } from "../train/features";
import { mergeYearParts, type SplitResult } from "../train/protocol";
import { yearBalancedOffset } from "../train/yield-model";

describe("interval coverage and its conformal calibration", () => {
  // Yields 10, 20, 30, 40 with intervals [12,18], [15,25], [25,28], [41,45]:
  // scores max(low - y, y - high) = max(2,-8)=2, max(-5,-5)=-5, max(-5,2)=2, max(1,-5)=1.
  const actual = [10, 20, 30, 40];
  const low = [12, 15, 25, 41];
  const high = [18, 25, 28, 45];

  test("coverage counts the yields inside their interval, ends included", () => {
    assert.equal(coverage(actual, low, high), 0.25);
    assert.equal(coverage([10, 20], [10, 15], [12, 20]), 1);
  });

  test("the offset is the ceil((n + 1)·level)-th smallest score (Romano et al. 2019)", () => {
    // Sorted scores -5, 1, 2, 2. Level 0.5: ceil(5 · 0.5) = 3rd smallest = 2.
    assert.equal(conformalOffset(actual, low, high, 0.5), 2);
    // Level 0.3: ceil(1.5) = 2nd smallest = 1.
    assert.equal(conformalOffset(actual, low, high, 0.3), 1);
    // Level 0.9: ceil(4.5) = 5 > n, so the largest score.
    assert.equal(conformalOffset(actual, low, high, 0.9), 2);
  });

  test("intervals moved apart by the offset cover at least the level on the calibration rows", () => {
    const offset = conformalOffset(actual, low, high, 0.5);
    const widened = coverage(
      actual,
      low.map((v) => v - offset),
      high.map((v) => v + offset),
    );
    assert.equal(widened, 1); // scores 2, -5, 2, 1 are all <= 2
  });

  test("a narrower offset is negative when every interval is too wide", () => {
    // Yield 10 in [0, 30]: score max(-10, -20) = -10.
    assert.equal(conformalOffset([10], [0], [30], 0.5), -10);
  });
});

describe("county splits", () => {
  const rows = Array.from({ length: 400 }, (_, i) => ({ geoid: String(19001 + i) })) as never[];

  test("about the asked share is held out, and a salt draws a different split", () => {
    const a = heldOutCounties(rows, 0.25);
    const b = heldOutCounties(rows, 0.25, 1);
    assert.ok(a.size > 70 && a.size < 130, `${a.size} of 400`);
    assert.ok(b.size > 70 && b.size < 130, `${b.size} of 400`);
    const shared = [...a].filter((g) => b.has(g)).length;
    // Independent draws share about a quarter of each other's counties; the same draw would share all.
    assert.ok(shared < a.size * 0.5, `${shared} shared`);
  });
});

describe("metrics and baselines", () => {
  test("bias is predicted minus actual", () => {
    // errors +2 and +4: RMSE sqrt((4 + 16) / 2) = 3.162, MAE 3, bias +3
    const m = metrics([10, 20], [12, 24]);
    assert.equal(m.bias, 3);
    assert.equal(m.mae, 3);
    assert.equal(m.rmse, 3.162);
  });

  test("county mean + common trend: slope fitted within counties, unseen counties get the overall mean", () => {
    const row = (geoid: string, year: number, value: number) => ({ geoid, year, yield: value }) as Row;
    // Both counties rise 4 bu in 2 years: slope 2. A: mean 102 at 2011, so 2014 = 102 + 2·3 = 108; B: 158.
    // C has no rows: overall mean 127 at 2011, so 133.
    const train = [row("A", 2010, 100), row("A", 2012, 104), row("B", 2010, 150), row("B", 2012, 154)];
    const predicted = countyMeanTrendBaseline(train, [
      row("A", 2014, 0),
      row("B", 2014, 0),
      row("C", 2014, 0),
    ]);
    assert.deepEqual(predicted, [108, 158, 133]);
  });
});

describe("year-balanced conformal offset", () => {
  test("every year weighs the same, however many rows it has", () => {
    // Three rows of 2000 weigh 1/6 each, the one row of 2001 weighs 1/2: cumulative 1/6, 2/6, 3/6, 1.
    const scores = [1, 2, 3, 4];
    const years = [2000, 2000, 2000, 2001];
    assert.equal(yearBalancedOffset(scores, years, 0.3), 2);
    assert.equal(yearBalancedOffset(scores, years, 0.5), 3);
    assert.equal(yearBalancedOffset(scores, years, 0.6), 4);
  });
});

describe("features as of an issue date", () => {
  test("the observed share of each variable's window", () => {
    // 1 Apr-31 May is 61 of the 183 days of 1 Apr-30 Sep.
    assert.equal(observedShare("GDD", "06-01"), 61 / 183);
    // 30 of the 92 days of Jun-Aug are observed on 1 July.
    assert.equal(observedShare("BV10", "07-01"), 30 / 92);
    assert.equal(observedShare("BV18", "06-01"), 0);
    assert.equal(observedShare("BV5", "08-01"), 1);
    assert.equal(observedShare("TP", "10-01"), 1);
  });
});

describe("leave-one-year-out run in parts", () => {
  test("pooling two parts gives the figures of all their rows at once", () => {
    // Part 1: yield 100 forecast 110 (error +10). Part 2: yields 120, 140 forecast 120, 130 (errors 0, −10).
    // All three: RMSE √(200/3) = 8.165, MAE 20/3 = 6.667, bias 0; SST about the mean 120 is 800, R² 1 − 200/800.
    const scored = (m: Metrics, coverage: number, width: number) => ({ ...m, coverage, width });
    const part = (actual: number[], predicted: number[], coverage: number, width: number): SplitResult => {
      const m = metrics(actual, predicted);
      return {
        title: "leave one year out",
        folds: 1,
        testRows: actual.length,
        model: scored(m, coverage, width),
        baselines: { countyMean: m, countyMeanTrend: m },
        issueDates: { "end of season": scored(m, coverage, width) },
        perYear: {},
        coverageByHistory: { "9+": { rows: actual.length, coverage, width } },
        intervalOffsets: [1],
      };
    };
    const merged = mergeYearParts(
      [part([100], [110], 1, 30), part([120, 140], [120, 130], 0.5, 60)],
      [100, 120, 140],
    );
    assert.deepEqual(merged.model, {
      n: 3,
      rmse: 8.165,
      mae: 6.667,
      r2: 0.75,
      bias: 0,
      coverage: 0.667,
      width: 50,
    });
    assert.equal(merged.folds, 2);
    assert.deepEqual(merged.coverageByHistory, { "9+": { rows: 3, coverage: 0.667, width: 50 } });
  });
});
