import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { readPassphraseFile } from "../bundle/passphrase";
import type { CliConfig } from "../config";
import { DEMO_ORGANIZATION, isDemoOrganizationName } from "../demo/demo-farm";
import { withInProcessApi } from "../setup/in-process-api";
import { describeDatabase, requireDatabaseUrl } from "./database-url";

const HELP = `usage: unicorn init --organization <name> --email <admin email> [--name <admin name>] [--password-file <f>]

Creates a farm's organization and its first admin in DATABASE_URL (after applying migrations), for a real
install without demo data. Without --password-file a password is generated and printed once; the admin then
adds the other users and API keys from the dashboard or the API. In an installed stack:
  docker compose -p unicorn run --rm cli init --organization "Hawkeye Ridge Farms" --email owner@farm.example`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export default async function init(argv: string[], config: CliConfig): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      organization: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      "password-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const organization = values.organization?.trim();
  if (!organization || organization.length > 200) {
    console.error(`✗ --organization <name> is required (at most 200 characters)\n\n${HELP}`);
    return 2;
  }
  if (isDemoOrganizationName(organization)) {
    console.error(
      `✗ --organization: "${DEMO_ORGANIZATION}" is the demo organization's name; give your farm's own`,
    );
    return 2;
  }
  if (!values.email || !EMAIL.test(values.email) || values.email.length > 254) {
    console.error(`✗ --email must be an e-mail address, got ${JSON.stringify(values.email ?? "")}`);
    return 2;
  }
  let password: string;
  let generated = false;
  try {
    password = values["password-file"] ? readPassphraseFile(values["password-file"]) : "";
  } catch (error) {
    console.error(`✗ ${(error as Error).message}`);
    return 2;
  }
  if (!password) {
    password = randomBytes(15).toString("base64url");
    generated = true;
  } else if (password.length < 10) {
    console.error("✗ the admin password needs at least 10 characters");
    return 2;
  }
  const url = requireDatabaseUrl("init", config);
  if (!url) return 2;
  const email = values.email;
  try {
    // The API creates the two together, hashing the password its own way, or neither.
    await withInProcessApi(url, config, "unicorn-init", (api) =>
      api.setup.createOrganization({
        name: organization,
        adminEmail: email,
        adminName: values.name?.trim() || email,
        adminPassword: password,
      }),
    );
  } catch (error) {
    console.error(
      `✗ init failed in ${describeDatabase(url)}: ${(error as Error).message}; no organization was created`,
    );
    return 1;
  }
  console.log(`✓ organization "${organization}" created with its admin ${email}`);
  if (generated)
    console.log(`  password  ${password}   (shown once: store it, or change it after logging in)`);
  return 0;
}
