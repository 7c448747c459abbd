/**
 * Every .tf under deploy/terraform parses with HashiCorp's HCL parser and is formatted as `terraform fmt`
 * would leave it (format.ts); the checker itself is tested on fixtures that each break one rule.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkFormat, type FormatFinding, type FormatRule } from "./format";
import { displayPath, parseFile, tfFilesUnder } from "./hcl";
import { fixturesDir, terraformDir } from "./paths";

const show = (file: string, findings: FormatFinding[]) =>
  findings.map((f) => `${displayPath(file)}:${f.line}: ${f.rule}: ${f.message}`).join("\n");

describe("deploy/terraform", () => {
  const files = existsSync(terraformDir) ? tfFilesUnder(terraformDir) : [];
  test("has .tf files", () => assert.ok(files.length > 0, `no .tf files under ${terraformDir}`));
  for (const file of files) {
    test(`${displayPath(file)} parses and is formatted`, async () => {
      await parseFile(file);
      const findings = checkFormat(readFileSync(file, "utf8"));
      assert.equal(findings.length, 0, show(file, findings));
    });
  }
});

describe("the format checker", () => {
  const cases: [file: string, rule: FormatRule, line: number][] = [
    ["tab.tf", "tab", 2],
    ["trailing-whitespace.tf", "trailing-whitespace", 2],
    ["final-newline.tf", "final-newline", 3],
    ["blank-lines.tf", "blank-lines", 5],
    ["indent.tf", "indent", 5],
    ["align-equals.tf", "align-equals", 2],
  ];
  for (const [file, rule, line] of cases) {
    test(`fixtures/format/${file} breaks ${rule} at line ${line}`, async () => {
      const path = join(fixturesDir, "format", file);
      await parseFile(path); // each breaks formatting only: the HCL itself is valid
      const findings = checkFormat(readFileSync(path, "utf8"));
      assert.ok(
        findings.some((f) => f.rule === rule && f.line === line),
        `expected ${rule} at line ${line}, got:\n${show(path, findings) || "(none)"}`,
      );
    });
  }

  test("a file fmt would leave alone has no findings", () => {
    const path = join(fixturesDir, "format", "formatted.tf");
    assert.deepEqual(checkFormat(readFileSync(path, "utf8")), []);
  });

  test("a closing bracket dedents; a line closing and opening (`}, {`) stays at the inner level", () => {
    assert.deepEqual(checkFormat("x = [{\n  a = 1\n  }, {\n  a = 2\n}]\n"), []);
    assert.equal(checkFormat("x = [{\n  a = 1\n}, {\n  a = 2\n}]\n")[0]?.rule, "indent");
  });

  test("blocks, blank lines and multi-line values end an alignment chain", () => {
    assert.deepEqual(checkFormat("a = 1\nlong_name = {\n  b = 2\n}\nc = 3\n"), []);
    assert.deepEqual(checkFormat("a = 1\n\nlong_name = 2\n"), []);
    assert.equal(checkFormat("a = 1\nlong_name = 2\n")[0]?.rule, "align-equals");
  });

  test("the checks' own fixtures are formatted (except the format fixtures that must not be)", () => {
    const files = tfFilesUnder(fixturesDir).filter((file) => !file.includes(`${join("fixtures", "format")}`));
    const failures = files.map((file) => show(file, checkFormat(readFileSync(file, "utf8")))).filter(Boolean);
    assert.deepEqual(failures, []);
  });
});
