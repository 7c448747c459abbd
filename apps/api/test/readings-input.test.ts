/** The readings module's parsing and query rules, as plain functions: no database, no HTTP. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AppError } from "@unicorn/http";
import { readingsFromJson, readingsFromNdjson } from "../src/readings/ingest-parsers";
import { fieldSensorForKind, readingsFromCsv } from "../src/readings/readings-csv";
import type { SensorInfo } from "../src/readings/sensor-directory.repository";
import { seriesWindow } from "../src/readings/series-query";
import { isKnownTimeZone } from "../src/time/time-zone";

const ORG = "00000000-0000-4000-8000-000000000000";
const FIELD_A = "aaaaaaaa-0000-4000-8000-000000000000";
const FIELD_B = "bbbbbbbb-0000-4000-8000-000000000000";
const sensor = (id: string, fieldId: string, kind: SensorInfo["kind"]): [string, SensorInfo] => [
  id,
  { id, organizationId: ORG, fieldId, farmId: ORG, kind },
];
const directory = new Map<string, SensorInfo>([
  sensor("a-temp", FIELD_A, "air_temperature"),
  sensor("a-rain", FIELD_A, "rain"),
  sensor("b-temp", FIELD_B, "air_temperature"),
]);

function rejects(run: () => unknown, status: number, field: string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.status, status);
    assert.equal(error.field, field);
    return true;
  });
}

describe("JSON and NDJSON bodies", () => {
  test("an array or an object with a readings array; anything else is refused whole", () => {
    const reading = { sensorId: "s", time: "2026-06-01T00:00:00Z", value: 1 };
    assert.deepEqual(readingsFromJson([reading]), [reading]);
    assert.deepEqual(readingsFromJson({ readings: [reading] }), [reading]);
    rejects(() => readingsFromJson({ reading }), 400, "body");
    rejects(() => readingsFromJson("text"), 400, "body");
  });

  test("NDJSON skips blank lines and turns a line that is not JSON into that item's error", () => {
    const items = readingsFromNdjson('{"value":1}\n\n  \nnot json\n{"value":2}\n');
    assert.deepEqual(items, [{ value: 1 }, { parseError: "line 4 is not valid JSON" }, { value: 2 }]);
  });
});

describe("CSV uploads", () => {
  test("long layout: one reading per row, numbers parsed, headers trimmed and case-folded", () => {
    const csv = " Sensor_ID , TIME ,Value\ns1,2026-06-01T00:00:00Z,12.5\ns2,2026-06-01T01:00:00Z,abc\n";
    const { layout, readings } = readingsFromCsv(csv, () => {
      throw new Error("a long CSV never maps columns to sensors");
    });
    assert.equal(layout, "long");
    assert.deepEqual(readings, [
      { sensorId: "s1", time: "2026-06-01T00:00:00Z", value: 12.5 },
      // Text stays text so the service reports it as this item's error.
      { sensorId: "s2", time: "2026-06-01T01:00:00Z", value: "abc" },
    ]);
  });

  test("station layout: each sensor-kind column goes to that field's sensor of the kind; empty cells are skipped", () => {
    const csv = "time,air_temperature,rain\n2026-06-01T00:00:00Z,21.5,0\n2026-06-01T01:00:00Z,,1.2\n";
    const { layout, readings } = readingsFromCsv(csv, fieldSensorForKind(directory, FIELD_A));
    assert.equal(layout, "station");
    assert.deepEqual(readings, [
      { sensorId: "a-temp", time: "2026-06-01T00:00:00Z", value: 21.5 },
      { sensorId: "a-rain", time: "2026-06-01T00:00:00Z", value: 0 },
      { sensorId: "a-rain", time: "2026-06-01T01:00:00Z", value: 1.2 },
    ]);
    // The same columns for the other field reach its sensors, never field A's.
    const other = readingsFromCsv(
      "time,air_temperature\n2026-06-01T00:00:00Z,3\n",
      fieldSensorForKind(directory, FIELD_B),
    );
    assert.deepEqual(other.readings, [{ sensorId: "b-temp", time: "2026-06-01T00:00:00Z", value: 3 }]);
  });

  test("station layout needs a field, and a column the field has no sensor for is refused", () => {
    const csv = "time,rain\n2026-06-01T00:00:00Z,1\n";
    rejects(() => readingsFromCsv(csv, fieldSensorForKind(directory, undefined)), 400, "fieldId");
    rejects(() => readingsFromCsv(csv, fieldSensorForKind(directory, FIELD_B)), 422, "rain");
  });

  test("a CSV without a time column or without sensor columns is refused", () => {
    const lookup = fieldSensorForKind(directory, FIELD_A);
    rejects(() => readingsFromCsv("when,rain\nx,1\n", lookup), 400, "body");
    rejects(() => readingsFromCsv("time,colour\n2026-06-01T00:00:00Z,red\n", lookup), 400, "body");
  });
});

describe("series query", () => {
  const query = { from: "2026-06-01T00:00:00+02:00", bucket: "hour" as const, tz: "America/Chicago" };

  test("IANA zones and UTC are known; anything else is a 400 on tz", () => {
    assert.ok(isKnownTimeZone("UTC"));
    assert.ok(isKnownTimeZone("Europe/Berlin"));
    assert.equal(isKnownTimeZone("Mars/Olympus_Mons"), false);
    // An alias of a listed zone is the same zone to the runtime and to PostgreSQL.
    assert.ok(isKnownTimeZone("US/Central"));
    // PostgreSQL reads a bare offset as POSIX, sign inverted: never accepted as a zone.
    assert.equal(isKnownTimeZone("+05:00"), false);
    assert.equal(isKnownTimeZone("-0500"), false);
    rejects(() => seriesWindow({ ...query, tz: "Mars/Olympus_Mons" }), 400, "tz");
  });

  test("from is read with its offset, to defaults to now, and the scope passes through", () => {
    const now = new Date("2026-06-02T12:00:00Z");
    const window = seriesWindow({ ...query, fieldId: FIELD_A }, now);
    assert.deepEqual(window, {
      fieldId: FIELD_A,
      // 00:00 at UTC+2 is 22:00 UTC the day before.
      from: new Date("2026-05-31T22:00:00Z"),
      to: now,
      bucket: "hour",
      timeZone: "America/Chicago",
    });
    assert.deepEqual(
      seriesWindow({ ...query, to: "2026-06-01T06:00:00Z" }, now).to,
      new Date("2026-06-01T06:00:00Z"),
    );
  });
});
