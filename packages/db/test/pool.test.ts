/**
 * A connection that dies while a client is checked out (PostgreSQL stopping: 57P01 "terminating connection due to
 * administrator command") must fail that one query, not crash the process, and the pool must recover.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createPool, createTestDatabase, type Pool, type TestDatabase, withTransaction } from "../src/index";

describe("pool under connection loss", () => {
  let db: TestDatabase;
  let pool: Pool;
  const uncaught: Error[] = [];
  const onUncaught = (error: Error) => uncaught.push(error);

  before(async () => {
    db = await createTestDatabase({ migrated: false });
    pool = createPool({ connectionString: db.url, max: 4, applicationName: "pool-fault-test" });
    process.on("uncaughtException", onUncaught);
  });
  after(async () => {
    process.off("uncaughtException", onUncaught);
    await pool.end();
    await db.drop();
  });

  /** Waits (bounded) until the pool has noticed and dropped every terminated idle connection. */
  async function settled(): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (pool.idleCount > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Terminates every backend of this test's pool from another connection, as a server shutdown does. */
  async function terminatePoolBackends(): Promise<number> {
    const result = await db.pool.query(
      "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = 'pool-fault-test'",
    );
    return Number(result.rows[0].n);
  }

  test("a transaction whose connection is terminated rejects, the process survives, the next query works", async () => {
    // Its outcome is taken at once: the rejection may come while the loop below is still polling.
    const outcome = withTransaction(pool, async (client) => {
      await client.query("SELECT 1");
      await client.query("SELECT pg_sleep(5)");
    }).then(
      () => undefined,
      (error: Error) => error,
    );
    // Wait until the transaction's backend is busy, then cut it.
    const deadline = Date.now() + 5_000;
    let terminated = 0;
    while (terminated === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      terminated = await terminatePoolBackends();
    }
    assert.ok(terminated >= 1, "the transaction's backend was terminated");
    assert.ok((await outcome) instanceof Error, "the transaction rejected");
    // Let any "error" event still queued on a dead socket fire before checking (slow on a loaded machine).
    await settled();
    assert.deepEqual(uncaught, []);
    const { rows } = await pool.query("SELECT 41 + 1 AS answer");
    assert.equal(rows[0].answer, 42);
  });

  test("a checked-out client whose connection dies emits no unhandled error", async () => {
    const client = await pool.connect();
    try {
      await client.query("SELECT 1");
      assert.ok((await terminatePoolBackends()) >= 1);
      await assert.rejects(client.query("SELECT 1"));
    } finally {
      client.release(true);
    }
    await settled();
    assert.deepEqual(uncaught, []);
    assert.equal((await pool.query("SELECT 1 AS one")).rows[0].one, 1);
  });
});
