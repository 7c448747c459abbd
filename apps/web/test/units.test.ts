import assert from "node:assert/strict";
import { test } from "node:test";
import {
  area,
  degreeDays,
  formatArea,
  formatReading,
  formatTemperature,
  parseUnitPrefs,
  temperature,
} from "../src/lib/units";

test("temperatures: 0 °C = 32 °F, 30 °C = 86 °F, −40 is the same on both scales", () => {
  assert.equal(temperature(0, "F"), 32);
  assert.equal(temperature(30, "F"), 86);
  assert.equal(temperature(-40, "F"), -40);
  assert.equal(temperature(21.5, "C"), 21.5);
  assert.equal(formatTemperature(30, "F"), "86.0 °F");
  assert.equal(formatTemperature(null, "C"), "–");
});

test("degree days: a °C degree-day is 5/9 of a °F one (2,700 °F GDD = 1,500 °C GDD)", () => {
  assert.equal(degreeDays(2700, "C"), 1500);
  assert.equal(degreeDays(2700, "F"), 2700);
});

test("areas: 1 ha = 2.4711 acres; 40.4686 ha is 100 acres", () => {
  assert.ok(Math.abs(area(1, "ac") - 2.47105) < 1e-5);
  assert.equal(formatArea(40.4686, "ac"), "100.0 acres");
  assert.equal(formatArea(12.34, "ha"), "12.3 ha");
});

test("readings: temperatures follow the chosen unit, others keep their sensor unit", () => {
  assert.equal(formatReading(25, "°C", { temperature: "F", area: "ac" }), "77.0 °F");
  assert.equal(formatReading(35.25, "% vol", { temperature: "F", area: "ac" }), "35.3 % vol");
  assert.equal(formatReading(812.4, "W/m²", { temperature: "C", area: "ha" }), "812 W/m²");
});

test("stored preferences: unknown or broken values fall back to °F and acres", () => {
  assert.deepEqual(parseUnitPrefs('{"temperature":"C","area":"ha"}'), { temperature: "C", area: "ha" });
  assert.deepEqual(parseUnitPrefs('{"temperature":"K"}'), { temperature: "F", area: "ac" });
  assert.deepEqual(parseUnitPrefs("not json"), { temperature: "F", area: "ac" });
});
