/**
 * What `unicorn vpn config` reads from `terraform output -json` of envs/hybrid exists, the keys are sensitive, and
 * the VPN connection takes its proposals from the same `crypto` local the module outputs (so the farm's generated
 * config cannot drift from the AWS side). Run: npm run test:terraform.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { HybridTerraformOutputs } from "@unicorn/contracts";
import { loadModule } from "./hcl";
import { terraformDir } from "./paths";

/** A reference as hcl2json renders it. */
const ref = (expression: string) => `\${${expression}}`;

describe("the hybrid env's outputs for the farm's VPN device", () => {
  test("every output the generator reads is declared; the pre-shared keys are sensitive in the module and the env", async () => {
    const env = await loadModule(join(terraformDir, "envs/hybrid"));
    const vpn = await loadModule(join(terraformDir, "modules/vpn"));
    for (const name of Object.keys(HybridTerraformOutputs.properties))
      assert.ok(env.outputs.has(name), `envs/hybrid has no output ${name}`);
    assert.equal(env.outputs.get("vpn_preshared_keys")?.body.sensitive, true);
    assert.equal(vpn.outputs.get("preshared_keys")?.body.sensitive, true);
    assert.equal(env.outputs.get("vpn_preshared_keys")?.body.value, ref("module.vpn.preshared_keys"));
    assert.equal(vpn.outputs.get("crypto")?.body.value, ref("local.crypto"));
  });

  test("both tunnels and both phases take their algorithms from local.crypto", async () => {
    const vpn = await loadModule(join(terraformDir, "modules/vpn"));
    const connection = vpn.resources.find((r) => r.type === "aws_vpn_connection");
    assert.ok(connection, "no aws_vpn_connection in modules/vpn");
    const body = connection.body;
    for (const tunnel of [1, 2]) {
      assert.deepEqual(body[`tunnel${tunnel}_ike_versions`], [ref("local.crypto.ike_version")]);
      for (const phase of [1, 2]) {
        const prefix = `tunnel${tunnel}_phase${phase}`;
        assert.equal(body[`${prefix}_encryption_algorithms`], ref("local.crypto.encryption"));
        assert.equal(body[`${prefix}_integrity_algorithms`], ref("local.crypto.integrity"));
        assert.equal(body[`${prefix}_dh_group_numbers`], ref("local.crypto.dh_groups"));
      }
    }
  });
});
