/** A restore is a security-relevant action: it is recorded in the audit log of the database it restored. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPool, createTestDatabase, type TestDatabase } from "@unicorn/db";
import { backupDatabase, restoreAuditSql, restoreDatabase } from "../src/backup/database";

/** pg_dump refuses a server newer than itself: the full drill needs client tools of the server's major version. */
async function toolsMatchServer(db: TestDatabase): Promise<boolean> {
  try {
    const tools = /(\d+)\./.exec(execFileSync("pg_dump", ["--version"], { encoding: "utf8" }))?.[1];
    const server = (await db.pool.query<{ v: string }>("SHOW server_version_num AS v")).rows[0]!.v;
    return Number(tools) >= Math.floor(Number(server) / 10_000);
  } catch {
    return false;
  }
}

describe("restore and the audit log", () => {
  let db: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), "unicorn-restore-audit-"));
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  test("the restore's audit statement records the file and the database kept from before", async () => {
    await db.pool.query(restoreAuditSql("/backups/farm's.dump", "unicorn_before_restore_20260101"));
    const events = await db.pool.query<{ actor_label: string; details: Record<string, string> }>(
      "SELECT actor_label, details FROM audit_events WHERE action = 'backup.restore'",
    );
    assert.equal(events.rows.length, 1);
    assert.deepEqual(events.rows[0]!.details, {
      file: "farm's.dump",
      previousDatabase: "unicorn_before_restore_20260101",
    });
    await db.pool.query("DELETE FROM audit_events");
  });

  test("a real restore leaves that record in the restored database", async (t) => {
    if (!(await toolsMatchServer(db))) return t.skip("pg_dump here is older than the test server");
    const target = { kind: "local" as const, databaseUrl: db.url, environment: process.env };
    const dump = join(dir, "farm.dump");
    await backupDatabase(target, dump);
    const previous = await restoreDatabase(target, dump);
    const pool = createPool({ connectionString: db.url, max: 1 });
    try {
      const events = await pool.query("SELECT 1 FROM audit_events WHERE action = 'backup.restore'");
      assert.equal(events.rowCount, 1);
      await pool.query(`DROP DATABASE IF EXISTS "${previous}"`);
    } finally {
      await pool.end();
    }
  });
});
