import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import pg from "pg";
import { swapDatabases } from "../src/backup/database";

/** Three clients that reconnect within a millisecond of losing their session, as the api, ml and exporter do. */
const RECONNECTING_CLIENTS = `
const pg = require("pg");
let sessions = 0;
let running = true;
process.on("SIGTERM", () => { running = false; });
const loop = async () => {
  while (running) {
    const client = new pg.Client({ connectionString: process.argv[1] });
    client.on("error", () => {});
    try {
      await client.connect();
      if (++sessions === 3) console.log("connected");
      while (running) await client.query("SELECT 1");
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    void client.end().catch(() => {});
  }
};
Promise.all([loop(), loop(), loop()]).then(() => { console.log("sessions " + sessions); process.exit(0); });
`;

/** The restore's last step races the services, which reconnect as soon as their sessions are ended. */
describe("restore swaps in the restored database while clients keep reconnecting", () => {
  let db: TestDatabase;
  let live: string;
  const urlOf = (name: string) => {
    const url = new URL(db.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = async (sql: string, database = "postgres") => {
    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  before(async () => {
    db = await createTestDatabase({ migrated: false });
    live = new URL(db.url).pathname.slice(1);
  });
  after(async () => {
    await admin(`DROP DATABASE IF EXISTS "${live}_previous" WITH (FORCE)`);
    await db.drop();
  });

  test("the rename never meets a live session, and the previous data is kept", async () => {
    await admin(`CREATE DATABASE "${live}_restoring"`);
    await admin("CREATE TABLE restored_marker (id int)", `${live}_restoring`);
    // In another process: the CLI runs its tools synchronously, which would stall clients in this one.
    const clients = spawn(process.execPath, ["-e", RECONNECTING_CLIENTS, db.url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    clients.stdout.on("data", (chunk) => {
      output += chunk;
    });
    const exited = once(clients, "exit");
    for (let waited = 0; !output.includes("connected"); waited += 20) {
      assert.ok(waited < 20_000, "the clients connected");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    try {
      await swapDatabases(
        { kind: "local", databaseUrl: db.url, environment: process.env },
        { live, staged: `${live}_restoring`, previous: `${live}_previous` },
      );
    } finally {
      clients.kill("SIGTERM");
      await exited;
    }
    const sessions = Number(/sessions (\d+)/.exec(output)?.[1]);
    assert.ok(sessions > 3, `the clients reconnected during the swap (${sessions} sessions)`);
    const marker = await admin("SELECT to_regclass('restored_marker') AS t", live);
    assert.equal(marker.rows[0].t, "restored_marker", "the live name now holds the restored data");
    const kept = await admin(
      `SELECT datname, datallowconn FROM pg_database WHERE datname IN ('${live}', '${live}_previous') ORDER BY 1`,
    );
    assert.deepEqual(
      kept.rows.map((row) => [row.datname, row.datallowconn]),
      [
        [live, true],
        [`${live}_previous`, true],
      ],
    );
  });
});
