/** The field's track record and bias correction, against hand calculations (normal-normal conjugate, BDA3 eq. 2.12). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldTrackRecord, sigmaOf } from "../src/forecast/field-bias";

// An interval of σ = 20 bu/acre around p50: p10/p90 = p50 ∓ 1.2815515655 · 20 = p50 ∓ 25.631.
const z20 = 1.2815515655446004 * 20;
const around = (p50: number) => ({ p10: p50 - z20, p50, p90: p50 + z20 });

test("σ is read off the p10-p90 interval; none without one", () => {
  assert.ok(Math.abs(sigmaOf(180 - z20, 180 + z20)! - 20) < 1e-9);
  assert.equal(sigmaOf(null, 200), null);
});

test("no recorded harvest: no track record", () => {
  assert.equal(fieldTrackRecord([], around(190)), null);
});

test("one harvest 20 bu/acre above a forecast of equal σ moves the forecast halfway, 10 bu/acre", () => {
  const record = fieldTrackRecord([{ year: 2025, yieldBuPerAcre: 200, ...around(180) }], around(190))!;
  assert.equal(record.meanErrorBuPerAcre, 20);
  assert.equal(record.rmseBuPerAcre, 20);
  assert.equal(record.insideIntervalShare, 1);
  // precision 1/400 + 1/400 = 1/200; bias = (20/400) · 200 = 10; sd √200 = 14.14;
  // interval 200 ± 1.28155 · √(400 + 200) = 200 ± 31.39.
  assert.deepEqual(record.correction, {
    biasBuPerAcre: 10,
    biasStandardErrorBuPerAcre: 14.14,
    p10: 168.61,
    p50: 200,
    p90: 231.39,
  });
});

test("two harvests, +10 and −30: mean −10, RMSE 22.36, correction −6.67 ± 11.55", () => {
  const record = fieldTrackRecord(
    [
      { year: 2024, yieldBuPerAcre: 190, ...around(180) },
      { year: 2025, yieldBuPerAcre: 150, ...around(180) },
    ],
    around(190),
  )!;
  assert.equal(record.meanErrorBuPerAcre, -10);
  assert.equal(record.rmseBuPerAcre, 22.36);
  assert.equal(record.insideIntervalShare, 0.5);
  // precision 3/400: bias = (−20/400) · 400/3 = −6.667, sd √(400/3) = 11.547; 183.33 ± 1.28155 · √533.3 = ± 29.596.
  assert.deepEqual(record.correction, {
    biasBuPerAcre: -6.67,
    biasStandardErrorBuPerAcre: 11.55,
    p10: 153.74,
    p50: 183.33,
    p90: 212.93,
  });
});

test("a kept forecast without an interval: the errors are reported, no correction", () => {
  const record = fieldTrackRecord(
    [{ year: 2025, yieldBuPerAcre: 200, p10: null, p50: 180, p90: null }],
    around(190),
  )!;
  assert.equal(record.meanErrorBuPerAcre, 20);
  assert.equal(record.insideIntervalShare, 0);
  assert.equal(record.correction, null);
});

test("off season, without a forecast to correct: the record with each forecast's range, and no correction", () => {
  // Harvests 200 and 170 against forecasts of 180 (σ 20): errors +20 and −10, mean 5, RMSE √((400 + 100)/2) = 15.81;
  // 170 lies inside 180 ∓ 25.63, 200 inside too: share 1.
  const record = fieldTrackRecord(
    [
      { year: 2024, yieldBuPerAcre: 200, ...around(180) },
      { year: 2025, yieldBuPerAcre: 170, ...around(180) },
    ],
    null,
  )!;
  assert.equal(record.meanErrorBuPerAcre, 5);
  assert.equal(record.rmseBuPerAcre, 15.81);
  assert.equal(record.insideIntervalShare, 1);
  assert.equal(record.correction, null);
  assert.equal(record.seasons[0]!.forecastP10BuPerAcre, 154.37);
  assert.equal(record.seasons[0]!.forecastP90BuPerAcre, 205.63);
});
