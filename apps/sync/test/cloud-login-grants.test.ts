import assert from "node:assert/strict";
import { test } from "node:test";
import { SYNC_LOGIN_PUSHED_TABLES, SYNC_LOGIN_RECEIVED_TABLES } from "@unicorn/db";
import { SYNCED_TABLES } from "../src/tables";

test("the cloud's sync login may write the tables farms push and only read those the cloud sends (ADR 0021)", () => {
  const names = (flow: string) =>
    SYNCED_TABLES.filter((table) => table.flow === flow)
      .map((table) => table.name)
      .sort();
  assert.deepEqual([...SYNC_LOGIN_PUSHED_TABLES].sort(), names("both"));
  assert.deepEqual([...SYNC_LOGIN_RECEIVED_TABLES].sort(), names("cloud-to-farm"));
});
