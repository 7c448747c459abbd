import type { MlFeatureSpec, MlManifest } from "@unicorn/contracts";

/** manifest.json beside every model.onnx: the contract's shape (what the model expects and promises). */
export type Manifest = MlManifest;
export type FeatureSpec = MlFeatureSpec;

/** Checks the shape a data scientist's manifest must have; returns the problems in words. */
export function manifestProblems(value: unknown): string[] {
  const problems: string[] = [];
  const m = value as Partial<Manifest>;
  if (typeof m !== "object" || m === null) return ["manifest is not a JSON object"];
  for (const key of ["name", "version", "input", "output", "createdAt"] as const)
    if (typeof m[key] !== "string" || m[key] === "") problems.push(`${key} must be a non-empty string`);
  if (!Array.isArray(m.features) || m.features.length === 0)
    problems.push("features must be a non-empty list");
  else
    m.features.forEach((f, i) => {
      if (typeof f?.name !== "string") problems.push(`features[${i}].name must be a string`);
      if (typeof f?.min !== "number" || typeof f?.max !== "number" || f.min > f.max)
        problems.push(`features[${i}] needs numeric min <= max`);
    });
  if (!Array.isArray(m.outputs) || m.outputs.length === 0) problems.push("outputs must be a non-empty list");
  if (typeof m.target?.unit !== "string") problems.push("target.unit must be a string");
  return problems;
}
