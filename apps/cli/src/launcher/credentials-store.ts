import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DemoCredentials } from "../demo/demo-seed";

const FILE = "demo-credentials.json";

/** The demo logins live beside the local database, readable only by their owner, never in the repo. */
export function readCredentials(dataDir: string): DemoCredentials | undefined {
  const path = join(dataDir, FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as DemoCredentials) : undefined;
}

export function writeCredentials(dataDir: string, credentials: DemoCredentials): void {
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}
