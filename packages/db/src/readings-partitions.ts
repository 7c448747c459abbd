import type pg from "pg";

function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

function partitionName(month: Date): string {
  return `readings_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * Creates the monthly partitions of `readings` that cover the given times. Safe to race: a replica that
 * loses the race sees "already exists" and moves on.
 */
export async function ensureReadingPartitions(
  db: pg.Pool | pg.ClientBase,
  times: Iterable<Date>,
  known: Set<string>,
): Promise<void> {
  const months = new Map<string, Date>();
  for (const time of times) {
    const month = monthStart(time);
    const name = partitionName(month);
    if (!known.has(name)) months.set(name, month);
  }
  for (const [name, month] of months) {
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    try {
      await db.query(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF readings FOR VALUES FROM ('${month.toISOString()}') TO ('${next.toISOString()}')`,
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 42P07 duplicate table / 23505 unique violation on the catalog: a concurrent creator won.
      if (code !== "42P07" && code !== "23505") throw error;
    }
    known.add(name);
  }
}
