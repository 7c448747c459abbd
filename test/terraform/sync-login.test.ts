/**
 * The farms' sync login (ADR 0021): the hybrid stack's migrate task reads the password from the sync credentials
 * secret (its JSON key, never the whole secret) and may read that secret, so `unicorn migrate` creates the login
 * the secret names. Run: npm run test:terraform.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SYNC_LOGIN_ROLE } from "@unicorn/db";
import { loadModule } from "./hcl";
import { terraformDir } from "./paths";

const ref = (expression: string) => `\${${expression}}`;

describe("the sync login's secret reaches the migrate task", () => {
  test("the migrate container gets UNICORN_SYNC_DB_PASSWORD from the secret's password key when hybrid", async () => {
    const ecs = await loadModule(join(terraformDir, "modules/ecs"));
    const migrate = ecs.resources.find((r) => r.type === "aws_ecs_task_definition" && r.name === "migrate");
    assert.ok(migrate, "no migrate task definition");
    const definitions = String(migrate.body.container_definitions);
    assert.match(
      definitions,
      /var\.sync_credentials_secret_arn == null \? \[\] : \[\s*\{ name = \\?"UNICORN_SYNC_DB_PASSWORD\\?", valueFrom = \\?"\$\{var\.sync_credentials_secret_arn\}:password::\\?" \}/,
    );
    assert.equal(ecs.variables.get("sync_credentials_secret_arn")?.body.default, null);
  });

  test("the platform passes the secret to the ecs module and lets the migrate task read it", async () => {
    const platform = await loadModule(join(terraformDir, "modules/platform"));
    const ecs = platform.moduleCalls.get("ecs");
    assert.equal(ecs?.body.sync_credentials_secret_arn, ref("module.rds.sync_credentials_secret_arn"));
    const iam = platform.moduleCalls.get("iam");
    assert.match(
      String(JSON.stringify(iam?.body.services)),
      /compact\(\[module\.rds\.database_url_secret_arn, module\.rds\.sync_credentials_secret_arn\]\)/,
    );
  });

  test("the secret names the login unicorn migrate creates", async () => {
    const rds = await loadModule(join(terraformDir, "modules/rds"));
    const version = rds.resources.find(
      (r) => r.type === "aws_secretsmanager_secret_version" && r.name === "sync",
    );
    assert.match(
      String(version?.body.secret_string),
      new RegExp(`username = \\\\?"${SYNC_LOGIN_ROLE}\\\\?"`),
    );
  });
});
