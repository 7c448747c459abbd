import type { CliConfig } from "../config";

/** Operator commands act on the database in DATABASE_URL; without it they say what to set. */
export function requireDatabaseUrl(command: string, config: CliConfig): string | undefined {
  if (config.databaseUrl) return config.databaseUrl;
  process.stderr.write(
    `✗ unicorn ${command} needs DATABASE_URL, e.g.\n  DATABASE_URL=postgres://unicorn:…@db.example:5432/unicorn unicorn ${command}\n`,
  );
  return undefined;
}

/** The URL with its password masked, for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "the configured database";
  }
}
