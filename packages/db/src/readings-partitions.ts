import type pg from "pg";

/** A span of time readings may fall in; partitions are created only for the months it touches. */
export interface PartitionRange {
  from: Date;
  to: Date;
}

const EARLIEST_SANE = Date.UTC(1970, 0, 1);
const LATEST_SANE_AHEAD_MS = 366 * 24 * 3600 * 1000;

/**
 * The widest range anything may create partitions in, whatever its caller asks: from 1970 (no sensor data is
 * older) to a year ahead. One bad timestamp must not cost a `CREATE TABLE` per month back to year 100.
 */
export function sanePartitionRange(now = Date.now()): PartitionRange {
  return { from: new Date(EARLIEST_SANE), to: new Date(now + LATEST_SANE_AHEAD_MS) };
}

export class PartitionRangeError extends RangeError {
  constructor(readonly time: Date) {
    super(`refusing to create a readings partition for ${time.toISOString()}: outside the allowed range`);
    this.name = "PartitionRangeError";
  }
}

/** UTC month start; `Date.UTC` would read years 0-99 as 1900-1999, setUTCFullYear does not. */
function utcMonth(year: number, monthIndex: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, 1);
  return date;
}

function partitionName(month: Date): string {
  return `readings_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * Creates the monthly partitions of `readings` that cover the given times. Safe to race: a replica that
 * loses the race sees "already exists" and moves on. Every time must lie in `range` (narrowed to the sane
 * range): otherwise nothing is created and PartitionRangeError is thrown.
 */
export async function ensureReadingPartitions(
  db: pg.Pool | pg.ClientBase,
  times: Iterable<Date>,
  known: Set<string>,
  range: PartitionRange = sanePartitionRange(),
): Promise<void> {
  const sane = sanePartitionRange();
  const from = Math.max(range.from.getTime(), sane.from.getTime());
  const to = Math.min(range.to.getTime(), sane.to.getTime());
  const months = new Map<string, Date>();
  for (const time of times) {
    const ms = time.getTime();
    if (!(ms >= from && ms <= to)) throw new PartitionRangeError(time);
    const month = utcMonth(time.getUTCFullYear(), time.getUTCMonth());
    const name = partitionName(month);
    if (!known.has(name)) months.set(name, month);
  }
  for (const [name, month] of months) {
    if (!(await isAttached(db, name))) await createAndAttach(db, month);
    known.add(name);
  }
}

async function isAttached(db: pg.Pool | pg.ClientBase, name: string): Promise<boolean> {
  const result = await db.query(
    `SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'readings'::regclass AND c.relname = $1`,
    [name],
  );
  return result.rowCount === 1;
}

/**
 * Through `create_readings_partition` (migration 0027), which runs as the owner of `readings`: only the owner may
 * attach a partition, and the cloud's sync login owns no table (ADR 0021). It creates the month's table on its
 * own and then attaches it (ATTACH locks `readings` only in SHARE UPDATE EXCLUSIVE mode, which reads and inserts
 * do not conflict with), and is safe to race.
 */
async function createAndAttach(db: pg.Pool | pg.ClientBase, month: Date): Promise<void> {
  await db.query("SELECT create_readings_partition($1)", [month.toISOString()]);
}
