/**
 * Every name an expression uses resolves: in each module under deploy/terraform, and in the fixtures that
 * show each kind of dangling reference is caught. Run: npm run test:terraform.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { displayPath } from "./hcl";
import { fixturesDir, terraformDir } from "./paths";
import { checkModuleReferences, moduleDirsUnder, type ReferenceFinding } from "./references";

const show = (findings: ReferenceFinding[]) =>
  findings.map((f) => `${displayPath(f.file)}: ${f.reference}: ${f.message}`).join("\n");

describe("references resolve in every module under deploy/terraform", () => {
  const dirs = existsSync(terraformDir) ? moduleDirsUnder(terraformDir) : [];
  test("there are modules to check", () => {
    assert.ok(dirs.length > 0, `no .tf files under ${terraformDir}`);
  });
  for (const dir of dirs) {
    test(displayPath(dir), async () => {
      const findings = await checkModuleReferences(dir);
      assert.equal(findings.length, 0, show(findings));
    });
  }
});

describe("reference fixtures", () => {
  test("names that are not references (for, dynamic, count, each, self, path, types, aliases) pass", async () => {
    for (const dir of moduleDirsUnder(join(fixturesDir, "references/resolving"))) {
      const findings = await checkModuleReferences(dir);
      assert.equal(findings.length, 0, show(findings));
    }
  });

  test("the passing policy env resolves", async () => {
    for (const dir of moduleDirsUnder(join(fixturesDir, "passing"))) {
      const findings = await checkModuleReferences(dir);
      assert.equal(findings.length, 0, show(findings));
    }
  });

  const dangling: [fixture: string, reference: string][] = [
    ["dangling-var", "var.name"],
    ["dangling-local", "local.extra_tags"],
    ["dangling-resource", "aws_s3_bucket.log.id"],
    ["dangling-data", "data.aws_iam_policy_document.logs.json"],
    ["dangling-in-for", "aws_s3_bucket.missing"],
    ["missing-output", "module.network.vpc_arn"],
    ["unknown-argument", "module.network.cidr"],
    ["missing-argument", "module.network"],
    ["dangling-provider", "aws.us_east_1"],
  ];
  for (const [fixture, reference] of dangling) {
    test(`${fixture}: ${reference} is reported`, async () => {
      const findings = await checkModuleReferences(join(fixturesDir, "references", fixture));
      assert.ok(
        findings.some((f) => f.reference.startsWith(reference)),
        `expected a finding for ${reference}, got:\n${show(findings) || "(none)"}`,
      );
    });
  }
});
