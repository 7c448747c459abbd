import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "./migrator";
import { createPool, type Pool } from "./pool";

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.UNICORN_TEST_ADMIN_URL;
  if (!url) throw new Error("UNICORN_TEST_ADMIN_URL is not set: run tests through `npm test`");
  return url;
}

/** A fresh, migrated database for one test suite on the test run's PostgreSQL server. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = createPool({ connectionString: url.toString(), max: 10 });
  if (options.migrated !== false) await migrate(pool);
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
