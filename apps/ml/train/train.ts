/**
 * `npm run ml:train [-- --data <dir>] [--out <registry>] [--version X]`: trains the served corn yield model on
 * every county-year and writes <registry>/corn-yield/<version>/{model.onnx, manifest.json}. Its evaluation (and
 * the model card) come from `npm run ml:evaluate`, which re-trains the same model on each split.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { COUNTY, loadDataset, WEATHER } from "./dataset";
import {
  ANOMALIES,
  countyOffset,
  FEATURE_INDEX,
  FEATURES,
  ISSUE_DATES,
  REFERENCE_YEAR,
  STRESS_TERMS,
} from "./features";
import { exportQuantileEnsemble } from "./onnx-export";
import {
  DEFAULT_SETTINGS,
  fitYieldModel,
  graphLinear,
  type ModelSettings,
  type YieldModel,
} from "./yield-model";

export const MODEL_NAME = "corn-yield";
export const MODEL_VERSION = "3.0.0";

export function algorithm(settings: ModelSettings): string {
  const { mean, unseenMean, quantile } = settings;
  const weather =
    (settings.weatherRidge === null
      ? ""
      : ` + ridge on the weather anomalies, penalty ${settings.weatherRidge}`) +
    (settings.stressRidge === null
      ? ""
      : ` + ridge on the weather stress terms (${STRESS_TERMS.map((t) => t.name).join(", ")}), penalty ${settings.stressRidge}${settings.stressBeyond === null ? "" : `, beyond the training rows' ${settings.stressBeyond} quantile`}`);
  return (
    `linear term (level + within-county trend + county offset shrunk to its neighbours' prior${weather}) plus ` +
    `histogram gradient-boosted trees on the residual, one set for counties with history and one for counties ` +
    `without, gated on COUNTY_YEARS: mean ${mean.rounds} rounds, depth ${mean.maxDepth}, learning rate ${mean.learningRate}, min leaf ${mean.minLeaf}, ` +
    `L2 ${mean.lambda}, subsample ${mean.subsample} (unseen counties: ${unseenMean.rounds} rounds, depth ${unseenMean.maxDepth}, ` +
    `learning rate ${unseenMean.learningRate}, min leaf ${unseenMean.minLeaf}, L2 ${unseenMean.lambda}, subsample ${unseenMean.subsample}); p10/p90 quantile loss ${quantile.rounds} rounds, depth ${quantile.maxDepth}, ` +
    `learning rate ${quantile.learningRate}, min leaf ${quantile.minLeaf}; ${mean.bins} bins`
  );
}

export function manifestFor(
  model: YieldModel,
  dataset: ReturnType<typeof loadDataset>,
  settings: ModelSettings,
) {
  return {
    name: MODEL_NAME,
    version: MODEL_VERSION,
    createdAt: new Date().toISOString(),
    input: "features",
    output: "quantiles",
    features: FEATURES,
    outputs: ["p10", "p50", "p90"],
    target: { name: "yield", unit: "bu/acre", description: "corn grain yield (USDA NASS county survey)" },
    interval: {
      low: "p10",
      high: "p90",
      nominalCoverage: settings.nominal,
      calibration: {
        method: `cross-conformal quantile regression by year blocks (${model.calibration.blocks} blocks), every year weighted equally`,
        rows: model.calibration.rows,
        years: model.calibration.years,
        offsetBuPerAcre: Math.round(model.calibration.offset * 1000) / 1000,
        unseenCountyOffsetBuPerAcre: Math.round(model.calibration.unseenOffset * 1000) / 1000,
      },
    },
    linearTerm: {
      level: model.context.level,
      trendBuPerAcrePerYear: model.context.slope,
      referenceYear: REFERENCE_YEAR,
      countyOffsetShrinkage: model.context.shrinkage,
      weatherAnomalyWeights: Object.fromEntries(
        ANOMALIES.map((name) => [name, model.linear.weights[FEATURE_INDEX[name]!]]),
      ),
      stressTerms: STRESS_TERMS.map((t, k) => ({
        ...t,
        weight: model.linear.stress?.weights[k] ?? 0,
        ceiling: model.linear.stress?.ceiling?.[k] ?? null,
      })),
    },
    issueDates: ISSUE_DATES,
    training: {
      data: "USDA NASS county corn yields 2008-2018 with climate and soil covariates (Schumacher et al. 2023); county internal points (US Census 2019 gazetteer)",
      fingerprint: dataset.fingerprint,
      rows: dataset.rows.length,
      algorithm: algorithm(settings),
    },
    evaluation: "MODEL_CARD.md and evaluation.json beside this file (npm run ml:evaluate)",
  };
}

/**
 * What the API needs per county to build the features of a field in it: location, soils, weather normals and
 * the county's history term, all from the data the model was trained on (apps/api/src/forecast).
 */
export function countyCovariates(model: YieldModel, dataset: ReturnType<typeof loadDataset>) {
  const counties: Record<string, Record<string, number>> = {};
  for (const geoid of [...model.context.normals.keys()].sort()) {
    const county = dataset.counties.get(geoid)!;
    const history = countyOffset(model.context, geoid, Number.NaN);
    const round = (x: number, digits = 4) => Number(x.toFixed(digits));
    counties[geoid] = {
      COUNTY_OFFSET: round(history.offset, 3),
      NEIGHBOUR_OFFSET: round(history.neighbour, 3),
      COUNTY_YEARS: history.years,
      LAT: county.lat,
      LON: county.lon,
      ...Object.fromEntries(
        WEATHER.map((w) => [`${w}_NORMAL`, round(model.context.normals.get(geoid)![w], 3)]),
      ),
      ...Object.fromEntries(COUNTY.map((c) => [c, round(county.static[c], 5)])),
    };
  }
  return {
    source:
      `${MODEL_NAME} ${MODEL_VERSION} county covariates (npm run ml:train): Schumacher et al. 2023 (Agriculture 13:618) HWSD soils, terrain, ` +
      "Farm Resource Region, mean Census-of-Agriculture irrigated share, mean Cropland Data Layer diversity and 2008-2018 weather " +
      "normals; the county's and its neighbours' NASS yields 2008-2018 as the shrunk detrended offset and its prior; US Census " +
      "2019 gazetteer internal points. Every county of the training data.",
    model: `${MODEL_NAME} ${MODEL_VERSION}`,
    counties,
  };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: "string" }, out: { type: "string" }, version: { type: "string" } },
  });
  const log = (line: string) => console.log(line);
  const dataset = loadDataset(values.data ? resolve(values.data) : undefined);
  log(`• ${dataset.rows.length} county-years, fingerprint ${dataset.fingerprint.slice(0, 19)}…`);
  const model = fitYieldModel(dataset.rows, dataset, DEFAULT_SETTINGS, log);
  const version = values.version ?? MODEL_VERSION;
  const modelDir = resolve(values.out ?? join(import.meta.dirname, "../models"), MODEL_NAME, version);
  mkdirSync(modelDir, { recursive: true });
  const bytes = exportQuantileEnsemble(
    model.quantiles,
    FEATURES.length,
    "corn yield p10/p50/p90, bu/acre",
    graphLinear(model.linear, FEATURES.length),
  );
  writeFileSync(join(modelDir, "model.onnx"), bytes);
  const manifest = { ...manifestFor(model, dataset, DEFAULT_SETTINGS), version };
  writeFileSync(join(modelDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // The API ships this file as apps/api/src/forecast/county-covariates.json (copied, so the API has no path into ml).
  writeFileSync(
    join(modelDir, "county-covariates.json"),
    `${JSON.stringify(countyCovariates(model, dataset))}\n`,
  );
  log(`• wrote ${modelDir} (${(bytes.length / 1024).toFixed(0)} KB); run npm run ml:evaluate for its card`);
}

if (import.meta.main || process.argv[1]?.endsWith("train.ts")) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`✗ ${(error as Error).message}`);
    process.exit(1);
  });
}
