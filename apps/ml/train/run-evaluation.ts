/**
 * `npm run ml:evaluate [-- --json FILE] [--data DIR] [--splits a,b] [--rounds-share 0.5] [--years 2012,2017]
 * [--quick]`: trains and scores the
 * yield model and both baselines on every split of the protocol (protocol.ts), prints the table, writes the
 * results as JSON (default apps/ml/models/corn-yield/<version>/evaluation.json) and the model card beside it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadDataset } from "./dataset";
import { FEATURES } from "./features";
import { modelCard } from "./model-card";
import { evaluateSplit, mergeYearParts, SPLITS, type SplitName, type SplitResult } from "./protocol";
import { algorithm, MODEL_NAME, MODEL_VERSION } from "./train";
import { DEFAULT_SETTINGS, scaled } from "./yield-model";

const f = (x: number) => x.toFixed(2).padStart(6);

export function table(splits: Partial<Record<SplitName, SplitResult>>): string {
  const lines = ["split                 model RMSE   MAE    R²    bias  cover | county mean | mean+trend"];
  for (const [name, s] of Object.entries(splits)) {
    const m = s.model;
    lines.push(
      `${name.padEnd(20)} ${f(m.rmse)} ${f(m.mae)} ${m.r2.toFixed(3)} ${f(m.bias)} ${(m.coverage * 100).toFixed(1).padStart(5)} | ${f(s.baselines.countyMean.rmse)}      | ${f(s.baselines.countyMeanTrend.rmse)}`,
    );
    for (const [date, d] of Object.entries(s.issueDates))
      lines.push(
        `   ${date.padEnd(17)} ${f(d.rmse)}  cover ${(d.coverage * 100).toFixed(1)} %  width ${f(d.width)}`,
      );
    for (const [year, y] of Object.entries(s.perYear ?? {}))
      lines.push(
        `   ${year}              ${f(y.model.rmse)} bias ${f(y.model.bias)} cover ${(y.model.coverage * 100).toFixed(1)} % | ${f(y.countyMean.rmse)}      | ${f(y.countyMeanTrend.rmse)} (bias ${f(y.countyMeanTrend.bias)})`,
      );
  }
  return lines.join("\n");
}

interface Run {
  model: string;
  fingerprint: string;
  rows: number;
  algorithm: string;
  seconds: number;
  splits: Partial<Record<SplitName, SplitResult>>;
  /** Leave-one-year-out test years of a run in parts. */
  years?: number[];
}

/** Runs of the same model on the same data, each with some of the splits (or some years of leave-one-year-out). */
function mergeRuns(runs: Run[], dataset: ReturnType<typeof loadDataset>): Run {
  for (const run of runs)
    if (run.fingerprint !== dataset.fingerprint || run.algorithm !== runs[0]!.algorithm)
      throw new Error("the parts were run on other data or with other settings");
  const splits: Partial<Record<SplitName, SplitResult>> = {};
  for (const name of SPLITS) {
    const parts = runs.flatMap((r) => (r.splits[name] ? [r.splits[name]!] : []));
    if (parts.length === 0) continue;
    if (name !== "leaveOneYearOut") {
      if (parts.length > 1) throw new Error(`${name} appears in more than one part`);
      splits[name] = parts[0];
      continue;
    }
    const years = new Set(parts.flatMap((p) => Object.keys(p.perYear ?? {}).map(Number)));
    if (years.size !== parts.reduce((s, p) => s + Object.keys(p.perYear ?? {}).length, 0))
      throw new Error("a year appears in more than one part");
    splits[name] = mergeYearParts(
      parts,
      dataset.rows.filter((r) => years.has(r.year)).map((r) => r.yield),
    );
  }
  return {
    ...runs[0]!,
    seconds: runs.reduce((s, r) => s + r.seconds, 0),
    splits,
    years: undefined,
  };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: "string" },
      data: { type: "string" },
      splits: { type: "string" },
      "rounds-share": { type: "string" },
      card: { type: "string" },
      /** Leave-one-year-out on these test years only. */
      years: { type: "string" },
      /** A cheap experiment: three leave-one-year-out folds, 2017-2018 and held-out counties, half the rounds. */
      quick: { type: "boolean" },
      /** Experiment: settings overrides as JSON, e.g. '{"weatherRidge":1}' (never for the shipped card). */
      settings: { type: "string" },
      /** Regenerate the card from an earlier run's JSON instead of evaluating again. */
      from: { type: "string" },
      /** Pool runs made in parts (comma-separated JSON files, leave-one-year-out split by --years) into one. */
      merge: { type: "string" },
    },
  });
  const log = (line: string) => console.log(line);
  const modelDir = join(import.meta.dirname, "../models", MODEL_NAME, MODEL_VERSION);
  const manifestPath = join(modelDir, "manifest.json");
  const cardPath = resolve(values.card ?? join(modelDir, "MODEL_CARD.md"));
  const writeCard = (evaluation: Parameters<typeof modelCard>[0]["evaluation"]) => {
    writeFileSync(
      cardPath,
      modelCard({ manifest: JSON.parse(readFileSync(manifestPath, "utf8")), evaluation, features: FEATURES }),
    );
    console.log(`• wrote ${cardPath}`);
  };
  if (values.from) {
    const earlier = JSON.parse(readFileSync(resolve(values.from), "utf8"));
    console.log(table(earlier.splits));
    writeCard(earlier);
    return;
  }
  const dataset = loadDataset(values.data ? resolve(values.data) : undefined);
  if (values.merge) {
    const merged = mergeRuns(
      values.merge.split(",").map((file) => JSON.parse(readFileSync(resolve(file), "utf8"))),
      dataset,
    );
    const jsonPath = resolve(values.json ?? join(modelDir, "evaluation.json"));
    writeFileSync(jsonPath, `${JSON.stringify(merged, null, 2)}\n`);
    console.log(`${table(merged.splits)}\n\n• wrote ${jsonPath}`);
    if (SPLITS.every((s) => merged.splits[s]) && existsSync(manifestPath)) writeCard(merged);
    return;
  }
  const quick = values.quick === true;
  const share = Number(values["rounds-share"] ?? (quick ? 0.5 : 1));
  const settings = scaled({ ...DEFAULT_SETTINGS, ...JSON.parse(values.settings ?? "{}") }, share);
  const names = (values.splits?.split(",") ??
    (quick ? ["leaveOneYearOut", "years2017_2018", "heldOutCounties"] : SPLITS)) as SplitName[];
  const years = (values.years ?? (quick ? "2009,2012,2017" : undefined))?.split(",").map(Number);
  const started = Date.now();
  const splits: Partial<Record<SplitName, SplitResult>> = {};
  for (const name of names) splits[name] = evaluateSplit(dataset, name, settings, log, years);
  const jsonPath = resolve(values.json ?? join(modelDir, "evaluation.json"));
  mkdirSync(dirname(jsonPath), { recursive: true });
  const result: Run = {
    model: `${MODEL_NAME} ${MODEL_VERSION}`,
    fingerprint: dataset.fingerprint,
    rows: dataset.rows.length,
    algorithm: algorithm(settings),
    seconds: Math.round((Date.now() - started) / 1000),
    splits,
    ...(years ? { years } : {}),
  };
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${table(splits)}\n\n• wrote ${jsonPath}`);
  // Only a full run at the shipped settings describes the shipped model.
  if (SPLITS.every((s) => splits[s]) && share === 1 && !years && !values.settings && existsSync(manifestPath))
    writeCard(result);
}

if (import.meta.main || process.argv[1]?.endsWith("run-evaluation.ts")) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`✗ ${(error as Error).message}`);
    process.exit(1);
  });
}
