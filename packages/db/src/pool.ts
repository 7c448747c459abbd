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
  /** TLS to the server (e.g. `{ rejectUnauthorized: true, ca }`); none when absent. */
  ssl?: pg.PoolConfig["ssl"];
}

export function createPool(config: PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.max ?? 10,
    application_name: config.applicationName ?? "unicorn",
    ...(config.ssl === undefined ? {} : { ssl: config.ssl }),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its connection (database restart, `pg_terminate_backend`) emits "error". pg-pool listens only
  // while a client is idle and removes its listener at checkout, so a client in use by a request or transaction
  // had none and the event crashed the process. The query in flight rejects on its own and the caller handles
  // that; this listener, added once per connection, only keeps the event from being fatal. The pool drops a
  // broken idle client and the next checkout reconnects.
  pool.on("connect", (client) => client.on("error", ignoreConnectionError));
  pool.on("error", ignoreConnectionError);
  return pool;
}

function ignoreConnectionError(): void {}

/** Runs `work` in a transaction; COMMIT before returning so callers acknowledge only durable data. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A failed ROLLBACK means the connection itself is gone: destroy it rather than return it to the pool.
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
