import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CliConfig } from "../config";
import { DEMO_ORGANIZATION } from "../demo/demo-farm";
import { seedDemo } from "../demo/demo-seed";
import { readCredentials, writeCredentials } from "../launcher/credentials-store";
import { withInProcessApi } from "../setup/in-process-api";
import { describeDatabase, requireDatabaseUrl } from "./database-url";

const HELP = `usage: unicorn seed [--reset]

Creates the demo organization (Prairie Creek Farms: four Iowa fields, sensors, a season of hourly weather)
in the database in DATABASE_URL, after applying migrations. Logins are printed and kept in
$UNICORN_DATA_DIR/demo-credentials.json (default .unicorn/). UNICORN_ADMIN_EMAIL and UNICORN_ADMIN_PASSWORD
set the admin login. --reset deletes the demo organization and all its data first.`;

export default async function seedCommand(argv: string[], config: CliConfig): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { reset: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const url = requireDatabaseUrl("seed", config);
  if (!url) return 2;
  mkdirSync(config.dataDir, { recursive: true });
  try {
    const { credentials, created } = await withInProcessApi(url, config, "unicorn-seed", async (api) => {
      const existing = await api.setup.findOrganization(DEMO_ORGANIZATION);
      if (existing && values.reset) {
        await api.setup.deleteOrganization(existing);
        console.log(`• removed the demo organization from ${describeDatabase(url)}`);
      }
      return seedDemo(api, values.reset ? undefined : readCredentials(config.dataDir), {
        adminEmail: config.demoAdmin.email,
        adminPassword: config.demoAdmin.password,
        onProgress: (message) => console.log(`  ${message}`),
      });
    });
    writeCredentials(config.dataDir, credentials);
    console.log(created ? "✓ demo organization created" : "✓ demo organization already present");
    console.log(`  admin   ${credentials.adminEmail} / ${credentials.adminPassword}`);
    console.log(`  viewer  ${credentials.viewerEmail} / ${credentials.staffPassword}`);
    return 0;
  } catch (error) {
    console.error(`✗ seeding failed: ${(error as Error).message}`);
    return 1;
  }
}
