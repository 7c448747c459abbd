import assert from "node:assert/strict";
import { test } from "node:test";
import { SYNC_LOGIN_REFERENCE_TABLES } from "@unicorn/db";
import { SYNCED_TABLES } from "../src/tables";

test("the cloud's sync login is granted exactly the reference tables the service syncs (ADR 0021)", () => {
  assert.deepEqual([...SYNC_LOGIN_REFERENCE_TABLES].sort(), SYNCED_TABLES.map((table) => table.name).sort());
});
