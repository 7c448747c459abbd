import pg from "pg";

// Return numeric/bigint columns as JS numbers where safe: counts and ids of stream events fit easily.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Dates (no time zone) stay ISO strings: "2026-05-01" must not shift with the server's zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolConfig {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

export function createPool(config: PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.max ?? 10,
    application_name: config.applicationName ?? "unicorn",
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next checkout reconnects.
  pool.on("error", () => {});
  return pool;
}

/** Runs `work` in a transaction; COMMIT before returning so callers acknowledge only durable data. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
