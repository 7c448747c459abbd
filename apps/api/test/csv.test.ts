import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { csvCell, csvLine, csvLines } from "../src/exports/csv";

describe("CSV cells", () => {
  test("RFC 4180 §2: commas, quotes and line breaks are quoted and quotes doubled", () => {
    assert.equal(csvCell("plain"), "plain");
    assert.equal(csvCell("a,b"), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell("two\nlines"), '"two\nlines"');
    assert.equal(csvLine(["a", 1, null, "b,c"]), 'a,1,,"b,c"\r\n');
  });

  test("OWASP CSV Injection: text starting with = + - @ tab or CR gets a leading single quote", () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
    assert.equal(csvCell("=1+2"), "'=1+2");
    assert.equal(csvCell("+1"), "'+1");
    assert.equal(csvCell("-1"), "'-1");
    assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvCell("\tx"), "'\tx");
    assert.equal(csvCell("\rx"), '"\'\rx"');
    // Only the first character matters: a formula sign later in the text is harmless.
    assert.equal(csvCell("a=b"), "a=b");
  });

  test("numbers stay numbers, so negative readings are not prefixed", () => {
    assert.equal(csvCell(-3.5), "-3.5");
    assert.equal(csvCell(0), "0");
    assert.equal(csvCell(Number.NaN), "");
    assert.equal(csvCell(new Date("2026-07-01T12:00:00Z")), "2026-07-01T12:00:00.000Z");
  });

  test("a document streams the header, then one chunk per batch", async () => {
    async function* batches() {
      yield [{ n: 1 }, { n: 2 }];
      yield [];
      yield [{ n: 3 }];
    }
    const chunks: string[] = [];
    for await (const chunk of csvLines(["n"], batches(), (row) => [row.n])) chunks.push(chunk);
    assert.deepEqual(chunks, ["n\r\n", "1\r\n2\r\n", "3\r\n"]);
  });
});
