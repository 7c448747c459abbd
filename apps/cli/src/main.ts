/**
 * `unicorn <command>`: the operator's command line. Each command lives in commands/<name>.ts, gets the
 * arguments after its name and the settings from the environment (read once, here), and returns its exit code.
 */
import { type CliConfig, CliConfigError, loadCliConfig } from "./config";

type Command = (argv: string[], config: CliConfig) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  start: {
    summary: "run the whole product locally (embedded PostgreSQL, demo farm, API, dashboard)",
    load: () => import("./commands/start"),
  },
  migrate: {
    summary: "apply pending database migrations to DATABASE_URL (--status to list them)",
    load: () => import("./commands/migrate"),
  },
  backup: {
    summary: "consistent pg_dump of the database with a sha256 file (--compose <dir> or DATABASE_URL)",
    load: () => import("./commands/backup"),
  },
  restore: {
    summary: "verify a backup's checksum and restore it in one transaction",
    load: () => import("./commands/restore"),
  },
  bundle: {
    summary: "create, verify or install an encrypted release archive (air-gapped farms)",
    load: () => import("./commands/bundle"),
  },
  init: {
    summary: "create a farm's organization and its first admin in DATABASE_URL (no demo data)",
    load: () => import("./commands/init"),
  },
  demo: {
    summary: "reset-password <email>: give a demo login a new password, printed once",
    load: () => import("./commands/demo"),
  },
  sync: {
    summary: "status: the hybrid sync's last success, lag, queued changes and conflicts (--json, --max-lag)",
    load: () => import("./commands/sync"),
  },
  vpn: {
    summary:
      "config --outputs <terraform outputs> --out <dir>: the farm side of the VPN to the cloud (strongSwan)",
    load: () => import("./commands/vpn"),
  },
  seed: {
    summary: "create the demo organization in DATABASE_URL (--reset to recreate it)",
    load: () => import("./commands/seed"),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return ["usage: unicorn <command> [options]", "", "commands:", ...lines].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let config: CliConfig;
  try {
    config = loadCliConfig();
  } catch (error) {
    if (!(error instanceof CliConfigError)) throw error;
    console.error(`✗ configuration: ${error.message}`);
    return 2;
  }
  return (await command.load()).default(rest, config);
}

// An error no command handled: one line a person can act on, never a stack trace, and exit 1.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
