/**
 * The farm's local DNS (deploy/compose/dns, hybrid mode) in network namespaces this test creates: a client on
 * the farm network whose only resolver is the farm's dnsmasq, the farm host running it with the shipped config
 * and entry point, and an "internet" namespace whose resolver knows the app's public (cloud) address. The app's
 * name must resolve to the farm's address with the upstream up, with it cut off, and after the resolver restarts
 * during the outage; other names go upstream while it is reachable.
 *
 * Root only (ip netns, veth, port 53): `npm run test:hybrid-network` (CI runs it as root; needs iproute2, dnsmasq).
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { canUseNamespaces, Namespaces } from "./netns";

const dnsDir = resolve(import.meta.dirname, "../../deploy/compose/dns");
const APP = "app.hawkeyeridge.example";
const FARM_ADDRESS = "10.77.1.1"; // the farm server, on the farm network
const CLOUD_ADDRESS = "198.51.100.20"; // what the public DNS answers for the app (the cloud ALB)
const CLOUD_ADDRESS_V6 = "2001:db8::20"; // the ALB is dual-stack: its AAAA must not leak to farm clients
const ELSEWHERE = "weather.example.net"; // any other name: only the upstream knows it
const ELSEWHERE_ADDRESS = "203.0.113.50";

const skip = canUseNamespaces();

describe("farm DNS failover in network namespaces", { skip }, () => {
  const net = new Namespaces("ucsd");
  let client: string;
  let farm: string;
  let uplink: string;
  let farmResolver: ReturnType<Namespaces["spawn"]>;

  /** What the client's system resolver (getaddrinfo) answers for a name, or the error code; bounded. */
  const lookup = (name: string): string => {
    const script = `require("node:dns").promises.lookup(${JSON.stringify(name)}, { family: 4 }).then((r) => console.log(r.address), (e) => console.log(e.code))`;
    return net.run(client, process.execPath, ["-e", script], 15_000).trim();
  };

  const startFarmResolver = async () => {
    const child = net.spawn(farm, "/bin/sh", [join(dnsDir, "entrypoint.sh")], {
      UNICORN_APP_NAME: APP,
      UNICORN_FARM_ADDRESS: FARM_ADDRESS,
      UNICORN_DNS_UPSTREAM: "10.77.2.2",
      UNICORN_DNS_PORT: "53",
      UNICORN_DNS_CONF: join(dnsDir, "dnsmasq.conf"),
    });
    let log = "";
    child.stderr!.on("data", (chunk) => {
      log += chunk;
    });
    // Ready once it logs its upstream; bounded.
    const deadline = Date.now() + 10_000;
    while (!/using nameserver/.test(log)) {
      if (child.exitCode !== null) throw new Error(`dnsmasq exited ${child.exitCode}: ${log}`);
      if (Date.now() > deadline) throw new Error(`dnsmasq did not start: ${log}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    return child;
  };

  before(async () => {
    console.log(`namespaces ucsd-${net.id}-*`);
    client = net.add("client", FARM_ADDRESS);
    farm = net.add("farm");
    uplink = net.add("uplink");
    net.link(client, "10.77.1.2/24", farm, `${FARM_ADDRESS}/24`, "c");
    net.link(farm, "10.77.2.1/24", uplink, "10.77.2.2/24", "u");
    // The internet's resolver: knows the app's public address and other names, nothing else.
    net.spawn(uplink, "dnsmasq", [
      "--keep-in-foreground",
      "--no-resolv",
      "--no-hosts",
      "--log-facility=-",
      "--user=nobody",
      "--listen-address=10.77.2.2",
      "--bind-interfaces",
      `--host-record=${APP},${CLOUD_ADDRESS},${CLOUD_ADDRESS_V6}`,
      `--host-record=${ELSEWHERE},${ELSEWHERE_ADDRESS}`,
      `--host-record=late.${ELSEWHERE},${ELSEWHERE_ADDRESS}`,
    ]);
    farmResolver = await startFarmResolver();
  });
  after(() => net.teardown());

  test("with the uplink up, the app's name is the farm's address and other names come from upstream", () => {
    assert.equal(lookup(APP), FARM_ADDRESS);
    assert.equal(lookup(ELSEWHERE), ELSEWHERE_ADDRESS);
  });

  test("a dual-stack client gets only the farm's address for the app, never the cloud's IPv6 one", () => {
    const script = `require("node:dns").promises.lookup(${JSON.stringify(APP)}, { all: true }).then((r) => console.log(r.map((a) => a.address).join(" ")), (e) => console.log(e.code))`;
    assert.equal(net.run(client, process.execPath, ["-e", script], 15_000).trim(), FARM_ADDRESS);
  });

  test("with the uplink cut, the app's name still resolves to the farm; a name only upstream knows fails", () => {
    net.setLink(farm, `ucsd${net.id}ua`, "down");
    const started = Date.now();
    assert.equal(lookup(APP), FARM_ADDRESS);
    assert.ok(Date.now() - started < 5_000, "the farm's own name is answered without waiting for upstream");
    assert.match(lookup(`late.${ELSEWHERE}`), /^(ENOTFOUND|EAI_AGAIN|ESERVFAIL)$/);
  });

  test("a resolver restarted during the outage answers the app's name at once", async () => {
    await net.stop(farmResolver);
    farmResolver = await startFarmResolver();
    assert.equal(lookup(APP), FARM_ADDRESS);
  });

  test("when the uplink comes back, other names resolve again", () => {
    net.setLink(farm, `ucsd${net.id}ua`, "up");
    assert.equal(lookup(`late.${ELSEWHERE}`), ELSEWHERE_ADDRESS);
    assert.equal(lookup(APP), FARM_ADDRESS);
  });

  test("the entry point refuses a malformed name or address before starting", async () => {
    for (const [name, address] of [
      ["app.example;rm", FARM_ADDRESS],
      [APP, "10.0.0.1,evil"],
    ] as const) {
      const child = net.spawn(farm, "/bin/sh", [join(dnsDir, "entrypoint.sh")], {
        UNICORN_APP_NAME: name,
        UNICORN_FARM_ADDRESS: address,
        UNICORN_DNS_PORT: "5399",
      });
      const [code] = await once(child, "exit");
      assert.equal(code, 2);
    }
  });
});
