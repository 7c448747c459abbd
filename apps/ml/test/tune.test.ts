/** The tuning tool's selection rule and inner folds, on small cases worked out by hand. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Row } from "../train/dataset";
import { cost, innerFolds, select } from "../train/tune";

describe("honest tuning", () => {
  test("the lowest inner RMSE wins unless a cheaper candidate is within the tolerance", () => {
    // Inner RMSE 18.47, 17.66, 17.64, 17.52 with costs 4, 8, 16, 32: best 17.52; within 0.05 only itself.
    assert.equal(select([18.47, 17.66, 17.64, 17.52], [4, 8, 16, 32], 0.05), 3);
    // Within 0.15 of 17.52 (≤ 17.67): 17.66 (cost 8), 17.64 (16), 17.52 (32): the cheapest is index 1.
    assert.equal(select([18.47, 17.66, 17.64, 17.52], [4, 8, 16, 32], 0.15), 1);
  });

  test("cost is rounds times 2^depth of both mean tree sets", () => {
    // Defaults: mean 100 rounds depth 4 (1600), unseen 200 rounds depth 6 (12800).
    assert.equal(cost({}), 1600 + 12800);
    assert.equal(cost({ unseenMean: { maxDepth: 8, rounds: 400 } }), 1600 + 400 * 256);
  });

  test("year blocks of the training years: every third year, never a test year in its own training", () => {
    const rows = [2008, 2009, 2010, 2011, 2013, 2014].map((year) => ({ geoid: "19169", year })) as Row[];
    const inner = innerFolds(rows, "leaveOneYearOut");
    assert.deepEqual(
      inner.map((f) => f.test.map((r) => r.year)),
      [
        [2008, 2011],
        [2009, 2013],
        [2010, 2014],
      ],
    );
    for (const f of inner) for (const r of f.test) assert.ok(!f.train.some((t) => t.year === r.year));
  });

  test("a county split holds out whole training counties", () => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      [2010, 2011].map((year) => ({ geoid: String(19001 + i), year })),
    ).flat() as Row[];
    const [fold] = innerFolds(rows, "heldOutCounties");
    const held = new Set(fold!.test.map((r) => r.geoid));
    assert.ok(held.size > 25 && held.size < 75, `${held.size} of 200`);
    assert.ok(!fold!.train.some((r) => held.has(r.geoid)));
    assert.equal(fold!.train.length + fold!.test.length, rows.length);
  });
});
