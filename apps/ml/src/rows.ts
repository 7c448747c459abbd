import type { MlFeatureValues, MlPositionalRow } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { LoadedModel } from "./registry";

export const MAX_ROWS = 50_000;

/** A 400 naming the field, its detail a sentence on its own ("rows[0].GDD is missing (°C·day)"). */
const refuse = (field: string, what: string) => errors.badRequest(`${field} ${what}`, field);

function checked(value: number, feature: LoadedModel["manifest"]["features"][number], field: string): number {
  if (!Number.isFinite(value)) throw refuse(field, "must be a finite number");
  if (value < feature.min || value > feature.max)
    throw refuse(field, `${value} is outside ${feature.min}..${feature.max} ${feature.unit}`);
  return value;
}

/**
 * Feature rows (by name, or positional in the manifest's order) as one float32 matrix. The schema has
 * checked they are numbers; this refuses what only the manifest knows: unknown, missing or out-of-range features.
 */
export function toMatrix(model: LoadedModel, rows: (MlFeatureValues | MlPositionalRow)[]): Float32Array {
  const features = model.manifest.features;
  const names = new Set(features.map((f) => f.name));
  const matrix = new Float32Array(rows.length * features.length);
  rows.forEach((row, i) => {
    if (Array.isArray(row)) {
      if (row.length !== features.length)
        throw refuse(`rows[${i}]`, `must hold ${features.length} values in the manifest's feature order`);
      features.forEach((f, j) => {
        matrix[i * features.length + j] = checked(row[j]!, f, `rows[${i}].${f.name}`);
      });
      return;
    }
    for (const key of Object.keys(row))
      if (!names.has(key)) throw refuse(`rows[${i}].${key}`, "is not a feature of this model");
    features.forEach((f, j) => {
      const value = row[f.name];
      if (value === undefined) throw refuse(`rows[${i}].${f.name}`, `is missing (${f.unit})`);
      matrix[i * features.length + j] = checked(value, f, `rows[${i}].${f.name}`);
    });
  });
  return matrix;
}
