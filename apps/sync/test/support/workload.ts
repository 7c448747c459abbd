import { randomUUID } from "node:crypto";
import { ReadingsRepository } from "@unicorn/api/readings";
import { type Pool, type PoolClient, sanePartitionRange, withTransaction } from "@unicorn/db";
import type { SeededRandom } from "@unicorn/fault-proxy";

export type Side = "local" | "cloud";

/**
 * The tables the writers change and the text column that carries each write's token. Every write (insert,
 * update, soft delete, hard delete) stamps a unique token and records, in the same transaction, the token it
 * replaced: after the run the versions of each row form a tree, whatever the timing, and the checks follow
 * it to tell a write superseded by a later one that saw it from a write the sync lost or overwrote.
 */
export const TOKEN_COLUMNS = { fields: "name", sensors: "name", field_events: "notes" } as const;
export type WrittenTable = keyof typeof TOKEN_COLUMNS;

/**
 * Test-only bookkeeping on each side, in the same transaction as the write it describes: a write is in this
 * table exactly when it committed, even when the writer never heard the COMMIT's answer. Not a synced table.
 */
export const WRITE_LOG_SQL = `CREATE TABLE test_writes (
  token       text PRIMARY KEY,
  side        text NOT NULL,
  table_name  text NOT NULL,
  row_id      uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('insert', 'update', 'soft-delete', 'hard-delete')),
  replaced    text
)`;

export interface LoggedWrite {
  token: string;
  /** The writer's label: its side, or the site for the farms of a multi-site schedule. */
  side: string;
  table_name: WrittenTable;
  row_id: string;
  kind: "insert" | "update" | "soft-delete" | "hard-delete";
  replaced: string | null;
}

export interface Reading {
  sensorId: string;
  timeMs: number;
  value: number;
}

/** The rows both sides start from: one organization's farm as the cloud and the farm have it after a sync. */
export interface Fixture {
  organizationId: string;
  fieldIds: string[];
  sensorIds: string[];
  fieldEventIds: string[];
}

export interface WriterStats {
  attempted: number;
  committed: number;
  failed: number;
}

/**
 * One side's application: random reads-modify-writes of reference rows (including rows the other side is
 * changing) and, on the farm, readings. Every acknowledged reading is remembered; reference writes are
 * checked through the write log.
 */
export class RandomWriter {
  readonly acknowledgedReadings: Reading[] = [];
  readonly stats: WriterStats = { attempted: 0, committed: 0, failed: 0 };
  private counter = 0;
  private readingClock: number;
  /** Readings go in through the api's own ingest path (partitions, rollups, ON CONFLICT DO NOTHING). */
  private readonly readings: ReadingsRepository;

  constructor(
    private readonly side: Side,
    private readonly pool: Pool,
    private readonly fixture: Fixture,
    private readonly random: SeededRandom,
    /** Field-event ids both writers draw from; inserts add to it, so the other side soon edits them too. */
    private readonly sharedEventIds: string[],
    readingsFromMs: number,
    /** Names this writer's tokens and write-log rows (several writers on one side need labels of their own). */
    private readonly label: string = side,
  ) {
    this.readingClock = readingsFromMs;
    this.readings = new ReadingsRepository(pool);
  }

  /** Writes until `signal` aborts, pausing 0-`maxPauseMs` between writes. */
  async run(signal: AbortSignal, maxPauseMs: number): Promise<void> {
    while (!signal.aborted) {
      this.stats.attempted++;
      try {
        await this.writeOnce();
        this.stats.committed++;
      } catch {
        // The database restarted or its connection broke: the write may or may not have committed; the write
        // log on that side says which. The application retries with its next write.
        this.stats.failed++;
        await new Promise((done) => setTimeout(done, 50));
      }
      const pause = this.random.int(0, maxPauseMs);
      if (pause > 0) await new Promise((done) => setTimeout(done, pause));
    }
  }

  private async writeOnce(): Promise<void> {
    const choice = this.random.weighted({
      readings: this.side === "local" ? 4 : 0,
      insertEvent: 2,
      updateEvent: 4,
      softDeleteEvent: 1,
      hardDeleteEvent: 0.5,
      updateField: 1,
      updateSensor: 1,
    });
    switch (choice) {
      case "readings":
        return this.writeReadings();
      case "insertEvent":
        return this.insertEvent();
      case "updateEvent":
        return this.change("field_events", this.random.pick(this.sharedEventIds), "update");
      case "softDeleteEvent":
        return this.change("field_events", this.random.pick(this.sharedEventIds), "soft-delete");
      case "hardDeleteEvent":
        return this.change("field_events", this.random.pick(this.sharedEventIds), "hard-delete");
      case "updateField":
        return this.change("fields", this.random.pick(this.fixture.fieldIds), "update");
      case "updateSensor":
        return this.change("sensors", this.random.pick(this.fixture.sensorIds), "update");
    }
  }

  private nextToken(): string {
    return `${this.label}-${++this.counter}-${this.random.int(0, 0xffff).toString(16)}`;
  }

  /** A batch of readings for one sensor, as a gateway posts them; now and then the previous batch again. */
  private async writeReadings(): Promise<void> {
    const sensorId = this.random.pick(this.fixture.sensorIds);
    const count = this.random.int(1, 200);
    const batch: Reading[] = [];
    for (let i = 0; i < count; i++) {
      this.readingClock += 1_000;
      batch.push({ sensorId, timeMs: this.readingClock, value: Math.round(this.random.next() * 1e6) / 1e3 });
    }
    const resend = this.random.chance(0.1) ? this.acknowledgedReadings.slice(-20) : [];
    const rows = [...batch, ...resend];
    await this.readings.insertBatch(
      rows.map((r) => ({ sensorId: r.sensorId, time: new Date(r.timeMs), value: r.value })),
      undefined,
      sanePartitionRange(),
    );
    this.acknowledgedReadings.push(...batch);
  }

  private async insertEvent(): Promise<void> {
    const id = randomUUID();
    const token = this.nextToken();
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO field_events (id, organization_id, field_id, kind, date, notes, site_id)
         VALUES ($1, $2, $3, 'irrigation', current_date, $4, $5)`,
        [id, this.fixture.organizationId, this.random.pick(this.fixture.fieldIds), token, this.label],
      );
      await this.log(client, {
        token,
        table_name: "field_events",
        row_id: id,
        kind: "insert",
        replaced: null,
      });
    });
    this.sharedEventIds.push(id);
  }

  /** Read-modify-write of one row as the api does it (live rows only), logging the version it replaced. */
  private async change(table: WrittenTable, id: string, kind: "update" | "soft-delete" | "hard-delete") {
    const column = TOKEN_COLUMNS[table];
    const token = this.nextToken();
    await withTransaction(this.pool, async (client) => {
      const current = await client.query<{ token: string }>(
        `SELECT ${column} AS token FROM ${table} WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
        [id],
      );
      const replaced = current.rows[0]?.token;
      if (replaced === undefined) return; // deleted meanwhile: nothing to change, nothing logged
      if (kind === "hard-delete") await client.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
      else
        await client.query(
          `UPDATE ${table} SET ${column} = $2, updated_at = now(), version = version + 1, site_id = $3
             ${kind === "soft-delete" ? ", deleted_at = now()" : ""}
           WHERE id = $1`,
          [id, token, this.label],
        );
      await this.log(client, { token, table_name: table, row_id: id, kind, replaced });
    });
  }

  private async log(client: PoolClient, write: Omit<LoggedWrite, "side">): Promise<void> {
    await client.query(
      "INSERT INTO test_writes (token, side, table_name, row_id, kind, replaced) VALUES ($1, $2, $3, $4, $5, $6)",
      [write.token, this.label, write.table_name, write.row_id, write.kind, write.replaced],
    );
  }
}
