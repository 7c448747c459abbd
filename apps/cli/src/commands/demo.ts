import { PortInUseError, startEmbeddedPostgres } from "@unicorn/db";
import type { CliConfig } from "../config";
import { DEMO_ORGANIZATION } from "../demo/demo-farm";
import { generatedPassword } from "../demo/demo-seed";
import { withInProcessApi } from "../setup/in-process-api";

const HELP = `usage: unicorn demo reset-password <email>

Gives a demo login (admin, agronomist or viewer of the demo organization) a new generated password and prints
it once; no password is kept anywhere. Works on DATABASE_URL, or on the launcher's own database in
$UNICORN_DATA_DIR (default .unicorn/) while \`unicorn start\` is not running.`;

/** The database the demo lives in: DATABASE_URL, or the launcher's embedded PostgreSQL started for this command. */
async function withDemoDatabase(config: CliConfig, work: (url: string) => Promise<number>): Promise<number> {
  if (config.databaseUrl) return work(config.databaseUrl);
  let postgres: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    postgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.launcher.postgresPort });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    console.error("✗ the launcher's database is in use: stop `unicorn start` first, or set DATABASE_URL");
    return 1;
  }
  try {
    return await work(postgres.urlFor("unicorn"));
  } finally {
    await postgres.stop().catch(() => {});
  }
}

export default async function demoCommand(argv: string[], config: CliConfig): Promise<number> {
  const [action, email, ...rest] = argv;
  if (action === "--help" || action === "-h") {
    console.log(HELP);
    return 0;
  }
  if (action !== "reset-password" || !email || rest.length > 0) {
    console.error(HELP);
    return 2;
  }
  return withDemoDatabase(config, (url) =>
    withInProcessApi(url, config, "unicorn-demo", async (api) => {
      const organizationId = await api.setup.findOrganization(DEMO_ORGANIZATION);
      if (!organizationId) {
        console.error("✗ this database has no demo organization");
        return 1;
      }
      const password = generatedPassword();
      if (!(await api.setup.setPassword(organizationId, email, password))) {
        console.error(`✗ the demo organization has no login ${email}`);
        return 1;
      }
      console.log(`✓ new password for ${email}: ${password}`);
      console.log("  shown only now and stored nowhere");
      return 0;
    }),
  );
}
