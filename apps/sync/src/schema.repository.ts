import type pg from "pg";

type Db = pg.Pool | pg.ClientBase;

/** The newest migration applied: what a side's batches and its ability to read them are versioned by. */
export async function schemaVersion(db: Db): Promise<number> {
  const result = await db.query<{ version: number | null }>(
    "SELECT max(version) AS version FROM schema_migrations",
  );
  return result.rows[0]?.version ?? 0;
}

/** Column names of each table, to refuse a row carrying a column this side does not have yet. */
export async function tableColumns(db: Db, tables: readonly string[]): Promise<Map<string, Set<string>>> {
  const result = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
    [tables],
  );
  const columns = new Map<string, Set<string>>(tables.map((table) => [table, new Set()]));
  for (const row of result.rows) columns.get(row.table_name)?.add(row.column_name);
  return columns;
}

export class SchemaBehindError extends Error {
  readonly kind = "schema";
  constructor(
    readonly receiver: "local" | "cloud",
    readonly senderVersion: number,
    readonly receiverVersion: number,
    /** What the receiver lacks, when it is not the sender's schema but one this sync needs. */
    needs?: string,
  ) {
    super(
      `the ${receiver} database is at schema ${receiverVersion} but ${needs ?? `the other side sends schema ${senderVersion}`}: ` +
        `waiting until the ${receiver} database is migrated`,
    );
    this.name = "SchemaBehindError";
  }
}

export class UnknownColumnError extends Error {
  readonly kind = "schema";
  constructor(receiver: "local" | "cloud", table: string, column: string) {
    super(`the ${receiver} database has no column ${table}.${column}: waiting until it is migrated`);
    this.name = "UnknownColumnError";
  }
}

/**
 * The oldest cloud schema this sync can push reference rows to: each push keeps a receipt in
 * sync_push_receipts (migration 0025). A cloud below it is behind whatever the farm runs.
 */
export const OLDEST_PUSH_RECEIVER_SCHEMA = 25;

/** Refuses a reference push to a cloud without push receipts, whatever schema the farm is on. */
export function assertCloudTakesPushes(cloudVersion: number) {
  if (cloudVersion < OLDEST_PUSH_RECEIVER_SCHEMA)
    throw new SchemaBehindError(
      "cloud",
      OLDEST_PUSH_RECEIVER_SCHEMA,
      cloudVersion,
      `reference pushes need schema ${OLDEST_PUSH_RECEIVER_SCHEMA} there (push receipts)`,
    );
}

/** Refuses a batch from a newer schema: it would be applied with columns dropped on the floor. */
export function assertReceiverCurrent(
  receiver: "local" | "cloud",
  senderVersion: number,
  receiverVersion: number,
) {
  if (senderVersion > receiverVersion) throw new SchemaBehindError(receiver, senderVersion, receiverVersion);
}
