/** The training pipeline against the real county data (vendored in apps/ml/data/corn-county). */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as ort from "onnxruntime-node";
import { SHIPPED_REGISTRY } from "../src/index";
import { defaultDataDir, FEATURES, loadDataset } from "../train/dataset";
import { conformalOffset, coverage, metrics } from "../train/evaluate";
import {
  DEFAULT_GBM,
  predictQuantile,
  predictQuantiles,
  type QuantileModel,
  trainQuantileGbm,
} from "../train/gbm";
import { exportQuantileEnsemble } from "../train/onnx-export";

describe("yield model training", () => {
  const dataset = loadDataset();
  const train = dataset.rows.filter((r) => r.year <= 2016);
  const test2017 = dataset.rows.filter((r) => r.year >= 2017);

  test("ONNX Runtime reproduces the training library's predictions to 1e-4 on held-out rows", async () => {
    const models = [0.1, 0.5, 0.9].map((alpha) =>
      trainQuantileGbm(
        train.map((r) => r.x),
        train.map((r) => r.yield),
        alpha,
        { ...DEFAULT_GBM, rounds: 40 },
      ),
    );
    const session = await ort.InferenceSession.create(
      exportQuantileEnsemble(models, FEATURES.length, "parity"),
    );
    const rows = test2017.slice(0, 500);
    const output = await session.run({
      features: new ort.Tensor("float32", Float32Array.from(rows.flatMap((r) => r.x)), [
        rows.length,
        FEATURES.length,
      ]),
    });
    const data = output.quantiles!.data as Float32Array;
    let worst = 0;
    rows.forEach((row, i) => {
      predictQuantiles(models, row.x).forEach((expected, t) => {
        // Relative to the value: float32 (ONNX Runtime) against float64 (training) summation of ~40 trees.
        worst = Math.max(worst, Math.abs(data[i * 3 + t]! - expected) / Math.abs(expected));
      });
    });
    assert.ok(worst < 1e-4, `largest relative difference ${worst}`);
  });

  test("the shipped model card's held-out-year numbers are reproduced by re-training that split", () => {
    const manifest = JSON.parse(
      readFileSync(join(SHIPPED_REGISTRY, "corn-yield/1.0.0/manifest.json"), "utf8"),
    );
    const card = manifest.evaluation.find((e: { split: string }) => e.split.startsWith("train 2008-2016"));
    const options = { ...DEFAULT_GBM, rounds: Number(/(\d+) rounds/.exec(manifest.training.algorithm)![1]) };
    const proper = train.filter((r) => r.year <= 2014);
    const calibration = train.filter((r) => r.year >= 2015);
    const [p10, p50, p90] = [
      [0.1, proper],
      [0.5, train],
      [0.9, proper],
    ].map(([alpha, rows]) =>
      trainQuantileGbm(
        (rows as typeof train).map((r) => r.x),
        (rows as typeof train).map((r) => r.yield),
        alpha as number,
        options,
      ),
    ) as [QuantileModel, QuantileModel, QuantileModel];
    const offset = conformalOffset(
      calibration.map((r) => r.yield),
      calibration.map((r) => predictQuantile(p10, r.x)),
      calibration.map((r) => predictQuantile(p90, r.x)),
      0.8,
    );
    assert.equal(calibration.length, card.intervalCalibration.rows);
    assert.ok(Math.abs(offset - card.intervalCalibration.offset) < 0.05, `offset ${offset} vs card`);
    const served = [{ ...p10, base: p10.base - offset }, p50, { ...p90, base: p90.base + offset }];
    const intervals = test2017.map((r) => predictQuantiles(served, r.x));
    const accuracy = metrics(
      test2017.map((r) => r.yield),
      intervals.map((q) => q[1]!),
    );
    assert.ok(
      Math.abs(accuracy.rmse - card.model.rmse) < 0.05,
      `RMSE ${accuracy.rmse} vs card ${card.model.rmse}`,
    );
    assert.ok(Math.abs(accuracy.r2 - card.model.r2) < 0.005, `R² ${accuracy.r2} vs card ${card.model.r2}`);
    // The model must beat both baselines measured on the same split.
    assert.ok(card.model.rmse < card.countyMeanBaseline.rmse);
    assert.ok(card.model.rmse < card.linearTrendBaseline.rmse);
    assert.equal(
      manifest.training.fingerprint,
      dataset.fingerprint,
      "the shipped model was trained on other data",
    );
    const measured = coverage(
      test2017.map((r) => r.yield),
      intervals.map((q) => q[0]!),
      intervals.map((q) => q[2]!),
    );
    assert.ok(
      Math.abs(measured - card.intervalCoverageP10P90) < 0.005,
      `coverage ${measured} vs card ${card.intervalCoverageP10P90}`,
    );
    // Calibration must have widened the raw p10-p90 interval towards the nominal 80 %.
    assert.ok(measured > 0.7, `coverage ${measured}`);
  });
});
