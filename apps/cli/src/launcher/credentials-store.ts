import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DemoAccounts } from "../demo/demo-seed";

const FILE = "demo-credentials.json";

/**
 * Which demo logins exist, beside the local database. No password and no key is ever written here: passwords are
 * printed once when they are set (`unicorn demo reset-password` sets a new one), the simulator's key lives in
 * memory. A file from an older version that still holds secrets is rewritten without them when it is read.
 */
export function readCredentials(dataDir: string): DemoAccounts | undefined {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return undefined;
  const stored = JSON.parse(readFileSync(path, "utf8")) as DemoAccounts & Record<string, unknown>;
  const accounts: DemoAccounts = {
    adminEmail: stored.adminEmail,
    agronomistEmail: stored.agronomistEmail,
    viewerEmail: stored.viewerEmail,
  };
  if (Object.keys(stored).length !== Object.keys(accounts).length) writeCredentials(dataDir, accounts);
  return accounts;
}

export function writeCredentials(dataDir: string, accounts: DemoAccounts): void {
  const { adminEmail, agronomistEmail, viewerEmail } = accounts;
  writeFileSync(
    join(dataDir, FILE),
    `${JSON.stringify({ adminEmail, agronomistEmail, viewerEmail }, null, 2)}\n`,
    { mode: 0o600 },
  );
}
