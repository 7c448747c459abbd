import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The training table: USDA NASS county corn yields 2008-2018 joined with growing-season climate and static soil
 * covariates (Schumacher et al. 2023, Agriculture 13:618; see apps/ml/data/corn-county/SOURCE.md). Only features a
 * farm can also compute from its own station and its county are used, so the API can build them for a field.
 */
export interface FeatureSpec {
  name: string;
  unit: string;
  description: string;
  min: number;
  max: number;
  /** Where the API gets it for a field. */
  source: "field weather" | "county" | "season";
}

export const FEATURES: FeatureSpec[] = [
  { name: "YEAR", unit: "year", description: "harvest year (trend)", min: 2000, max: 2100, source: "season" },
  {
    name: "GDD",
    unit: "°C·day",
    description: "growing degree days above 10 °C, 1 Apr-30 Sep",
    min: 0,
    max: 6000,
    source: "field weather",
  },
  {
    name: "TP",
    unit: "mm",
    description: "precipitation 1 Apr-30 Sep",
    min: 0,
    max: 3000,
    source: "field weather",
  },
  {
    name: "BV5",
    unit: "°C",
    description: "mean daily maximum of the warmest month",
    min: -10,
    max: 50,
    source: "field weather",
  },
  {
    name: "BV10",
    unit: "°C",
    description: "mean temperature of the warmest quarter (Jun-Aug)",
    min: -10,
    max: 40,
    source: "field weather",
  },
  {
    name: "BV18",
    unit: "mm",
    description: "precipitation of the warmest quarter (Jun-Aug)",
    min: 0,
    max: 2000,
    source: "field weather",
  },
  {
    name: "PERC_IRR",
    unit: "%",
    description: "irrigated share of the county's farmland",
    min: 0,
    max: 100,
    source: "county",
  },
  { name: "T_CLAY", unit: "% weight", description: "topsoil clay", min: 0, max: 100, source: "county" },
  { name: "T_SILT", unit: "% weight", description: "topsoil silt", min: 0, max: 100, source: "county" },
  {
    name: "T_OC",
    unit: "% weight",
    description: "topsoil organic carbon",
    min: 0,
    max: 60,
    source: "county",
  },
  { name: "T_PH_H2O", unit: "pH", description: "topsoil pH (water)", min: 3, max: 10, source: "county" },
  {
    name: "T_CEC_SOIL",
    unit: "cmol(+)/kg",
    description: "topsoil cation exchange capacity",
    min: 0,
    max: 200,
    source: "county",
  },
  {
    name: "SLOPE",
    unit: "source units",
    description: "mean slope of the county",
    min: 0,
    max: 90,
    source: "county",
  },
  {
    name: "ELEVATION",
    unit: "m",
    description: "mean elevation of the county",
    min: -100,
    max: 4500,
    source: "county",
  },
];

export interface Row {
  geoid: string;
  year: number;
  yield: number;
  x: number[];
}

function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const names = header!.split(",");
  return lines.map((line) => {
    const values = line.split(",");
    return Object.fromEntries(names.map((n, i) => [n, values[i] ?? ""]));
  });
}

export function defaultDataDir(): string {
  return resolve(import.meta.dirname, "../data/corn-county");
}

export interface Dataset {
  rows: Row[];
  fingerprint: string;
  staticByCounty: Map<string, Record<string, number>>;
}

export function loadDataset(dataDir = defaultDataDir()): Dataset {
  const yieldsPath = join(dataDir, "corn_county_year_yield_climate_2008_2018.csv");
  const staticPath = join(dataDir, "corn_county_static_soil_topo.csv");
  if (!existsSync(yieldsPath) || !existsSync(staticPath))
    throw new Error(
      `training data not found in ${dataDir} (apps/ml/data/corn-county/SOURCE.md lists the files it needs)`,
    );
  const hash = createHash("sha256");
  hash.update(readFileSync(yieldsPath));
  hash.update(readFileSync(staticPath));
  const staticByCounty = new Map<string, Record<string, number>>();
  for (const row of readCsv(staticPath)) {
    staticByCounty.set(row.GEOID!, Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])));
  }
  const rows: Row[] = [];
  for (const row of readCsv(yieldsPath)) {
    const soil = staticByCounty.get(row.GEOID!);
    if (!soil) continue;
    const merged: Record<string, number> = { ...soil };
    for (const [k, v] of Object.entries(row)) if (k !== "GEOID") merged[k] = Number(v);
    const x = FEATURES.map((f) => merged[f.name]!);
    if (x.some((v) => !Number.isFinite(v)) || !Number.isFinite(merged.YIELD)) continue;
    rows.push({ geoid: row.GEOID!, year: merged.YEAR!, yield: merged.YIELD!, x });
  }
  return { rows, fingerprint: `sha256:${hash.digest("hex")}`, staticByCounty };
}
