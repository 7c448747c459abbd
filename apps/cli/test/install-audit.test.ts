/**
 * Installs, upgrades and rollbacks are security-relevant actions: `unicorn bundle install` writes them through
 * psql into the stack's database (as it does in the container suite, test/containers/bundle.test.ts), and every
 * organization's admin then finds them in GET /audit-events.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildApi, loadApiConfig } from "@unicorn/api";
import { hashPassword } from "@unicorn/credentials";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { installationAuditSql } from "../src/audit/installation-audit";
import { recordInstallationEvent } from "../src/backup/database";
import type { Target } from "../src/backup/postgres-tools";

describe("bundle installs in the audit log", () => {
  let db: TestDatabase;
  let target: Target;
  before(async () => {
    db = await createTestDatabase();
    target = { kind: "local", databaseUrl: db.url, environment: process.env };
  });
  after(() => db.drop());

  test("install, upgrade, failed upgrade and rollback records are queryable by each organization's admin", async () => {
    const cli = { actorLabel: "unicorn bundle install (cli, ops)", targetType: "installation" };
    await recordInstallationEvent(target, {
      ...cli,
      action: "bundle.install",
      details: { version: "1.0.0" },
    });
    await recordInstallationEvent(target, {
      ...cli,
      action: "bundle.upgrade",
      details: { from: "1.0.0", to: "1.1.0", backup: "before-1.1.0.dump" },
    });
    await recordInstallationEvent(target, {
      ...cli,
      action: "bundle.upgrade",
      outcome: "failure",
      details: { from: "1.1.0", to: "1.2.0", reason: "api keeps restarting" },
    });
    await recordInstallationEvent(target, {
      ...cli,
      action: "bundle.rollback",
      details: { from: "1.2.0", to: "1.1.0", restoredBackup: null },
    });

    const logger = createLogger({ service: "api", level: "silent" });
    const api = await buildApi({
      config: loadApiConfig({
        DATABASE_URL: db.url,
        UNICORN_MODE: "test",
        UNICORN_JWT_SECRET: "install-audit-test-secret-".repeat(2),
      }),
      pool: db.pool,
      logger,
    });
    await api.app.ready();
    try {
      for (const name of ["North Farm", "South Farm"]) {
        const org = await db.pool.query<{ id: string }>(
          "INSERT INTO organizations (name) VALUES ($1) RETURNING id",
          [name],
        );
        const email = `admin@${name.split(" ")[0]!.toLowerCase()}.test`;
        await db.pool.query(
          "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, $2, 'Admin', 'admin', $3)",
          [org.rows[0]!.id, email, await hashPassword("an admin passphrase")],
        );
        const login = await api.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email, password: "an admin passphrase" },
        });
        const headers = { authorization: `Bearer ${login.json().accessToken}` };
        const list = async (action: string) =>
          (
            await api.app.inject({ method: "GET", url: `/api/v1/audit-events?action=${action}`, headers })
          ).json().items as {
            outcome: string;
            actorLabel: string;
            targetType: string;
            details: Record<string, unknown>;
          }[];
        const [installed] = await list("bundle.install");
        assert.deepEqual(installed?.details, { version: "1.0.0" });
        assert.equal(installed?.actorLabel, "unicorn bundle install (cli, ops)");
        assert.equal(installed?.targetType, "installation");
        const upgrades = await list("bundle.upgrade");
        assert.deepEqual(
          upgrades.map((e) => [e.outcome, e.details.to]),
          [
            ["failure", "1.2.0"],
            ["success", "1.1.0"],
          ],
        );
        const [rollback] = await list("bundle.rollback");
        assert.deepEqual(rollback?.details, { from: "1.2.0", to: "1.1.0", restoredBackup: null });
      }
    } finally {
      await api.close();
    }
  });

  test("values are quoted: a version or reason with quotes cannot break out of the statement", async () => {
    const sql = installationAuditSql({
      action: "bundle.upgrade",
      outcome: "failure",
      actorLabel: "o'brien",
      targetType: "installation",
      details: { reason: "'); DROP TABLE audit_events; --" },
    });
    await db.pool.query(sql);
    const row = await db.pool.query<{ details: { reason: string } }>(
      "SELECT details FROM audit_events WHERE actor_label = 'o''brien'",
    );
    assert.equal(row.rows[0]!.details.reason, "'); DROP TABLE audit_events; --");
  });
});
