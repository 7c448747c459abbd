/**
 * `npm run ml:train [-- --data <dir>] [--rounds N]`: trains the corn yield quantile model (p10, p50, p90) on
 * the county data, evaluates it on held-out years and held-out counties against two baselines, and writes
 * apps/ml/models/corn-yield/<version>/{model.onnx, manifest.json} and apps/ml/MODEL_CARD.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FEATURES, loadDataset, type Row } from "./dataset";
import {
  conformalOffset,
  countyMeanBaseline,
  coverage,
  heldOutCounties,
  linearTrendBaseline,
  metrics,
} from "./evaluate";
import { DEFAULT_GBM, predictQuantile, predictQuantiles, type QuantileModel, trainQuantileGbm } from "./gbm";
import { modelCard } from "./model-card";
import { exportQuantileEnsemble } from "./onnx-export";

export const MODEL_NAME = "corn-yield";
const QUANTILES = [0.1, 0.5, 0.9];
const NOMINAL_COVERAGE = 0.8;
const TEST_YEARS = [2017, 2018];
const HELD_OUT_COUNTY_SHARE = 0.2;
/** Yield shocks are shared by every county in a year, so intervals are calibrated on whole unseen years. */
const CALIBRATION_YEARS = 2;

interface Calibration {
  rule: string;
  includes: (row: Row) => boolean;
}

function lastYears(rows: Row[], count: number): Calibration {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b).slice(-count);
  return { rule: `the years ${years.join(", ")}`, includes: (row) => years.includes(row.year) };
}

/**
 * The three quantile models: p50 on every training row; p10 and p90 on the rows outside `calibration`, then
 * widened (or narrowed) by the split-CQR offset measured on the calibration rows, which they did not see.
 */
function fit(
  rows: Row[],
  calibration: (row: Row) => boolean,
  rounds: number,
  log: (line: string) => void,
): { models: QuantileModel[]; calibration: { rows: number; offset: number } } {
  const proper = rows.filter((r) => !calibration(r));
  const held = rows.filter(calibration);
  const [p10, p50, p90] = QUANTILES.map((alpha) =>
    fitQuantile(alpha === 0.5 ? rows : proper, alpha, rounds, log),
  ) as [QuantileModel, QuantileModel, QuantileModel];
  const offset = conformalOffset(
    held.map((r) => r.yield),
    held.map((r) => predictQuantile(p10, r.x)),
    held.map((r) => predictQuantile(p90, r.x)),
    NOMINAL_COVERAGE,
  );
  log(`  interval offset ${offset.toFixed(2)} bu/acre from ${held.length} calibration rows`);
  return {
    models: [{ ...p10, base: p10.base - offset }, p50, { ...p90, base: p90.base + offset }],
    calibration: { rows: held.length, offset: Math.round(offset * 1000) / 1000 },
  };
}

function fitQuantile(rows: Row[], alpha: number, rounds: number, log: (line: string) => void): QuantileModel {
  const started = Date.now();
  const model = trainQuantileGbm(
    rows.map((r) => r.x),
    rows.map((r) => r.yield),
    alpha,
    { ...DEFAULT_GBM, rounds },
    (round) => {
      if (round % 100 === 0) log(`  p${alpha * 100}: ${round}/${rounds} trees`);
    },
  );
  log(`  p${alpha * 100} trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return model;
}

function evaluateSplit(
  name: string,
  train: Row[],
  test: Row[],
  calibration: Calibration,
  rounds: number,
  log: (line: string) => void,
) {
  log(`• ${name}: ${train.length} training rows, ${test.length} test rows`);
  const { models, calibration: calibrated } = fit(train, calibration.includes, rounds, log);
  const actual = test.map((r) => r.yield);
  const predicted = test.map((r) => predictQuantiles(models, r.x));
  const [p10, p50, p90] = [0, 1, 2].map((q) => predicted.map((p) => p[q]!)) as [number[], number[], number[]];
  return {
    split: name,
    trainRows: train.length,
    testRows: test.length,
    model: metrics(actual, p50),
    countyMeanBaseline: metrics(actual, countyMeanBaseline(train, test)),
    linearTrendBaseline: metrics(actual, linearTrendBaseline(train, test)),
    intervalCoverageP10P90: coverage(actual, p10, p90),
    intervalCalibration: calibrated,
    calibrationRule: calibration.rule,
  };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      rounds: { type: "string" },
      out: { type: "string" },
      version: { type: "string" },
    },
  });
  const log = (line: string) => console.log(line);
  const rounds = Number(values.rounds ?? DEFAULT_GBM.rounds);
  const dataset = loadDataset(values.data ? resolve(values.data) : undefined);
  log(`• ${dataset.rows.length} county-years, fingerprint ${dataset.fingerprint.slice(0, 19)}…`);

  const yearTrain = dataset.rows.filter((r) => !TEST_YEARS.includes(r.year));
  const byYear = evaluateSplit(
    "train 2008-2016, test 2017-2018",
    yearTrain,
    dataset.rows.filter((r) => TEST_YEARS.includes(r.year)),
    lastYears(yearTrain, CALIBRATION_YEARS),
    rounds,
    log,
  );
  const held = heldOutCounties(dataset.rows, HELD_OUT_COUNTY_SHARE);
  const countyTrain = dataset.rows.filter((r) => !held.has(r.geoid));
  // Unseen counties are the test here, so the interval is calibrated on other unseen counties.
  const calibrationCounties = heldOutCounties(
    countyTrain,
    HELD_OUT_COUNTY_SHARE / (1 - HELD_OUT_COUNTY_SHARE),
    1,
  );
  const byCounty = evaluateSplit(
    `leave ${Math.round(HELD_OUT_COUNTY_SHARE * 100)}% of counties out`,
    countyTrain,
    dataset.rows.filter((r) => held.has(r.geoid)),
    { rule: "a quarter of the training counties", includes: (r) => calibrationCounties.has(r.geoid) },
    rounds,
    log,
  );

  log(`• final model on all years (interval calibrated on the last ${CALIBRATION_YEARS})`);
  const finalCalibration = lastYears(dataset.rows, CALIBRATION_YEARS);
  const { models, calibration } = fit(dataset.rows, finalCalibration.includes, rounds, log);
  const version = values.version ?? "1.0.0";
  const modelDir = resolve(values.out ?? join(import.meta.dirname, "../models"), MODEL_NAME, version);
  mkdirSync(modelDir, { recursive: true });
  const bytes = exportQuantileEnsemble(models, FEATURES.length, "corn yield p10/p50/p90, bu/acre");
  writeFileSync(join(modelDir, "model.onnx"), bytes);
  const manifest = {
    name: MODEL_NAME,
    version,
    createdAt: new Date().toISOString(),
    input: "features",
    output: "quantiles",
    features: FEATURES.map(({ name, unit, description, min, max, source }) => ({
      name,
      unit,
      description,
      min,
      max,
      source,
    })),
    outputs: QUANTILES.map((q) => `p${q * 100}`),
    target: { name: "yield", unit: "bu/acre", description: "corn grain yield (USDA NASS county survey)" },
    interval: {
      low: "p10",
      high: "p90",
      nominalCoverage: NOMINAL_COVERAGE,
      calibration: {
        method: "split conformalized quantile regression (Romano, Patterson & Candès 2019)",
        rows: calibration.rows,
        offsetBuPerAcre: calibration.offset,
      },
    },
    training: {
      data: "USDA NASS county corn yields 2008-2018 with climate and soil covariates (Schumacher et al. 2023)",
      fingerprint: dataset.fingerprint,
      rows: dataset.rows.length,
      algorithm: `gradient-boosted trees, quantile loss, ${rounds} rounds, depth ${DEFAULT_GBM.maxDepth}, learning rate ${DEFAULT_GBM.learningRate}`,
    },
    evaluation: [byYear, byCounty],
  };
  writeFileSync(join(modelDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const card = modelCard({
    name: MODEL_NAME,
    version,
    rows: dataset.rows.length,
    fingerprint: dataset.fingerprint,
    algorithm: manifest.training.algorithm,
    interval: { ...calibration, rule: finalCalibration.rule },
    crossedRows: dataset.rows.filter((r) => {
      const [low, mid, high] = models.map((m) => predictQuantile(m, r.x)) as [number, number, number];
      return low > mid || mid > high;
    }).length,
    features: FEATURES,
    evaluations: [byYear, byCounty],
  });
  writeFileSync(join(modelDir, "MODEL_CARD.md"), card);
  log(`• wrote ${modelDir} (${(bytes.length / 1024).toFixed(0)} KB) with its manifest and model card`);
  for (const e of [byYear, byCounty]) {
    log(
      `  ${e.split}: RMSE ${e.model.rmse} (county mean ${e.countyMeanBaseline.rmse}, trend ${e.linearTrendBaseline.rmse}), MAE ${e.model.mae}, R² ${e.model.r2}, p10-p90 coverage ${e.intervalCoverageP10P90}`,
    );
  }
}

if (import.meta.main || process.argv[1]?.endsWith("train.ts")) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`✗ ${(error as Error).message}`);
    process.exit(1);
  });
}
