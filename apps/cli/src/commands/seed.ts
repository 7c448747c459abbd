import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CliConfig } from "../config";
import { DEMO_ORGANIZATION } from "../demo/demo-farm";
import { printDemoLogins } from "../demo/demo-logins";
import { seedDemo } from "../demo/demo-seed";
import { readCredentials, writeCredentials } from "../launcher/credentials-store";
import { withInProcessApi } from "../setup/in-process-api";
import { describeDatabase, requireDatabaseUrl } from "./database-url";

const HELP = `usage: unicorn seed [--reset]

Creates the demo organization (Prairie Creek Farms: four Iowa fields, sensors, a season of hourly weather)
in the database in DATABASE_URL, after applying migrations. The logins' passwords are printed once, when they
are set; $UNICORN_DATA_DIR/demo-credentials.json (default .unicorn/) keeps only which logins exist
(\`unicorn demo reset-password <email>\` gives one a new password). UNICORN_ADMIN_EMAIL and UNICORN_ADMIN_PASSWORD
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
    const { accounts, passwords, created } = await withInProcessApi(
      url,
      config,
      "unicorn-seed",
      async (api) => {
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
      },
    );
    writeCredentials(config.dataDir, accounts);
    console.log(created ? "✓ demo organization created" : "✓ demo organization already present");
    printDemoLogins(accounts, passwords, console.log);
    return 0;
  } catch (error) {
    console.error(`✗ seeding failed: ${(error as Error).message}`);
    return 1;
  }
}
