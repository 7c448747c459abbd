/** The alerts of a past date, rebuilt from that day's rules: nothing a later evaluation wrote leaks into them. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AlertEvent } from "@unicorn/agronomy";
import type { Alert } from "@unicorn/contracts";
import { alertsAsOf } from "../src/agronomy/alerts-as-of";

const stored = (over: Partial<Alert>): Alert => ({
  id: "00000000-0000-4000-8000-000000000001",
  fieldId: "00000000-0000-4000-8000-000000000002",
  seasonId: null,
  kind: "sensor_silent",
  ruleId: "sensor-silent:s1",
  eventDate: "2026-07-10",
  endedOn: "2026-07-30",
  durationDays: 21,
  action: "Check the sensor.",
  actBy: null,
  sensorId: null,
  resolvedAt: "2026-07-30T13:00:00.000Z",
  resolvedReason: "resolved: the sensor reported again",
  severity: "warning",
  message: "Sensor silent.",
  status: "resolved",
  acknowledgedBy: "00000000-0000-4000-8000-000000000003",
  acknowledgedAt: "2026-07-25T08:00:00.000Z",
  createdAt: "2026-07-10T12:00:00.000Z",
  ...over,
});

const capacityEvent = (since: string): AlertEvent => ({
  ruleId: "irrigation-cannot-keep-up",
  kind: "irrigation_capacity",
  eventDate: since,
  endDate: "2026-07-20",
  ongoing: true,
  severity: "warning",
  message: "The irrigation system cannot keep up on 2026-07-20.",
  action: "Run it continuously from 2026-07-20 through 2026-07-24.",
  actBy: "2026-07-24",
});

test("a sensor's silence on a past date ends that day, open and not yet acknowledged", () => {
  const [alert] = alertsAsOf([stored({})], "2026-07-20", { weather: [], capacity: () => null });
  assert.deepEqual(
    [alert!.endedOn, alert!.durationDays, alert!.status, alert!.resolvedAt, alert!.acknowledgedAt],
    ["2026-07-20", 11, "open", null, null],
  );
  // Acknowledged on 25 July: so it shows on 26 July.
  const [later] = alertsAsOf([stored({})], "2026-07-26", { weather: [], capacity: () => null });
  assert.equal(later!.status, "acknowledged");
  // Resolved on 30 July: over by 31 July.
  assert.deepEqual(alertsAsOf([stored({})], "2026-07-31", { weather: [], capacity: () => null }), []);
});

test("a capacity alert is the rule's on that day's plan, and none when that plan kept up", () => {
  const alert = stored({
    kind: "irrigation_capacity",
    ruleId: "irrigation-cannot-keep-up",
    eventDate: "2026-07-18",
    endedOn: "2026-08-02",
    actBy: "2026-08-06",
    message: "The irrigation system cannot keep up on 2026-08-02.",
  });
  const [then] = alertsAsOf([alert], "2026-07-20", { weather: [], capacity: capacityEvent });
  assert.deepEqual(
    [then!.endedOn, then!.durationDays, then!.actBy, then!.message],
    ["2026-07-20", 3, "2026-07-24", "The irrigation system cannot keep up on 2026-07-20."],
  );
  assert.deepEqual(alertsAsOf([alert], "2026-07-20", { weather: [], capacity: () => null }), []);
});

test("a weather alert the rules had not found by that day is left out", () => {
  const drought = stored({ kind: "drought_stress", ruleId: "drought-stress", eventDate: "2026-07-20" });
  assert.deepEqual(alertsAsOf([drought], "2026-07-20", { weather: [], capacity: () => null }), []);
});
