/**
 * The streamed JSON ingest reader against JSON.parse (RFC 8259): for every body, split into chunks at every
 * position, it yields what JSON.parse followed by the array pick would, or refuses what JSON.parse refuses.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AppError } from "@unicorn/http";
import { asReading } from "../src/readings/ingest-parsers";
import { JsonReadingsCollector } from "../src/readings/json-readings-stream";

function collect(chunks: string[], maxItems = 10, maxChars = 1_024) {
  const collector = new JsonReadingsCollector(maxItems, maxChars, asReading);
  for (const chunk of chunks) collector.push(chunk);
  return collector.end();
}

/** Every split of `text` into two chunks, and one chunk per character. */
function splits(text: string): string[][] {
  const out = [[text], text.split("")];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

const refusal = (error: unknown) =>
  error instanceof AppError && error.status === 400 && error.field === "body";

describe("the streamed JSON ingest reader", () => {
  const reading = {
    sensorId: "6f1c2b9e-0000-4000-8000-000000000001",
    time: "2026-06-01T00:00:00Z",
    value: -1.5e-3,
  };
  const valid: [string, unknown[]][] = [
    ["[]", []],
    [" [ ] ", []],
    [JSON.stringify([reading]), [reading]],
    [JSON.stringify([reading, reading], null, 2), [reading, reading]],
    [JSON.stringify({ readings: [reading] }), [reading]],
    [JSON.stringify({ site: 'a]b}"c', readings: [reading], extra: { x: [1, { y: "]" }] } }), [reading]],
    ['[{"sensorId":"a\\"]}","time":"t","value":1}]', [{ sensorId: 'a"]}', time: "t", value: 1 }]],
    ['[1, "x", null, true]', [1, "x", null, true]],
    ['{"readings":[],"n":12}', []],
    ['{"a":1,"readings":[{"value":2}]}', [{ value: 2 }]],
  ];
  for (const [text, expected] of valid)
    test(`reads ${text.slice(0, 40)} in any chunking`, () => {
      for (const chunks of splits(text)) assert.deepEqual(collect(chunks), expected, JSON.stringify(chunks));
    });

  test("only a reading's own fields are kept", () => {
    assert.deepEqual(collect([JSON.stringify([{ ...reading, padding: "x" }])]), [reading]);
  });

  const invalid = [
    "",
    "   ",
    "[",
    "[1,",
    "[1,]",
    "[,1]",
    "[1 2]",
    "[1]]",
    "[1] x",
    '{"readings":[1],}',
    '{"readings" [1]}',
    '{"readings":{}}',
    '{"other":[1]}',
    "{}",
    '"text"',
    "42",
    "[1]{",
  ];
  for (const text of invalid)
    test(`refuses ${JSON.stringify(text)} as a whole (400 naming the body)`, () => {
      for (const chunks of splits(text))
        assert.throws(() => collect(chunks), refusal, JSON.stringify(chunks));
    });

  test("a malformed element is that item's error; its neighbours are read", () => {
    const items = collect(['[{"value":1},{"value":tru},{"value":2}]']);
    assert.equal(items.length, 3);
    assert.deepEqual(items[0], { value: 1 });
    assert.match(String(items[1]!.parseError), /item 1 is not valid JSON/);
    assert.deepEqual(items[2], { value: 2 });
  });

  test("an element longer than a reading can be is its error, never parsed", () => {
    const items = collect([`[{"value":1,"pad":"${"x".repeat(2_000)}"},{"value":2}]`]);
    assert.match(String(items[0]!.parseError), /longer than 1024 characters/);
    assert.deepEqual(items[1], { value: 2 });
  });

  test("reading stops at the item cap, before the body ends", () => {
    const collector = new JsonReadingsCollector(3, 1_024, asReading);
    assert.throws(
      () => collector.push("[{},{},{},{}"),
      (e) => refusal(e) && /at most 3 readings/.test((e as Error).message),
    );
    assert.doesNotThrow(() => new JsonReadingsCollector(3, 1_024, asReading).push("[{},{},{}]"));
  });
});
