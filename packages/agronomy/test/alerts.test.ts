import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { droughtStressAlerts, frostAlerts, heatAtSilkingAlerts } from "../src/index";

describe("alert rules", () => {
  test("frost counts only between emergence and black layer; 28 °F (−2.2 °C) is critical", () => {
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
      alerts.map((a) => [a.eventDate, a.severity]),
      [
        ["2026-05-20", "warning"],
        ["2026-05-21", "critical"],
      ],
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
  test("drought: one alert per spell, on the third consecutive day with Ks < 0.8", () => {
    const ks = [1, 0.7, 0.75, 0.6, 0.5, 0.9, 0.7, 0.7, 0.4];
    const alerts = droughtStressAlerts(ks.map((k, i) => ({ date: `2026-08-0${i + 1}`, ks: k })));
    assert.deepEqual(
      alerts.map((a) => [a.eventDate, a.severity]),
      [
        ["2026-08-04", "warning"],
        ["2026-08-09", "critical"],
      ],
    );
  });
});
