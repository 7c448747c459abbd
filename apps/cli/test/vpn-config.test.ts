/**
 * `unicorn vpn config`: the farm's strongSwan configuration from the cloud's Terraform outputs, compared with a
 * hand-written expected configuration (fixtures/vpn), the proposals checked against the algorithm names of the AWS
 * and strongSwan documentation, the secret file's mode, and no key in the command's output.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { strongSwanProposals } from "../src/vpn/proposals";
import { farmVpnFiles, parseHybridOutputs } from "../src/vpn/strongswan-config";
import { unicorn } from "./run-cli";

const fixtures = resolve(import.meta.dirname, "fixtures/vpn");
const outputsText = readFileSync(join(fixtures, "outputs.json"), "utf8");

describe("unicorn vpn config", () => {
  const work = mkdtempSync(join(tmpdir(), "unicorn-vpn-"));
  after(() => rmSync(work, { recursive: true, force: true }));

  test("the generated swanctl.conf and script equal the hand-written ones", () => {
    const files = farmVpnFiles(parseHybridOutputs(outputsText));
    assert.equal(files.swanctl, readFileSync(join(fixtures, "expected-swanctl.conf"), "utf8"));
    assert.equal(files.script, readFileSync(join(fixtures, "expected-unicorn-vpn.sh"), "utf8"));
  });

  test("AWS algorithm names map to strongSwan keywords; AEAD ciphers take a PRF in IKE and no integrity in ESP", () => {
    assert.deepEqual(
      strongSwanProposals({
        ike_version: "ikev2",
        encryption: ["AES128", "AES256-GCM-16"],
        integrity: ["SHA2-512"],
        dh_groups: [14, 19],
      }),
      {
        ike: "aes128-sha512-modp2048-ecp256,aes256gcm16-prfsha512-modp2048-ecp256",
        esp: "aes128-sha512-modp2048-ecp256,aes256gcm16-modp2048-ecp256",
      },
    );
    assert.deepEqual(
      strongSwanProposals({
        ike_version: "ikev2",
        encryption: ["AES256-GCM-16"],
        integrity: ["SHA2-256"],
        dh_groups: [20],
      }),
      { ike: "aes256gcm16-prfsha256-ecp384", esp: "aes256gcm16-ecp384" },
    );
    assert.throws(
      () =>
        strongSwanProposals({
          ike_version: "ikev2",
          encryption: ["3DES"],
          integrity: ["SHA1"],
          dh_groups: [2],
        }),
      /encryption algorithm 3DES/,
    );
  });

  test("outputs without the VPN's keys are refused, naming the output", () => {
    const outputs = JSON.parse(outputsText);
    delete outputs.vpn_preshared_keys;
    assert.throws(() => parseHybridOutputs(JSON.stringify(outputs)), /vpn_preshared_keys/);
    const oneTunnel = JSON.parse(outputsText);
    oneTunnel.vpn_tunnels.value.pop();
    assert.throws(() => parseHybridOutputs(JSON.stringify(oneTunnel)), /vpn_tunnels/);
    assert.throws(() => parseHybridOutputs("not json"), /not JSON/);
  });

  test("the command writes swanctl.conf 0600 and the script 0755, and prints no key", async () => {
    const outputs = join(work, "outputs.json");
    writeFileSync(outputs, outputsText, { mode: 0o600 });
    const out = join(work, "farm-vpn");
    const run = await unicorn(["vpn", "config", "--outputs", outputs, "--out", out], {}, 60_000);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(statSync(join(out, "swanctl.conf")).mode & 0o777, 0o600);
    assert.equal(statSync(join(out, "unicorn-vpn.sh")).mode & 0o777, 0o755);
    assert.equal(statSync(out).mode & 0o777, 0o700);
    for (const key of JSON.parse(outputsText).vpn_preshared_keys.value)
      assert.ok(!`${run.stdout}${run.stderr}`.includes(key), "a pre-shared key was printed");
    assert.ok(!readFileSync(join(out, "unicorn-vpn.sh"), "utf8").includes("kTunnel"));
    const missing = await unicorn(
      ["vpn", "config", "--outputs", join(work, "nope.json"), "--out", out],
      {},
      60_000,
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
  });
});
