import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { CliConfig } from "../config";
import { farmVpnFiles, parseHybridOutputs } from "../vpn/strongswan-config";

const HELP = `usage: unicorn vpn config --outputs <outputs.json> --out <dir>

Generates the farm side of the site-to-site VPN to the cloud (strongSwan, IKEv2, two tunnels with the proposals
the cloud's Terraform gave the AWS side) from \`terraform output -json > outputs.json\` run in
deploy/terraform/envs/hybrid. Writes:
  <dir>/swanctl.conf     the tunnels and their pre-shared keys (mode 0600): /etc/swanctl/conf.d/unicorn.conf
  <dir>/unicorn-vpn.sh   the XFRM interfaces and the updown script (no secrets): /etc/swanctl/unicorn-vpn.sh
Then: unicorn-vpn.sh setup <uplink device>; swanctl --load-all; swanctl --list-sas. See docs/hybrid.md.
The outputs file holds the keys too: delete it once the config is in place.`;

/** Written beside its final name and renamed, with its mode set before any content lands. */
function writePrivate(path: string, text: string, mode: number): void {
  writeFileSync(`${path}.new`, text, { mode });
  chmodSync(`${path}.new`, mode);
  renameSync(`${path}.new`, path);
}

export default async function vpn(argv: string[], _config: CliConfig): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "config") {
    console.log(HELP);
    return sub === "--help" || sub === "-h" ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { outputs: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.outputs || !values.out) {
    console.error("✗ --outputs <outputs.json> and --out <dir> are required");
    return 2;
  }
  let files: ReturnType<typeof farmVpnFiles>;
  try {
    files = farmVpnFiles(parseHybridOutputs(readFileSync(values.outputs, "utf8")));
  } catch (error) {
    const message =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? `${values.outputs} does not exist`
        : (error as Error).message;
    console.error(`✗ ${values.outputs}: ${message}`);
    return 2;
  }
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true, mode: 0o700 });
  writePrivate(join(out, "swanctl.conf"), files.swanctl, 0o600);
  writePrivate(join(out, "unicorn-vpn.sh"), files.script, 0o755);
  console.log(`✓ ${join(out, "swanctl.conf")} (0600: it holds the pre-shared keys)`);
  console.log(`✓ ${join(out, "unicorn-vpn.sh")}`);
  console.log(
    "  next: install them as docs/hybrid.md says, then delete the outputs file (it holds the keys too)",
  );
  return 0;
}
