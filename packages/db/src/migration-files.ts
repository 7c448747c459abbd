import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function migrationsDirectory(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "migrations");
}

/** Reads numbered `NNNN_name.sql` files in order. The release build inlines this module's result. */
export function loadMigrationFiles(directory = migrationsDirectory()): MigrationFile[] {
  return readdirSync(directory)
    .filter((file) => MIGRATION_NAME.test(file))
    .sort()
    .map((file) => {
      const [, version, name] = MIGRATION_NAME.exec(file)!;
      return { version: Number(version), name: name!, sql: readFileSync(join(directory, file), "utf8") };
    });
}
