/** The training pipeline against the real county data (../shared/data/corn). */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as ort from "onnxruntime-node";
import { SHIPPED_REGISTRY } from "../src/index";
import { defaultDataDir, FEATURES, loadDataset } from "../train/dataset";
import { metrics } from "../train/evaluate";
import { DEFAULT_GBM, predictQuantile, trainQuantileGbm } from "../train/gbm";
import { exportQuantileEnsemble } from "../train/onnx-export";

const haveData = existsSync(join(defaultDataDir(), "corn_county_year_yield_climate_2008_2018.csv"));
const skip = haveData ? false : `training data not found in ${defaultDataDir()}`;

describe("yield model training", { skip }, () => {
  const dataset = haveData ? loadDataset() : undefined!;
  const train = dataset?.rows.filter((r) => r.year <= 2016) ?? [];
  const test2017 = dataset?.rows.filter((r) => r.year >= 2017) ?? [];

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
      models.forEach((model, t) => {
        // Relative to the value: float32 (ONNX Runtime) against float64 (training) summation of ~40 trees.
        const expected = predictQuantile(model, row.x);
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
    const rounds = Number(/(\d+) rounds/.exec(manifest.training.algorithm)![1]);
    const p50 = trainQuantileGbm(
      train.map((r) => r.x),
      train.map((r) => r.yield),
      0.5,
      { ...DEFAULT_GBM, rounds },
    );
    const measured = metrics(
      test2017.map((r) => r.yield),
      test2017.map((r) => predictQuantile(p50, r.x)),
    );
    assert.ok(
      Math.abs(measured.rmse - card.model.rmse) < 0.05,
      `RMSE ${measured.rmse} vs card ${card.model.rmse}`,
    );
    assert.ok(Math.abs(measured.r2 - card.model.r2) < 0.005, `R² ${measured.r2} vs card ${card.model.r2}`);
    // The model must beat both baselines measured on the same split.
    assert.ok(card.model.rmse < card.countyMeanBaseline.rmse);
    assert.ok(card.model.rmse < card.linearTrendBaseline.rmse);
    assert.equal(
      manifest.training.fingerprint,
      dataset.fingerprint,
      "the shipped model was trained on other data",
    );
  });
});
