/**
 * The operator's view of the hybrid sync: GET /sync/status from the farm database's sync tables, the conflicts
 * list, and an admin re-applying or dismissing a conflict. The sync service's part (its status row, the
 * conflicts it records, the winner it applied) is written here directly, as the service writes it.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

type Row = Record<string, unknown>;

describe("sync status and conflicts", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;

  const get = (url: string, token: string) => h.app.inject({ method: "GET", url, headers: bearer(token) });
  const post = (url: string, token: string) =>
    h.app.inject({ method: "POST", url, headers: bearer(token), payload: {} });
  const row = async (table: string, id: string): Promise<Row> =>
    (await h.db.pool.query(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE id = $1`, [id])).rows[0]?.row;

  /** A farm as the cloud's version won it: written the way the sync service applies (not captured again). */
  async function farmTheCloudWon(owner: TestOrganization, name: string): Promise<Row> {
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/farms",
      headers: bearer(owner.tokens.admin),
      payload: { name: `${name} (before)`, timezone: "America/Chicago" },
    });
    assert.equal(created.statusCode, 201, created.body);
    const client = await h.db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('unicorn.sync_apply', 'on', true)");
      await client.query(
        "UPDATE farms SET name = $2, version = version + 1, site_id = 'cloud', updated_at = now() WHERE id = $1",
        [created.json().id, name],
      );
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    return row("farms", created.json().id);
  }

  async function recordConflict(
    owner: TestOrganization,
    conflict: {
      table: string;
      rowId: string;
      winner: "local" | "cloud";
      local: Row | null;
      cloud: Row | null;
    },
  ): Promise<string> {
    const inserted = await h.db.pool.query<{ id: string }>(
      `INSERT INTO sync_conflicts (organization_id, table_name, row_id, rule, winner, local_version, cloud_version,
         local_hlc, cloud_hlc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1, 2) RETURNING id`,
      [
        owner.id,
        conflict.table,
        conflict.rowId,
        conflict.winner === "cloud" ? "cloud-wins" : "local-wins",
        conflict.winner,
        conflict.local && JSON.stringify(conflict.local),
        conflict.cloud && JSON.stringify(conflict.cloud),
      ],
    );
    return inserted.rows[0]!.id;
  }

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Synced");
    other = await h.createOrganization("Elsewhere");
  });
  after(() => h.close());
  beforeEach(async () => {
    await h.db.pool.query("DELETE FROM sync_conflicts");
    await h.db.pool.query("DELETE FROM sync_status");
  });

  test("without a sync service on this database the status says sync is not configured", async () => {
    const response = await get("/api/v1/sync/status", org.tokens.viewer);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().configured, false);
    assert.match(response.json().message, /does not sync/);
  });

  test("the status is the sync service's last record, with this organization's conflict counts", async () => {
    await h.db.pool.query(
      `INSERT INTO sync_status (site_id, online, last_attempt_at, last_success_at, last_error, lag_seconds, queued,
         push_last_success_at, push_rows_synced, pull_last_success_at, pull_rows_synced, updated_at)
       VALUES ('prairie-creek', false, '2026-12-02T17:05:00Z', '2026-12-02T16:00:00Z', 'connect ETIMEDOUT', 3900,
         '[{"table":"readings","rows":1200},{"table":"fields","rows":2}]', '2026-12-02T16:00:00Z', 150000,
         '2026-12-02T15:59:00Z', 40, now())`,
    );
    const farm = await farmTheCloudWon(org, "Counted");
    await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: farm,
      cloud: farm,
    });
    const decided = await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: farm,
      cloud: farm,
    });
    await h.db.pool.query("UPDATE sync_conflicts SET dismissed_at = now() WHERE id = $1", [decided]);
    await recordConflict(other, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: farm,
      cloud: farm,
    });

    const response = await get("/api/v1/sync/status", org.tokens.viewer);
    assert.equal(response.statusCode, 200, response.body);
    const report = response.json();
    assert.equal(report.configured, true);
    assert.equal(report.serviceRunning, true);
    assert.deepEqual(report.status, {
      siteId: "prairie-creek",
      online: false,
      lastAttemptAt: "2026-12-02T17:05:00.000Z",
      lastSuccessAt: "2026-12-02T16:00:00.000Z",
      lastError: "connect ETIMEDOUT",
      lagSeconds: 3900,
      queued: [
        { table: "readings", rows: 1200 },
        { table: "fields", rows: 2 },
      ],
      conflicts: { open: 1, total: 2 },
      directions: [
        { direction: "push", lastSuccessAt: "2026-12-02T16:00:00.000Z", rowsSynced: 150000 },
        { direction: "pull", lastSuccessAt: "2026-12-02T15:59:00.000Z", rowsSynced: 40 },
      ],
    });
  });

  test("a status the service has not refreshed for 15 minutes says the service is not running", async () => {
    await h.db.pool.query(
      `INSERT INTO sync_status (site_id, online, last_attempt_at, last_success_at, updated_at)
       VALUES ('prairie-creek', true, now() - interval '16 minutes', now() - interval '16 minutes',
               now() - interval '16 minutes')`,
    );
    const report = (await get("/api/v1/sync/status", org.tokens.admin)).json();
    assert.equal(report.configured, true);
    assert.equal(report.serviceRunning, false);
    assert.equal(report.status.online, true, "the last record itself is reported as it was");
  });

  test("conflicts: newest first, filtered by table and state, only the organization's own", async () => {
    const farm = await farmTheCloudWon(org, "Listed");
    const first = await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: { ...farm, name: "Listed on the farm" },
      cloud: farm,
    });
    await h.db.pool.query("UPDATE sync_conflicts SET detected_at = now() - interval '1 hour' WHERE id = $1", [
      first,
    ]);
    const second = await recordConflict(org, {
      table: "fields",
      rowId: "00000000-0000-4000-8000-00000000000f",
      winner: "local",
      local: { id: "x", name: "a" },
      cloud: { id: "x", name: "b" },
    });
    await recordConflict(other, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: farm,
      cloud: farm,
    });

    const all = (await get("/api/v1/sync/conflicts", org.tokens.agronomist)).json();
    assert.equal(all.total, 2);
    assert.deepEqual(
      all.items.map((c: Row) => c.id),
      [second, first],
    );
    const listed = all.items[1];
    assert.equal(listed.state, "open");
    assert.equal(listed.rule, "cloud-wins");
    assert.equal(listed.winner, "cloud");
    assert.deepEqual(listed.differences, ["name"]);
    assert.equal(listed.localVersion.name, "Listed on the farm");

    const fields = (await get("/api/v1/sync/conflicts?table=fields", org.tokens.admin)).json();
    assert.deepEqual(
      fields.items.map((c: Row) => c.id),
      [second],
    );
    const paged = (await get("/api/v1/sync/conflicts?limit=1&offset=1", org.tokens.admin)).json();
    assert.deepEqual([paged.total, paged.items.length, paged.items[0].id], [2, 1, first]);
    await h.db.pool.query("UPDATE sync_conflicts SET dismissed_at = now() WHERE id = $1", [second]);
    const open = (await get("/api/v1/sync/conflicts?state=open", org.tokens.admin)).json();
    assert.deepEqual(
      open.items.map((c: Row) => c.id),
      [first],
    );
    const bad = await get("/api/v1/sync/conflicts?state=maybe", org.tokens.admin);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, "state");
  });

  test("secrets and photos never leave in a version; differences are computed on the full values", async () => {
    await recordConflict(org, {
      table: "observations",
      rowId: "00000000-0000-4000-8000-0000000000aa",
      winner: "cloud",
      local: { id: "o", password_hash: "scrypt$abc", photo: `\\x${"ab".repeat(600)}`, note: "rust" },
      cloud: { id: "o", password_hash: "scrypt$abd", photo: `\\x${"ac".repeat(600)}`, note: "rust" },
    });
    const [entry] = (await get("/api/v1/sync/conflicts", org.tokens.admin)).json().items;
    assert.equal(entry.localVersion.password_hash, "[hidden]");
    assert.equal(entry.localVersion.photo, "[binary data, 600 bytes]");
    assert.deepEqual(entry.differences, ["password_hash", "photo"]);
  });

  test("re-apply writes the losing version as a local change that syncs on, and records who did it", async () => {
    await h.db.pool.query("UPDATE sync_settings SET role = 'farm'");
    const farm = await farmTheCloudWon(org, "Cloud Name");
    const local = { ...farm, name: "Farm Name", timezone: "America/Denver", version: 7, site_id: "farm-x" };
    const id = await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local,
      cloud: farm,
    });
    const changesBefore = (
      await h.db.pool.query(
        "SELECT count(*)::int AS n FROM sync_changes WHERE row_id = $1 AND origin IS NULL",
        [farm.id],
      )
    ).rows[0].n;

    const response = await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.admin);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().state, "reapplied");
    assert.equal(response.json().reappliedBy, org.users.admin.id);
    assert.ok(response.json().reappliedAt);

    const now = await row("farms", farm.id as string);
    assert.equal(now.name, "Farm Name");
    assert.equal(now.timezone, "America/Denver");
    assert.equal(now.version, (farm.version as number) + 1, "a new version after the winner's");
    assert.equal(now.site_id, "local", "written at this site");
    assert.equal(now.created_at, farm.created_at);
    const changesAfter = (
      await h.db.pool.query(
        "SELECT count(*)::int AS n FROM sync_changes WHERE row_id = $1 AND origin IS NULL",
        [farm.id],
      )
    ).rows[0].n;
    assert.equal(changesAfter, changesBefore + 1, "captured for the cloud like any local edit");
    const viaApi = await get(`/api/v1/farms/${farm.id}`, org.tokens.viewer);
    assert.equal(viaApi.json().name, "Farm Name");
    const audit = await h.db.pool.query(
      "SELECT actor_user_id::text AS actor, target_id AS target FROM audit_events WHERE action = 'sync.conflict_reapply'",
    );
    assert.deepEqual(audit.rows, [{ actor: org.users.admin.id, target: farm.id }]);

    const again = await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.admin);
    assert.equal(again.statusCode, 409);
    assert.match(again.headers["content-type"] as string, /application\/problem\+json/);
    assert.match(again.json().detail, /already decided/);
    assert.equal((await row("farms", farm.id as string)).version, now.version, "nothing written twice");
  });

  test("re-apply is refused when the row changed since the winner was applied, and changes nothing", async () => {
    const farm = await farmTheCloudWon(org, "Moved On");
    const id = await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: { ...farm, name: "Old farm edit" },
      cloud: farm,
    });
    const edit = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/farms/${farm.id}`,
      headers: bearer(org.tokens.agronomist),
      payload: { name: "Newer edit" },
    });
    assert.equal(edit.statusCode, 200, edit.body);
    const refused = await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.admin);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /has changed since this conflict was resolved/);
    assert.equal((await row("farms", farm.id as string)).name, "Newer edit");
    const [entry] = (await get("/api/v1/sync/conflicts", org.tokens.admin)).json().items;
    assert.equal(entry.state, "open", "the conflict stays open for the admin to dismiss");
  });

  test("a losing version of a row the winner removed is inserted again", async () => {
    const farm = await farmTheCloudWon(org, "Removed In The Cloud");
    await h.db.pool.query("DELETE FROM farms WHERE id = $1", [farm.id]);
    const id = await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: farm,
      cloud: null,
    });
    const response = await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.admin);
    assert.equal(response.statusCode, 200, response.body);
    const back = await row("farms", farm.id as string);
    assert.equal(back.name, "Removed In The Cloud");
    assert.equal(back.organization_id, org.id);
  });

  test("a losing version the database refuses (its parent is gone) is a 409 naming why, and nothing changes", async () => {
    const farm = await farmTheCloudWon(org, "Parent");
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/fields",
      headers: bearer(org.tokens.admin),
      payload: { farmId: farm.id, name: "Orphan-to-be", boundary: squareBoundary() },
    });
    assert.equal(created.statusCode, 201, created.body);
    const field = await row("fields", created.json().id);
    const id = await recordConflict(org, {
      table: "fields",
      rowId: field.id as string,
      winner: "cloud",
      local: { ...field, name: "Moved", farm_id: "00000000-0000-4000-8000-0000000000ff" },
      cloud: field,
    });
    const refused = await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.admin);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().detail, /cannot be written to fields/);
    assert.deepEqual(await row("fields", field.id as string), field);
    const conflict = await h.db.pool.query("SELECT reapplied_at FROM sync_conflicts WHERE id = $1", [id]);
    assert.equal(conflict.rows[0].reapplied_at, null);
  });

  test("nothing to re-apply when the losing side had no version; dismiss closes the conflict instead", async () => {
    const farm = await farmTheCloudWon(org, "Only Here");
    const id = await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: null,
      cloud: farm,
    });
    const refused = await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.admin);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /nothing to re-apply/);
    const dismissed = await post(`/api/v1/sync/conflicts/${id}/dismiss`, org.tokens.admin);
    assert.equal(dismissed.statusCode, 200, dismissed.body);
    assert.equal(dismissed.json().state, "dismissed");
    assert.equal(dismissed.json().dismissedBy, org.users.admin.id);
    const afterwards = await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.admin);
    assert.equal(afterwards.statusCode, 409);
    assert.equal((await row("farms", farm.id as string)).name, "Only Here");
  });

  test("another organization's conflict is not found; only admins decide", async () => {
    const farm = await farmTheCloudWon(org, "Guarded");
    const id = await recordConflict(org, {
      table: "farms",
      rowId: farm.id as string,
      winner: "cloud",
      local: { ...farm, name: "x" },
      cloud: farm,
    });
    assert.equal((await post(`/api/v1/sync/conflicts/${id}/reapply`, other.tokens.admin)).statusCode, 404);
    assert.equal((await post(`/api/v1/sync/conflicts/${id}/reapply`, org.tokens.agronomist)).statusCode, 403);
    assert.equal((await post(`/api/v1/sync/conflicts/${id}/dismiss`, org.tokens.viewer)).statusCode, 403);
    assert.equal((await get("/api/v1/sync/conflicts", org.tokens.viewer)).statusCode, 403);
    assert.equal((await get(`/api/v1/farms/${farm.id}`, org.tokens.viewer)).json().name, "Guarded");
  });
});
