/**
 * What an operator and an admin of a hybrid farm see of a real sync, end to end on two real databases: the sync
 * service running (its HTTP status on loopback), the api on the farm database (GET /sync/status, the conflicts,
 * re-applying the losing version) and `unicorn sync status` asking the service.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Api, buildApi, loadApiConfig } from "@unicorn/api";
import { hashPassword } from "@unicorn/credentials";
import { createLogger } from "@unicorn/observability";
import { unicorn } from "../../cli/test/run-cli";
import { type RunningSync, startSync } from "../src/server";
import { dropAllDatabases, scalar, syncConfigFor, type TwoSides, twoSides } from "./support/two-sides";

const logger = createLogger({ service: "sync", level: "silent" });
const admin = { email: "owner@prairie-acres.test", password: "a long farm password 42" };

let sides: TwoSides;
let running: RunningSync;
let api: Api;
let token = "";

const unicornHere = (args: string[]) => unicorn(args, { UNICORN_SYNC_STATUS_URL: undefined }, 60_000);

async function call(method: "GET" | "POST" | "PATCH", url: string, payload?: object) {
  return api.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : method === "POST" ? { payload: {} } : {}),
  });
}

async function synced(): Promise<void> {
  const outcome = await running.service.runOnce();
  assert.equal(outcome.ok, true, outcome.ok ? "" : outcome.error.message);
}

before(async () => {
  sides = await twoSides();
  // People are managed in the cloud and reach the farm by sync, so the admin can sign in there offline.
  await sides.cloud.pool.query(
    "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, $2, 'Owner', 'admin', $3)",
    [sides.organizationId, admin.email, await hashPassword(admin.password)],
  );
  running = await startSync(syncConfigFor(sides), logger);
  await synced();
  api = await buildApi({
    config: loadApiConfig({
      DATABASE_URL: sides.local.url,
      UNICORN_MODE: "test",
      UNICORN_JWT_SECRET: "operator-surface-test-secret-".repeat(2),
      UNICORN_SITE_ID: sides.siteId,
    }),
    pool: sides.local.pool,
    logger: createLogger({ service: "api", level: "silent" }),
  });
  await api.app.ready();
  const login = await api.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: admin });
  assert.equal(login.statusCode, 200, login.body);
  token = login.json().accessToken;
});

after(async () => {
  await api?.close();
  await running?.stop();
  await sides?.drop();
  await dropAllDatabases();
});

test("the api reports the running service's status from the farm database", async () => {
  const response = await call("GET", "/sync/status");
  assert.equal(response.statusCode, 200, response.body);
  const report = response.json();
  assert.equal(report.configured, true);
  assert.equal(report.serviceRunning, true);
  assert.equal(report.status.siteId, sides.siteId);
  assert.equal(report.status.online, true);
  assert.equal(report.status.lastError, null);
  assert.deepEqual(report.status.conflicts, { open: 0, total: 0 });
});

test("a conflict resolved cloud-wins is listed, re-applied by the admin, and the farm's version reaches the cloud", async () => {
  const edit = await call("PATCH", `/fields/${sides.fieldId}`, { name: "North 40 (farm)" });
  assert.equal(edit.statusCode, 200, edit.body);
  await sides.cloud.pool.query(
    "UPDATE fields SET name = 'North 40 (cloud)', version = version + 1, updated_at = now() WHERE id = $1",
    [sides.fieldId],
  );
  await synced();
  const fieldName = (side: "local" | "cloud") =>
    scalar<string>(sides[side].pool, "SELECT name FROM fields WHERE id = $1", [sides.fieldId]);
  assert.equal(await fieldName("local"), "North 40 (cloud)", "cloud-wins applied on the farm");

  const listed = (await call("GET", "/sync/conflicts?state=open")).json();
  assert.equal(listed.total, 1);
  const [conflict] = listed.items;
  assert.deepEqual(
    [conflict.table, conflict.rowId, conflict.rule, conflict.winner],
    ["fields", sides.fieldId, "cloud-wins", "cloud"],
  );
  assert.ok(conflict.differences.includes("name"));
  assert.equal(conflict.localVersion.name, "North 40 (farm)");

  const cliBefore = await unicornHere(["sync", "status", "--url", `${running.url}/status`]);
  assert.equal(cliBefore.code, 0, cliBefore.stderr);
  assert.match(cliBefore.stdout, new RegExp(`Sync of site ${sides.siteId}: online`));
  assert.match(cliBefore.stdout, /conflicts +1 open of 1/);

  const reapplied = await call("POST", `/sync/conflicts/${conflict.id}/reapply`);
  assert.equal(reapplied.statusCode, 200, reapplied.body);
  assert.equal(await fieldName("local"), "North 40 (farm)");
  await synced();
  assert.equal(await fieldName("cloud"), "North 40 (farm)", "the re-applied version synced to the cloud");
  await synced();
  assert.equal(await fieldName("local"), "North 40 (farm)", "and it stays: nothing comes back over it");
  assert.equal(await scalar<number>(sides.local.pool, "SELECT count(*)::int FROM sync_conflicts"), 1);
  const status = (await call("GET", "/sync/status")).json();
  assert.deepEqual(status.status.conflicts, { open: 0, total: 1 });

  const cliJson = await unicornHere(["sync", "status", "--json", "--url", `${running.url}/status`]);
  assert.equal(cliJson.code, 0, cliJson.stderr);
  assert.deepEqual(JSON.parse(cliJson.stdout).status.conflicts, { open: 0, total: 1 });
});
