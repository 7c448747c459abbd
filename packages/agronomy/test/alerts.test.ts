import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  alertResolution,
  droughtStressAlerts,
  frostAlerts,
  heatAtSilkingAlerts,
  RAINFED_DROUGHT_ACTION,
  sensorSilenceAlerts,
} from "../src/index";

describe("alert rules", () => {
  test("frost counts only between emergence and black layer; two frosty nights in a row are one alert, critical at 28 °F (−2.2 °C)", () => {
    const alerts = frostAlerts(
      [
        { date: "2026-05-05", tminC: -3 }, // before emergence: seed in the ground
        { date: "2026-05-20", tminC: -0.5 },
        { date: "2026-05-21", tminC: -2.5 },
        { date: "2026-05-22", tminC: 4 },
        { date: "2026-09-30", tminC: -1 }, // after black layer: harmless
      ],
      "2026-05-12",
      "2026-09-15",
    );
    assert.deepEqual(
      alerts.map((a) => [a.eventDate, a.endDate, a.severity, a.actBy]),
      [["2026-05-20", "2026-05-21", "critical", "2026-05-26"]],
    );
  });
  test("heat counts within 7 days of silking at 35 °C and above", () => {
    const alerts = heatAtSilkingAlerts(
      [
        { date: "2026-07-01", tmaxC: 37 }, // 14 days before
        { date: "2026-07-10", tmaxC: 35.2 },
        { date: "2026-07-16", tmaxC: 38.5 },
        { date: "2026-07-17", tmaxC: 34.9 },
      ],
      "2026-07-15",
    );
    assert.deepEqual(
      alerts.map((a) => [a.eventDate, a.severity]),
      [
        ["2026-07-10", "warning"],
        ["2026-07-16", "critical"],
      ],
    );
  });
  test("drought: one alert per spell of 3+ days with Ks < 0.8, from its first to its last day", () => {
    const ks = [1, 0.7, 0.75, 0.6, 0.5, 0.9, 0.7, 0.7, 0.9, 0.7, 0.7, 0.4];
    const date = (i: number) => `2026-08-${String(i + 1).padStart(2, "0")}`;
    const alerts = droughtStressAlerts(
      ks.map((k, i) => ({ date: date(i), ks: k })),
      "2026-09-10",
    );
    // 2-3 August is only two days: no alert. 0.5 is not below 0.5: warning.
    assert.deepEqual(
      alerts.map((a) => [a.eventDate, a.endDate, a.ongoing, a.severity, a.actBy]),
      [
        ["2026-08-02", "2026-08-05", false, "warning", "2026-08-05"],
        ["2026-08-10", "2026-08-12", true, "critical", "2026-09-10"],
      ],
    );
    assert.match(
      alertResolution(alerts[0]!, "2026-08-12") ?? "",
      /cleared: Ks back above 0.8 after 2026-08-05/,
    );
    assert.equal(alertResolution(alerts[1]!, "2026-08-12"), null);
    assert.match(alerts[0]!.action, /^Irrigate/);
    // The same spells on a rainfed field: no "irrigate", what it can do instead.
    const rainfed = droughtStressAlerts(
      ks.map((k, i) => ({ date: date(i), ks: k })),
      "2026-09-10",
      false,
    );
    assert.deepEqual(
      rainfed.map((a) => a.action),
      [RAINFED_DROUGHT_ACTION, RAINFED_DROUGHT_ACTION],
    );
    assert.doesNotMatch(RAINFED_DROUGHT_ACTION, /^Irrigate/);
  });
  test("a one-off event expires once its action window has passed", () => {
    const [frost] = frostAlerts(
      [
        { date: "2026-05-20", tminC: -1 },
        { date: "2026-05-21", tminC: 5 },
      ],
      "2026-05-10",
      null,
    );
    assert.equal(alertResolution(frost!, "2026-05-25"), null);
    assert.equal(alertResolution(frost!, "2026-05-26"), "expired: the action window ended on 2026-05-25");
  });
  test("a sensor silent for longer than allowed raises one alert dated its last reading", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    const alerts = sensorSilenceAlerts(
      [
        { id: "a", name: "probe 30 cm", lastSeenAt: "2026-12-02T03:00:00.000Z" }, // 9 h
        { id: "b", name: "station", lastSeenAt: "2026-12-02T07:00:00.000Z" }, // 5 h
        { id: "c", name: "never installed", lastSeenAt: null },
      ],
      now,
      6 * 3_600_000,
    );
    assert.deepEqual(
      alerts.map((a) => [a.ruleId, a.eventDate, a.ongoing]),
      [["sensor-silent:a", "2026-12-02", true]],
    );
    assert.match(alerts[0]!.message, /nothing for 9 h/);
  });
});
