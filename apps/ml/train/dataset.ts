import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The training table: USDA NASS county corn yields 2008-2018 joined with growing-season climate and static soil
 * covariates (Schumacher et al. 2023, Agriculture 13:618; see apps/ml/data/corn-county/SOURCE.md) and the county's
 * internal point from the Census 2019 gazetteer (apps/ml/data/county-centroids/SOURCE.md).
 */
export const WEATHER = ["GDD", "TP", "BV5", "BV10", "BV18"] as const;
export type WeatherName = (typeof WEATHER)[number];
export const COUNTY = [
  "T_CLAY",
  "T_SILT",
  "T_OC",
  "T_PH_H2O",
  "T_CEC_SOIL",
  "SLOPE",
  "ELEVATION",
  "PERC_IRR",
  "FRR",
  "S_PH_H2O",
  "T_BS",
  "T_CACO3",
  "T_CEC_CLAY",
  "T_GRAVEL",
  "T_REF_BULK_DENSITY",
  "T_TEB",
  "T_ESP",
  "T_ECE",
  "SDI_CDL_AG",
] as const;
/** County covariates that vary a little by year in the source (interpolated census, yearly CDL): the county's mean. */
const YEARLY_COUNTY = ["PERC_IRR", "SDI_CDL_AG"] as const;
export type CountyName = (typeof COUNTY)[number];

export interface CountyRecord {
  geoid: string;
  state: string;
  lat: number;
  lon: number;
  static: Record<CountyName, number>;
}

export interface Row {
  geoid: string;
  year: number;
  yield: number;
  weather: Record<WeatherName, number>;
}

export interface Dataset {
  rows: Row[];
  counties: Map<string, CountyRecord>;
  fingerprint: string;
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
  return resolve(import.meta.dirname, "../data");
}

const FILES = {
  yields: "corn-county/corn_county_year_yield_climate_2008_2018.csv",
  soils: "corn-county/corn_county_static_soil_topo.csv",
  centroids: "county-centroids/us_county_gazetteer_2019.csv",
};

export function loadDataset(dataDir = defaultDataDir()): Dataset {
  const paths = Object.values(FILES).map((f) => join(dataDir, f));
  for (const path of paths)
    if (!existsSync(path))
      throw new Error(`training data ${path} not found (apps/ml/data/*/SOURCE.md lists the files it needs)`);
  const hash = createHash("sha256");
  for (const path of paths) hash.update(readFileSync(path));
  const location = new Map(readCsv(join(dataDir, FILES.centroids)).map((r) => [r.GEOID!, r]));
  const counties = new Map<string, CountyRecord>();
  for (const row of readCsv(join(dataDir, FILES.soils))) {
    const place = location.get(row.GEOID!);
    if (!place) throw new Error(`county ${row.GEOID} has no gazetteer entry`);
    counties.set(row.GEOID!, {
      geoid: row.GEOID!,
      state: place.USPS!,
      lat: Number(place.INTPTLAT),
      lon: Number(place.INTPTLONG),
      static: Object.fromEntries(
        COUNTY.filter((c) => !(YEARLY_COUNTY as readonly string[]).includes(c)).map((c) => [
          c,
          Number(row[c]),
        ]),
      ) as Record<CountyName, number>,
    });
  }
  const rows: Row[] = [];
  const yearly = new Map<string, number[][]>();
  for (const row of readCsv(join(dataDir, FILES.yields))) {
    if (!counties.has(row.GEOID!)) continue;
    const weather = Object.fromEntries(WEATHER.map((w) => [w, Number(row[w])])) as Record<
      WeatherName,
      number
    >;
    const shares = YEARLY_COUNTY.map((c) => Number(row[c]));
    const values = [Number(row.YIELD), Number(row.YEAR), ...shares, ...Object.values(weather)];
    if (values.some((v) => !Number.isFinite(v))) continue;
    rows.push({ geoid: row.GEOID!, year: Number(row.YEAR), yield: Number(row.YIELD), weather });
    yearly.set(row.GEOID!, [...(yearly.get(row.GEOID!) ?? []), shares]);
  }
  // A county's yearly covariate is its mean over the years, as the API ships it.
  for (const [geoid, years] of yearly)
    YEARLY_COUNTY.forEach((c, k) => {
      counties.get(geoid)!.static[c] = years.reduce((s, v) => s + v[k]!, 0) / years.length;
    });
  return { rows, counties, fingerprint: `sha256:${hash.digest("hex")}` };
}
