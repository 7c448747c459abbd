/**
 * The security policy (policy.ts) over each env as it instantiates its modules, and, for every rule, a
 * fixture that breaks it (fixtures/<rule>/) and must produce a finding, beside a passing env
 * (fixtures/passing) that satisfies all of them. Run: npm run test:terraform.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { loadEnv } from "./hcl";
import { envDirs, fixturesDir } from "./paths";
import { Env, type Finding, isPinnedConstraint, modernTlsPolicy, rules, sensitiveName } from "./policy";

const show = (findings: Finding[]) => findings.map((f) => `${f.address}: ${f.message}`).join("\n");

describe("policy rules", () => {
  test("every rule has a unique id, the check it mirrors and a statement", () => {
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
    for (const rule of rules) {
      assert.match(rule.mirrors, /^(CKV2?_AWS_\d+|AWS-\d{4}|CKV_TF_\d.*|invariant)$/, rule.id);
      assert.ok(rule.statement.length > 20, rule.id);
    }
  });

  test("TLS policies: the TLS 1.2+ families pass, the 2016 default and TLS-1-1 fail", () => {
    for (const ok of [
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "ELBSecurityPolicy-TLS-1-2-2017-01",
      "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    ]) {
      assert.match(ok, modernTlsPolicy);
    }
    for (const bad of [
      "ELBSecurityPolicy-2016-08",
      "ELBSecurityPolicy-TLS-1-1-2017-01",
      "ELBSecurityPolicy-FS-2018-06",
    ]) {
      assert.doesNotMatch(bad, modernTlsPolicy);
    }
  });

  test("version constraints: bounded ones pin, open-ended ones do not", () => {
    for (const ok of ["~> 5.80", "= 1.9.8", "1.9.8", ">= 5.0, < 6.0"]) assert.ok(isPinnedConstraint(ok), ok);
    for (const bad of [">= 5.0", "> 1.0", null, "~> 5"]) assert.ok(!isPinnedConstraint(bad), String(bad));
  });

  test("secret-looking environment names", () => {
    for (const name of ["DATABASE_PASSWORD", "JWT_SECRET", "API_TOKEN", "AWS_SECRET_ACCESS_KEY", "PGPASS"])
      assert.match(name, sensitiveName);
    for (const name of ["UNICORN_PORT", "LOG_LEVEL", "DATABASE_HOST"])
      assert.doesNotMatch(name, sensitiveName);
  });
});

describe("fixtures: each rule fails on the fixture that breaks it", () => {
  for (const rule of rules) {
    test(`${rule.id} (${rule.mirrors}) finds fixtures/${rule.id}`, async () => {
      const dir = join(fixturesDir, rule.id);
      assert.ok(existsSync(dir), `no fixture ${dir}`);
      const findings = await rule.check(new Env(await loadEnv(dir)));
      assert.ok(findings.length > 0, `${rule.id} found nothing in its fixture`);
      for (const f of findings) {
        assert.equal(f.rule, rule.id);
        assert.ok(f.address.length > 0);
      }
    });
  }
});

describe("fixtures/passing: an env that satisfies every rule", () => {
  let env: Env;
  before(async () => {
    env = new Env(await loadEnv(join(fixturesDir, "passing/envs/demo")));
  });
  for (const rule of rules) {
    test(`${rule.id} (${rule.mirrors})`, async () => {
      const findings = await rule.check(env);
      assert.equal(findings.length, 0, show(findings));
    });
  }
});

/** Resource types each env must create, so that no rule passes only because there is nothing to check. */
const expectedTypes = [
  "aws_vpc",
  "aws_flow_log",
  "aws_default_security_group",
  "aws_subnet",
  "aws_lb",
  "aws_lb_listener",
  "aws_ecs_service",
  "aws_ecs_task_definition",
  "aws_ecr_repository",
  "aws_db_instance",
  "aws_cloudwatch_log_group",
];

for (const { name, dir } of envDirs) {
  describe(`envs/${name}`, () => {
    let env: Env;
    before(async () => {
      assert.ok(existsSync(dir), `${dir} is missing`);
      env = new Env(await loadEnv(dir));
    });

    test("creates the resources the rules are about", () => {
      const missing = expectedTypes.filter((type) => env.resources(type).length === 0);
      assert.deepEqual(missing, []);
    });

    if (name === "hybrid") {
      test("has a PRIMARY (farm) / SECONDARY (cloud) failover record pair", async () => {
        const roles: string[] = [];
        for (const record of env.resources("aws_route53_record")) {
          roles.push(String(await env.value(record, "failover_routing_policy", "type")));
        }
        assert.ok(
          roles.includes("PRIMARY") && roles.includes("SECONDARY"),
          `failover roles: ${roles.join(", ")}`,
        );
      });
    }

    for (const rule of rules) {
      test(`${rule.id} (${rule.mirrors}): ${rule.statement}`, async () => {
        const findings = await rule.check(env);
        assert.equal(findings.length, 0, show(findings));
      });
    }
  });
}
