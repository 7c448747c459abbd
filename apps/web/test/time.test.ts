import assert from "node:assert/strict";
import { test } from "node:test";
import { formatClock, formatDateTime, isKnownTimeZone, localDate, zoneName } from "../src/lib/time";

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
