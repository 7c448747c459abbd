import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keysetBatches } from "../src/exports/keyset";
import { temporaryPassword } from "../src/password-reset/temporary-password";

describe("keyset pages", () => {
  const rows = Array.from({ length: 23 }, (_, i) => i + 1);
  const fetchPage = async (after: number | null, limit: number) =>
    rows.filter((r) => r > (after ?? 0)).slice(0, limit);

  test("every row once, in pages, each asked for after the last key", async () => {
    const seen: number[][] = [];
    for await (const page of keysetBatches(fetchPage, (r) => r, { pageSize: 10 })) seen.push(page);
    assert.deepEqual(
      seen.map((p) => p.length),
      [10, 10, 3],
    );
    assert.deepEqual(seen.flat(), rows);
  });

  test("stops at maxRows, asking for no more than remain", async () => {
    const limits: number[] = [];
    const pages = keysetBatches(
      async (after: number | null, limit) => {
        limits.push(limit);
        return fetchPage(after, limit);
      },
      (r) => r,
      { pageSize: 10, maxRows: 15 },
    );
    const seen: number[] = [];
    for await (const page of pages) seen.push(...page);
    assert.deepEqual(seen, rows.slice(0, 15));
    assert.deepEqual(limits, [10, 5]);
  });
});

describe("temporary passwords", () => {
  test("four groups of five from an alphabet without look-alike characters", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = temporaryPassword();
      assert.match(password, /^[a-hjkmnp-zA-HJ-NP-Z2-9]{5}(-[a-hjkmnp-zA-HJ-NP-Z2-9]{5}){3}$/);
      seen.add(password);
    }
    assert.equal(seen.size, 200);
  });
});
