import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, migrate, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { type Api, buildApi } from "../src/app";
import { testApiConfig } from "./harness";

let db: TestDatabase;
let api: Api;
before(async () => {
  db = await createTestDatabase({ migrated: false });
  const config = testApiConfig(db.url);
  api = await buildApi({ config, pool: db.pool, logger: createLogger({ service: "api", level: "silent" }) });
});
after(async () => {
  await api.close();
  await db.drop();
});

test("/readyz fails while migrations are behind and passes once they are applied; /healthz needs no database", async () => {
  const behind = await api.app.inject({ method: "GET", url: "/readyz" });
  assert.equal(behind.statusCode, 503);
  assert.equal(behind.json().status, "migrations pending");
  assert.ok(behind.json().pending.includes(1));
  assert.equal((await api.app.inject({ method: "GET", url: "/healthz" })).statusCode, 200);

  await migrate(db.pool);
  const ready = await api.app.inject({ method: "GET", url: "/readyz" });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().status, "ready");
});
