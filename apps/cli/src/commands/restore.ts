import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { verifyChecksum } from "../backup/checksum";
import { restoreDatabase } from "../backup/database";
import type { CliConfig } from "../config";
import { targetFrom } from "./backup";

const HELP = `usage: unicorn restore <file> [--compose <stack dir>] --yes

Verifies <file>.sha256, restores the dump into a new database, then swaps it in for the live one (a failure
before the swap leaves the live database untouched; the replaced one is kept under a dated name).
--yes confirms that the current data will be replaced.`;

export default async function restore(argv: string[], config: CliConfig): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { compose: { type: "string" }, yes: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const file = positionals[0] ? resolve(positionals[0]) : undefined;
  if (!file || !existsSync(file)) {
    console.error(`✗ give the backup file to restore${file ? ` (${file} does not exist)` : ""}\n\n${HELP}`);
    return 2;
  }
  try {
    await verifyChecksum(file);
  } catch (error) {
    console.error(`✗ ${(error as Error).message}`);
    return 1;
  }
  console.log("• checksum verified");
  if (!values.yes) {
    console.error("✗ restoring replaces the current data: add --yes to confirm");
    return 2;
  }
  const target = targetFrom(values, config);
  if (typeof target === "string") {
    console.error(`✗ ${target}`);
    return 2;
  }
  try {
    const previous = await restoreDatabase(target, file);
    console.log("✓ restored");
    console.log(
      `  the data before the restore is kept as database ${previous} (drop it once you are satisfied)`,
    );
    return 0;
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    console.error(`✗ restore failed; the live database was not replaced: ${detail}`);
    return 1;
  }
}
