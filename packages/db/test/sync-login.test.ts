import assert from "node:assert/strict";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createTestDatabase, ensureSyncLogin, scramSha256Verifier, type TestDatabase } from "../src/index";

// RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
const RFC_SALT = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
const RFC_NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
const RFC_AUTH_MESSAGE = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${RFC_NONCE},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=${RFC_NONCE}`;
const RFC_CLIENT_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const RFC_SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

describe("SCRAM-SHA-256 verifier", () => {
  const verifier = scramSha256Verifier("pencil", RFC_SALT, 4096);
  const [, header, keys] = verifier.split("$");
  const [storedKey, serverKey] = keys!.split(":").map((k) => Buffer.from(k, "base64"));

  test("has PostgreSQL's stored form", () => {
    assert.equal(header, "4096:W22ZaJ0SNY7soEsUEjb6gQ==");
    assert.match(verifier, /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
  });

  test("its ServerKey signs the RFC 7677 exchange with the RFC's server signature", () => {
    const signature = createHmac("sha256", serverKey!).update(RFC_AUTH_MESSAGE).digest("base64");
    assert.equal(signature, RFC_SERVER_SIGNATURE);
  });

  test("its StoredKey accepts the RFC 7677 client proof, as a server checks it", () => {
    const clientSignature = createHmac("sha256", storedKey!).update(RFC_AUTH_MESSAGE).digest();
    const proof = Buffer.from(RFC_CLIENT_PROOF, "base64");
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ clientSignature[i]!));
    assert.deepEqual(createHash("sha256").update(clientKey).digest(), storedKey);
  });
});

describe("the cloud's sync login (ADR 0021)", () => {
  let db: TestDatabase;
  const role = `sync_login_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(18).toString("hex");
  const asLogin = (secret: string) => {
    const url = new URL(db.url);
    url.username = role;
    url.password = secret;
    return url.toString();
  };
  const query = async (secret: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: asLogin(secret) });
    await client.connect();
    try {
      return await client.query(sql, params);
    } finally {
      await client.end();
    }
  };

  /** Each statement, run as the login, is refused for want of privilege. */
  const assertRefused = async (statements: string[]) => {
    for (const sql of statements) {
      await assert.rejects(
        query(password, sql),
        (error: { code?: string }) => error.code === "42501",
        `the sync login could run ${sql}`,
      );
    }
  };

  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db.pool.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await db.drop();
    const admin = new pg.Client({ connectionString: process.env.UNICORN_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  test("is created with a SCRAM verifier, signs in with its password and not with another", async () => {
    assert.equal(await ensureSyncLogin(db.pool, { role, password }), "created");
    const stored = await db.pool.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [role]);
    assert.match(stored.rows[0].rolpassword, /^SCRAM-SHA-256\$4096:/);
    assert.equal((await query(password, "SELECT current_user AS u")).rows[0].u, role);
    await assert.rejects(
      query(`${password}x`, "SELECT 1"),
      (error: { code?: string }) => error.code === "28P01",
    );
  });

  test("reads and writes the synced tables, readings and its own tables, and nothing else", async () => {
    await query(password, "SELECT count(*) FROM fields");
    await query(password, "SELECT count(*) FROM users");
    await query(password, "SELECT count(*) FROM sync_changes");
    await query(password, "SELECT count(*) FROM reading_rollups_daily");
    await query(password, "SELECT max(version) FROM schema_migrations");
    for (const table of [
      "sessions",
      "refresh_tokens",
      "api_keys",
      "audit_events",
      "gateways",
      "predictions",
    ]) {
      await assert.rejects(
        query(password, `SELECT count(*) FROM ${table}`),
        (error: { code?: string }) => error.code === "42501",
        `${table} is readable by the sync login`,
      );
    }
    await assertRefused([
      "INSERT INTO schema_migrations (version, name) VALUES (99999, 'x')",
      // A farm never writes people or organizations in the cloud: its login cannot take over an account.
      "UPDATE users SET role = 'admin'",
      "INSERT INTO organizations (name) VALUES ('intruder')",
      "DELETE FROM users",
      // Readings are only ever added.
      "UPDATE readings SET value = 0",
      "DELETE FROM readings",
      "SELECT nextval('audit_events_id_seq')",
    ]);
  });

  test("concurrent runs wait for each other instead of failing", async () => {
    const racer = `${role}_race`;
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, () => ensureSyncLogin(db.pool, { role: racer, password })),
      );
      assert.deepEqual(outcomes.sort(), ["created", "updated", "updated", "updated"]);
    } finally {
      await db.pool.query(`DROP OWNED BY ${racer}`);
      await db.pool.query(`DROP ROLE ${racer}`);
    }
  });

  test("may not change the schema", async () => {
    await assertRefused([
      "CREATE TABLE intruder (x int)",
      "DROP TABLE readings",
      "ALTER TABLE fields ADD COLUMN intruder int",
      "TRUNCATE sync_changes",
    ]);
  });

  test("makes a readings partition only through the owner's function, for a sane month", async () => {
    await query(password, "SELECT create_readings_partition($1)", ["2019-03-15T12:00:00Z"]);
    const partition = await db.pool.query(
      `SELECT pg_get_userbyid(c.relowner) AS owner, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
       WHERE i.inhparent = 'readings'::regclass AND c.relname = 'readings_y2019m03'`,
    );
    assert.equal(partition.rowCount, 1);
    assert.notEqual(partition.rows[0].owner, role, "the partition belongs to the owner of readings");
    assert.match(
      partition.rows[0].bound,
      /FROM \('2019-03-01 00:00:00\+00'\) TO \('2019-04-01 00:00:00\+00'\)/,
    );
    await query(password, "SELECT create_readings_partition($1)", ["2019-03-31T23:59:59Z"]); // again: no-op
    await assert.rejects(
      query(password, "SELECT create_readings_partition($1)", ["1969-12-31T00:00:00Z"]),
      /outside the allowed range/,
    );
    await assert.rejects(
      query(password, "SELECT create_readings_partition(now() + interval '3 years')"),
      /outside the allowed range/,
    );
  });

  test("a second run rotates the password: the old one stops working", async () => {
    const rotated = randomBytes(18).toString("hex");
    assert.equal(await ensureSyncLogin(db.pool, { role, password: rotated }), "updated");
    await query(rotated, "SELECT 1");
    await assert.rejects(query(password, "SELECT 1"), (error: { code?: string }) => error.code === "28P01");
  });

  test("a short or non-ASCII password is refused before anything changes", async () => {
    for (const bad of ["short", "ünïcödé-pässwörd-long-enough", "has spaces in it but long"]) {
      await assert.rejects(ensureSyncLogin(db.pool, { role: `${role}_bad`, password: bad }), RangeError);
    }
    const made = await db.pool.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [`${role}_bad`]);
    assert.equal(made.rowCount, 0);
  });
});
