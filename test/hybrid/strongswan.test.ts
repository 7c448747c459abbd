/**
 * The farm's VPN config as strongSwan itself reads it: `unicorn vpn config` from a sample of the cloud's Terraform
 * outputs, then Debian's charon started in a network namespace this test creates, the config loaded with
 * `swanctl --load-all`, and the generated script's XFRM interfaces and updown routes applied in that namespace.
 * No tunnel comes up (there is no AWS endpoint here): this checks syntax, proposals, lifetimes and routing.
 *
 * Root only: `npm run test:hybrid-network` (needs Debian's strongswan-charon and strongswan-swanctl, iproute2).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { unicorn } from "../../apps/cli/test/run-cli";
import { canUseNamespaces, Namespaces } from "./netns";

const CHARON = "/usr/lib/ipsec/charon";
const outputs = resolve(import.meta.dirname, "../../apps/cli/test/fixtures/vpn/outputs.json");
const skip =
  canUseNamespaces() ??
  (existsSync(CHARON) ? undefined : "needs Debian's strongswan-charon and strongswan-swanctl");

describe("the generated strongSwan config loads into charon", { skip }, () => {
  const net = new Namespaces("ucsd");
  const work = mkdtempSync(join(tmpdir(), "unicorn-swan-"));
  const socket = `unix://${join(work, "charon.vici")}`;
  const env = { STRONGSWAN_CONF: join(work, "strongswan.conf") };
  let farm: string;
  let uplink: string;

  const swanctl = (...args: string[]) =>
    net.runWith(farm, "swanctl", [...args, "--uri", socket], env, 20_000);

  before(async () => {
    const generated = await unicorn(
      ["vpn", "config", "--outputs", outputs, "--out", join(work, "vpn")],
      {},
      60_000,
    );
    assert.equal(generated.code, 0, generated.stderr);
    // charon's own settings for this run: its control socket in the work folder, logs on stderr.
    writeFileSync(
      env.STRONGSWAN_CONF,
      `charon {\n  load_modular = yes\n  install_routes = no\n  plugins {\n    include /etc/strongswan.d/charon/*.conf\n    vici {\n      socket = ${socket}\n    }\n  }\n}\n`,
    );
    farm = net.add("swan");
    const peer = net.add("isp");
    uplink = net.link(farm, "192.0.2.2/24", peer, "192.0.2.1/24", "w").a;
    net.spawn(farm, CHARON, [], env);
    const deadline = Date.now() + 15_000;
    while (!existsSync(join(work, "charon.vici"))) {
      if (Date.now() > deadline) throw new Error("charon did not open its control socket in 15 s");
      await new Promise((done) => setTimeout(done, 100));
    }
  });
  // charon's stroke socket path is built in; removed after the test unless it was there before.
  const strokeSocket = "/var/run/charon.ctl";
  const hadStrokeSocket = existsSync(strokeSocket);
  after(async () => {
    await net.teardown();
    rmSync(work, { recursive: true, force: true });
    if (!hadStrokeSocket) rmSync(strokeSocket, { force: true });
  });

  test("swanctl loads both tunnels and their keys", () => {
    const loaded = swanctl("--load-all", "--file", join(work, "vpn/swanctl.conf"));
    assert.match(loaded, /loaded ike secret 'ike-aws-tunnel1'/);
    assert.match(loaded, /loaded ike secret 'ike-aws-tunnel2'/);
    assert.match(loaded, /successfully loaded 2 connections, 0 unloaded/);
  });

  test("charon holds the tunnels as AWS expects them: IKEv2, its endpoints, rekeying before AWS's lifetimes", () => {
    const conns = swanctl("--list-conns");
    for (const remote of ["3.130.10.11", "3.130.20.22"]) assert.match(conns, new RegExp(`remote: ${remote}`));
    // 7 h = 25,200 s (< AWS's 28,800 s phase 1); 50 min = 3,000 s (< AWS's 3,600 s phase 2).
    assert.equal(conns.match(/IKEv2, no reauthentication, rekeying every 25200s/g)?.length, 2);
    assert.equal(conns.match(/TUNNEL, rekeying every 3000s/g)?.length, 2);
    assert.equal(conns.match(/id: 203\.0\.113\.10/g)?.length, 2);
  });

  test("the script makes both XFRM interfaces, and its updown routes the VPC over the tunnel that is up", (t) => {
    const script = join(work, "vpn/unicorn-vpn.sh");
    try {
      net.runWith(farm, "ip", ["link", "add", "probe0", "type", "xfrm", "dev", uplink, "if_id", "99"], {});
      net.runWith(farm, "ip", ["link", "del", "probe0"], {});
    } catch {
      t.skip("this kernel cannot make XFRM interfaces (CONFIG_XFRM_INTERFACE)");
      return;
    }
    net.runWith(farm, "/bin/sh", [script, "setup", uplink], {});
    for (const [name, id, address] of [
      ["aws-tunnel1", "0x1", "169.254.21.2/30"],
      ["aws-tunnel2", "0x2", "169.254.22.2/30"],
    ] as const) {
      const link = net.runWith(farm, "ip", ["-d", "addr", "show", name], {});
      assert.match(link, new RegExp(`xfrm if_id ${id}`));
      assert.match(link, new RegExp(`inet ${address.replace(/\./g, "\\.")}`));
    }
    const updown = (verb: string, connection: string) =>
      net.runWith(farm, "/bin/sh", [script], { PLUTO_VERB: verb, PLUTO_CONNECTION: connection });
    const routes = () => net.runWith(farm, "ip", ["route", "show", "10.40.0.0/16"], {}).trim();
    updown("up-client", "aws-tunnel1");
    updown("up-client", "aws-tunnel2");
    assert.match(routes(), /dev aws-tunnel1 scope link metric 100\n.*dev aws-tunnel2 scope link metric 200/);
    updown("down-client", "aws-tunnel1");
    assert.equal(routes(), "10.40.0.0/16 dev aws-tunnel2 scope link metric 200");
    assert.equal(readFileSync(script, "utf8").includes("kTunnel"), false);
  });
});
