import assert from "node:assert/strict";
import { test } from "node:test";
import {
  formatClock,
  formatDateTime,
  isKnownTimeZone,
  localDate,
  localMidnight,
  nextIsoDate,
  zoneName,
} from "../src/lib/time";

test("Chicago is UTC−6 in December (CST) and UTC−5 in July (CDT)", () => {
  assert.equal(formatClock("2026-12-02T20:02:00Z", "America/Chicago"), "14:02 CST");
  assert.equal(formatClock("2026-07-15T20:02:00Z", "America/Chicago"), "15:02 CDT");
  assert.equal(zoneName("2026-07-15T12:00:00Z", "America/Chicago"), "CDT");
});

test("date and time carry the zone; midnight is 00, not 24", () => {
  assert.equal(formatDateTime("2026-12-03T06:00:00Z", "America/Chicago"), "Dec 3, 00:00 CST");
  assert.equal(formatDateTime("2026-12-03T06:00:00Z", "UTC"), "Dec 3, 06:00 UTC");
});

test("unknown zones are refused", () => {
  assert.equal(isKnownTimeZone("America/Chicago"), true);
  assert.equal(isKnownTimeZone("Mars/Olympus"), false);
});

test("localDate: the farm's calendar day, not UTC's (CST is UTC−6, CDT UTC−5)", () => {
  assert.equal(localDate("2026-12-02T03:00:00Z", "America/Chicago"), "2026-12-01");
  assert.equal(localDate("2026-12-02T06:00:00Z", "America/Chicago"), "2026-12-02");
  assert.equal(localDate("2026-07-20T04:59:00Z", "America/Chicago"), "2026-07-19");
  assert.equal(localDate("2026-07-20T05:00:00Z", "America/Chicago"), "2026-07-20");
});

test("a farm's day starts at its own midnight: 06:00Z in CST, 05:00Z in CDT, right across DST changes", () => {
  const at = (date: string, zone = "America/Chicago") => localMidnight(date, zone).toISOString();
  assert.equal(at("2026-12-02"), "2026-12-02T06:00:00.000Z");
  assert.equal(at("2026-07-20"), "2026-07-20T05:00:00.000Z");
  // DST starts at 02:00 on 8 March 2026 and ends at 02:00 on 1 November: both midnights are before the change.
  assert.equal(at("2026-03-08"), "2026-03-08T06:00:00.000Z");
  assert.equal(at("2026-11-01"), "2026-11-01T05:00:00.000Z");
  assert.equal(at("2026-12-02", "UTC"), "2026-12-02T00:00:00.000Z");
  assert.equal(at("2026-12-02", "Pacific/Kiritimati"), "2026-12-01T10:00:00.000Z");
  assert.equal(nextIsoDate("2026-12-31"), "2027-01-01");
});
