import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createPool, migrate } from "@unicorn/db";
import { DEMO_ORGANIZATION } from "../demo/demo-farm";
import { seedDemo } from "../demo/demo-seed";
import { DemoSeedRepository } from "../demo/demo-seed.repository";
import { readCredentials, writeCredentials } from "../launcher/credentials-store";
import { describeDatabase, requireDatabaseUrl } from "./database-url";

const HELP = `usage: unicorn seed [--reset]

Creates the demo organization (Prairie Creek Farms: four Iowa fields, sensors, a season of hourly weather)
in the database in DATABASE_URL, after applying migrations. Logins are printed and kept in
$UNICORN_DATA_DIR/demo-credentials.json (default .unicorn/). UNICORN_ADMIN_EMAIL and UNICORN_ADMIN_PASSWORD
set the admin login. --reset deletes the demo organization and all its data first.`;

export default async function seedCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { reset: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const url = requireDatabaseUrl("seed");
  if (!url) return 2;
  const dataDir = resolve(process.env.UNICORN_DATA_DIR ?? ".unicorn");
  mkdirSync(dataDir, { recursive: true });
  const pool = createPool({ connectionString: url, max: 4, applicationName: "unicorn-seed" });
  try {
    await migrate(pool);
    const repository = new DemoSeedRepository(pool);
    const existing = await repository.findOrganization(DEMO_ORGANIZATION);
    if (existing && values.reset) {
      await repository.deleteOrganization(existing);
      console.log(`• removed the demo organization from ${describeDatabase(url)}`);
    }
    const { credentials, created } = await seedDemo(
      pool,
      values.reset ? undefined : readCredentials(dataDir),
      {
        ...(process.env.UNICORN_ADMIN_EMAIL ? { adminEmail: process.env.UNICORN_ADMIN_EMAIL } : {}),
        ...(process.env.UNICORN_ADMIN_PASSWORD ? { adminPassword: process.env.UNICORN_ADMIN_PASSWORD } : {}),
        onProgress: (message) => console.log(`  ${message}`),
      },
    );
    writeCredentials(dataDir, credentials);
    console.log(created ? "✓ demo organization created" : "✓ demo organization already present");
    console.log(`  admin   ${credentials.adminEmail} / ${credentials.adminPassword}`);
    console.log(`  viewer  ${credentials.viewerEmail} / ${credentials.staffPassword}`);
    return 0;
  } catch (error) {
    console.error(`✗ seeding failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await pool.end();
  }
}
