/** Evaluation helpers of the training pipeline, on small cases worked out by hand. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { conformalOffset, coverage, heldOutCounties } from "../train/evaluate";

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
