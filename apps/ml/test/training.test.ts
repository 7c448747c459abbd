/** The training pipeline against the real county data (vendored in apps/ml/data). */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as ort from "onnxruntime-node";
import { SHIPPED_REGISTRY } from "../src/index";
import { loadDataset } from "../train/dataset";
import { FEATURES, fitContext, stressValues, testRows } from "../train/features";
import { exportQuantileEnsemble } from "../train/onnx-export";
import { SPLITS } from "../train/protocol";
import { MODEL_VERSION } from "../train/train";
import {
  DEFAULT_SETTINGS,
  fitYieldModel,
  graphLinear,
  type ModelSettings,
  predictRows,
  scaled,
} from "../train/yield-model";

describe("yield model training", () => {
  const dataset = loadDataset();

  test("the data: 16,983 county-years and every county located (SOURCE.md figures)", () => {
    assert.equal(dataset.rows.length, 16983);
    // Story County, Iowa: 2016 yield 211.9 bu/acre (SOURCE.md), internal point 42.036°N 93.465°W (gazetteer).
    const story = dataset.rows.find((r) => r.geoid === "19169" && r.year === 2016)!;
    assert.equal(story.yield, 211.9);
    const county = dataset.counties.get("19169")!;
    assert.ok(
      Math.abs(county.lat - 42.04) < 0.05 && Math.abs(county.lon + 93.46) < 0.05,
      `${county.lat} ${county.lon}`,
    );
  });

  // A small model on two states keeps the test fast; the graph is the same shape as the served one.
  const twoStates = dataset.rows.filter((r) => r.geoid.startsWith("19") || r.geoid.startsWith("17"));
  async function worstDifference(
    settings: Partial<ModelSettings>,
    testYears: (year: number) => boolean,
    issue: string,
  ) {
    const model = fitYieldModel(
      twoStates.filter((r) => !testYears(r.year)),
      dataset,
      { ...scaled({ ...DEFAULT_SETTINGS, ...settings }, 0.2), calibrationBlocks: 2 },
    );
    const session = await ort.InferenceSession.create(
      exportQuantileEnsemble(
        model.quantiles,
        FEATURES.length,
        "parity",
        graphLinear(model.linear, FEATURES.length),
      ),
    );
    const x = testRows(
      twoStates.filter((r) => testYears(r.year)),
      dataset,
      model.context,
      issue,
    );
    const output = await session.run({
      features: new ort.Tensor("float32", Float32Array.from(x.flat()), [x.length, FEATURES.length]),
    });
    const data = output.quantiles!.data as Float32Array;
    let worst = 0;
    predictRows(model, x).forEach((expected, i) => {
      expected.forEach((value, t) => {
        worst = Math.max(worst, Math.abs(data[i * 3 + t]! - value) / Math.abs(value));
      });
    });
    return { worst, model, x };
  }

  test("ONNX Runtime reproduces the training library's predictions (trees + linear term) to 1e-4", async () => {
    const { worst } = await worstDifference({}, (year) => year >= 2017, "07-01");
    assert.ok(worst < 1e-4, `largest relative difference ${worst}`);
  });

  test("ONNX Runtime reproduces the weather stress terms, over the whole range and beyond the training range", async () => {
    // 2012 held out: its July heat and summer deficit lie beyond the other seasons', so the hinges are active.
    for (const stressBeyond of [null, 0.99]) {
      const { worst, model, x } = await worstDifference(
        { stressRidge: 0.01, stressBeyond },
        (year) => year === 2012,
        "09-01",
      );
      assert.ok(worst < 1e-4, `beyond ${stressBeyond}: largest relative difference ${worst}`);
      const active = x.filter((row) =>
        stressValues(row).some((v, k) => v > (model.linear.stress!.ceiling?.[k] ?? 0)),
      ).length;
      assert.ok(
        active > x.length / 10,
        `beyond ${stressBeyond}: only ${active} of ${x.length} rows stressed`,
      );
    }
  });

  test("the trend is fitted within counties and a county's offset never includes its own year", () => {
    const context = fitContext(
      dataset.rows.filter((r) => r.year <= 2016),
      dataset,
    );
    // County means 2008 131.7 -> 2018 159.4 bu/acre (SOURCE.md): about 2.8 bu/acre a year.
    assert.ok(context.slope > 1.5 && context.slope < 4, `slope ${context.slope}`);
    const story = dataset.rows.find((r) => r.geoid === "19169" && r.year === 2016)!;
    const [withOwnYear] = testRows([story], dataset, context, "10-01");
    assert.equal(withOwnYear![FEATURES.findIndex((f) => f.name === "COUNTY_YEARS")], 8);
  });

  const shipped = join(SHIPPED_REGISTRY, "corn-yield", MODEL_VERSION);
  test("the shipped model: its manifest lists these features, its data is this data, it beats both baselines", {
    skip: !existsSync(join(shipped, "evaluation.json")),
  }, () => {
    const manifest = JSON.parse(readFileSync(join(shipped, "manifest.json"), "utf8"));
    assert.deepEqual(
      manifest.features.map((f: { name: string }) => f.name),
      FEATURES.map((f) => f.name),
    );
    assert.equal(
      manifest.training.fingerprint,
      dataset.fingerprint,
      "the shipped model was trained on other data",
    );
    const evaluation = JSON.parse(readFileSync(join(shipped, "evaluation.json"), "utf8"));
    for (const name of SPLITS) {
      const split = evaluation.splits[name];
      assert.ok(split.model.rmse < split.baselines.countyMean.rmse, `${name} vs county mean`);
      assert.ok(split.model.rmse < split.baselines.countyMeanTrend.rmse, `${name} vs county mean + trend`);
    }
  });
});
