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

/** Set by the release build (esbuild `define`): the migrations travel inside the single executable. */
declare const __UNICORN_EMBEDDED_MIGRATIONS__: MigrationFile[] | undefined;

/** Reads numbered `NNNN_name.sql` files in order; a release executable uses the copies built into it. */
export function loadMigrationFiles(directory?: string): MigrationFile[] {
  if (directory === undefined && typeof __UNICORN_EMBEDDED_MIGRATIONS__ !== "undefined")
    return __UNICORN_EMBEDDED_MIGRATIONS__;
  return readMigrationFiles(directory ?? migrationsDirectory());
}

export function readMigrationFiles(directory: string): MigrationFile[] {
  return readdirSync(directory)
    .filter((file) => MIGRATION_NAME.test(file))
    .sort()
    .map((file) => {
      const [, version, name] = MIGRATION_NAME.exec(file)!;
      return { version: Number(version), name: name!, sql: readFileSync(join(directory, file), "utf8") };
    });
}
