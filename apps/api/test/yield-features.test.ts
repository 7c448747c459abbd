/** How the forecast turns a station's days into the model's weather anomalies (pure: no database). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { weatherAnomaly } from "../src/forecast/yield-features";

const day = (date: string, tmax: number, tmin: number, rain: number) => ({
  t: Date.parse(`${date}T00:00:00Z`),
  tmax,
  tmin,
  rain,
});

describe("weather anomalies from a station's days", () => {
  const season = { ranges: [["04-01", "09-30"]] as [string, string][], aggregate: "rain" as const };

  test("a total: the observed days' sum minus the normal's share for those days only", () => {
    // 10 of the 183 days of 1 Apr-30 Sep, 5 mm each, against a 549 mm normal: 50 − 10/183 · 549 = 50 − 30 = 20.
    const days = Array.from({ length: 10 }, (_, i) =>
      day(`2026-04-${String(i + 1).padStart(2, "0")}`, 20, 10, 5),
    );
    assert.equal(weatherAnomaly(season, 549, 2026, days), 20);
  });

  test("a day the station missed counts as normal, not as a dry day", () => {
    // The same ten days with five of them missing: 25 − 5/183 · 549 = 25 − 15 = 10, half the anomaly, not a deficit.
    const days = Array.from({ length: 5 }, (_, i) => day(`2026-04-0${2 * i + 1}`, 20, 10, 5));
    assert.equal(weatherAnomaly(season, 549, 2026, days), 10);
  });

  test("a mean: the departure weighted by the observed share; days outside the window are ignored", () => {
    // Winter (Jan-Feb with December, 90 days in 2026): 30 January days at a 4 °C mean daily range against a
    // 10 °C normal: 30/90 · (4 − 10) = −2. The April day is outside the window.
    const winter = {
      ranges: [
        ["01-01", "02-28"],
        ["12-01", "12-31"],
      ] as [string, string][],
      aggregate: "range" as const,
    };
    const days = [
      ...Array.from({ length: 30 }, (_, i) => day(`2026-01-${String(i + 1).padStart(2, "0")}`, 2, -2, 0)),
      day("2026-04-01", 30, 0, 0),
    ];
    assert.equal(weatherAnomaly(winter, 10, 2026, days), -2);
  });

  test("no observed day in the window: no anomaly", () => {
    assert.equal(weatherAnomaly(season, 549, 2026, [day("2026-01-15", 0, -5, 1)]), 0);
  });
});
