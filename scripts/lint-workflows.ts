/**
 * `npm run lint:workflows`: every workflow in .github/workflows checked by action-validator (the SchemaStore
 * schema for GitHub workflows, plus `needs` pointing at real jobs), compiled to WebAssembly so it runs offline.
 * Exits 1 on any finding, printing the JSON path and the rule.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type ValidationError, validateWorkflow } from "@action-validator/core";

const dir = resolve(import.meta.dirname, "../.github/workflows");
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => join(dir, name));

/** The innermost messages of a finding (oneOf failures nest one list per alternative). */
function describe(error: ValidationError): string[] {
  const here = `${"path" in error ? error.path : ""} ${error.title}${error.detail ? `: ${error.detail}` : ""}`;
  const nested =
    "states" in error ? (error.states ?? []).flatMap((state) => state.errors.flatMap(describe)) : [];
  return nested.length ? nested : [here];
}

let problems = 0;
for (const file of files) {
  const { errors } = validateWorkflow(readFileSync(file, "utf8"));
  for (const message of [...new Set(errors.flatMap(describe))]) console.error(`✗ ${file}:${message}`);
  problems += errors.length;
  if (errors.length === 0) console.log(`✓ ${file}`);
}
if (files.length === 0) console.error(`✗ no workflows in ${dir}`);
process.exit(problems || files.length === 0 ? 1 : 0);
