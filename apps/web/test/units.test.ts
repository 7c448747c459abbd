import assert from "node:assert/strict";
import { test } from "node:test";
import {
  area,
  degreeDays,
  entryUnit,
  formatArea,
  formatDepth,
  formatMoneyPerArea,
  formatRate,
  formatReading,
  formatSeedingRate,
  formatTemperature,
  formatWater,
  formatWind,
  formatYield,
  formatYieldRange,
  parseUnitPrefs,
  perArea,
  readingScale,
  temperature,
  unitsFor,
  waterIn,
  waterUnit,
} from "../src/lib/units";

const US = unitsFor("us");
const METRIC = unitsFor("metric");

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
  assert.equal(formatReading(25, "°C", US), "77.0 °F");
  assert.equal(formatReading(35.25, "% vol", US), "35.3 % vol");
  assert.equal(formatReading(812.4, "W/m²", METRIC), "812 W/m²");
  assert.equal(formatReading(12.7, "mm", US), "0.50 in");
  assert.equal(formatReading(10, "m/s", US), "22.4 mph");
});

test("water: 25.4 mm is exactly 1 inch (NIST SP 811 B.8); metric keeps mm", () => {
  assert.equal(formatWater(25.4, US), "1.00 in");
  assert.equal(formatWater(12.7, US), "0.50 in");
  assert.equal(formatWater(12.7, METRIC), "12.7 mm");
  assert.equal(formatWater(null, US), "–");
});

test("wind: 1 mph = 0.44704 m/s exactly, so 10 m/s = 22.37 mph", () => {
  assert.equal(formatWind(10, US), "22.4 mph");
  assert.equal(formatWind(0.44704, US), "1.0 mph");
  assert.equal(formatWind(3.25, METRIC), "3.3 m/s");
});

test("depth: 30 cm = 300/25.4 = 11.8 in; 2.54 cm = 1 in", () => {
  assert.equal(formatDepth(30, US), "12 in");
  assert.equal(formatDepth(2.54, US), "1 in");
  assert.equal(formatDepth(30, METRIC), "30 cm");
});

test("rates: 1 lb/acre = 0.45359237 kg / 0.40468564224 ha = 1.12085 kg/ha, so 150 lb N/ac = 168 kg N/ha", () => {
  assert.equal(formatRate(150, US, "N"), "150 lb N/ac");
  assert.equal(formatRate(150, METRIC, "N"), "168 kg N/ha");
  assert.equal(formatRate(100, METRIC), "112 kg/ha");
});

test("yield: 200 bu/ac of corn at 56 lb/bu = 11,200 lb/ac = 12.55 t/ha", () => {
  assert.equal(formatYield(200, US), "200 bu/ac");
  assert.equal(formatYield(200, METRIC), "12.55 t/ha");
});

test("seeding: 34 thousand seeds/ac × 2.4710538 ac/ha = 84.0 thousand seeds/ha; ranges convert each bound", () => {
  assert.equal(formatSeedingRate(34, US), "34.0 thousand seeds/ac");
  assert.equal(formatSeedingRate(34, METRIC), "84.0 thousand seeds/ha");
  assert.equal(formatYieldRange(200, 150, null, US), "200 bu/ac (150–?)");
  // 150 bu/ac × 0.0627669 = 9.42 t/ha; 250 bu/ac = 15.69 t/ha.
  assert.equal(formatYieldRange(200, 150, 250, METRIC), "12.55 t/ha (9.42–15.69)");
});

test("chart scales convert rain to inches and wind to mph for US units only", () => {
  assert.equal(readingScale("mm", US).unit, "in");
  assert.equal(readingScale("mm", US).convert(50.8), 2);
  assert.equal(readingScale("mm", METRIC).unit, "mm");
  assert.equal(readingScale("°C", US).convert(100), 212);
  assert.equal(readingScale("% vol", US).unit, "% vol");
});

test("stored preferences: one system; the older °C choice means metric; broken values fall back to US", () => {
  assert.deepEqual(parseUnitPrefs('{"system":"metric"}'), { system: "metric", temperature: "C", area: "ha" });
  assert.deepEqual(parseUnitPrefs('{"temperature":"C","area":"ha"}'), METRIC);
  assert.deepEqual(parseUnitPrefs('{"temperature":"K"}'), US);
  assert.deepEqual(parseUnitPrefs("not json"), US);
});

test("water as a bare number: 50.8 mm is 2 in; metric keeps the mm", () => {
  assert.equal(waterIn(50.8, unitsFor("us")), 2);
  assert.equal(waterIn(50.8, unitsFor("metric")), 50.8);
  assert.equal(waterUnit(unitsFor("us")), "in");
  assert.equal(waterUnit(unitsFor("metric")), "mm");
});

test("an amount per acre per hectare: $10/acre is $24.71/ha (1 ha = 10,000 m², 1 acre = 4,046.8564224 m²)", () => {
  assert.equal(perArea(10, unitsFor("us")), 10);
  assert.ok(Math.abs(perArea(10, unitsFor("metric")) - 24.7105) < 1e-4);
});

test("entry units: typed amounts go back to lb/acre, mm and bu/acre (NIST SP 811 B.8, hand-checked)", () => {
  // 1 lb/acre = 0.45359237 kg / 0.40468564224 ha = 1.1208512 kg/ha, so 150 lb/acre = 168.13 kg/ha.
  const kgN = entryUnit("rate", METRIC, "N");
  assert.equal(kgN.unit, "kg N/ha");
  assert.equal(kgN.fromApi(150), 168.1);
  assert.ok(Math.abs(kgN.toApi(168.1277) - 150) < 1e-3);
  assert.equal(entryUnit("rate", US, "N").unit, "lb N/ac");
  assert.equal(entryUnit("rate", US, "N").toApi(150), 150);
  // 1 in = 25.4 mm exactly: 1.5 in of irrigation is 38.1 mm; 25 mm shows as 0.98 in.
  const inches = entryUnit("water", US);
  assert.equal(inches.unit, "in");
  assert.ok(Math.abs(inches.toApi(1.5) - 38.1) < 1e-9);
  assert.equal(inches.fromApi(25), 0.98);
  assert.equal(entryUnit("water", METRIC).toApi(12.5), 12.5);
  // 1 bu/acre of corn = 56 × 0.45359237 kg / 0.40468564224 ha = 62.767 kg/ha: 200 bu/acre = 12.55 t/ha.
  const tonnes = entryUnit("yield", METRIC);
  assert.equal(tonnes.unit, "t/ha");
  assert.equal(tonnes.fromApi(200), 12.55);
  assert.ok(Math.abs(tonnes.toApi(12.553) - 200) < 0.01);
  assert.equal(entryUnit("yield", US).unit, "bu/ac");
});

test("money per area: $100/acre is $247/ha (1 ha = 2.4710538 acres)", () => {
  assert.equal(formatMoneyPerArea(100, US), "$100/ac");
  assert.equal(formatMoneyPerArea(100, METRIC), "$247/ha");
  assert.equal(formatMoneyPerArea(12.5, METRIC, 2), "$30.89/ha");
  assert.equal(formatMoneyPerArea(null, METRIC), "–");
});

test("entry units: hybrid ratings in °C GDD are 5/9 of °F (2,700 °F = 1,500 °C); 34 k seeds/acre = 84.0 k/ha", () => {
  const gdd = entryUnit("degreeDays", METRIC);
  assert.equal(gdd.unit, "GDD °C");
  assert.equal(gdd.fromApi(2700), 1500);
  assert.equal(gdd.toApi(1500), 2700);
  assert.equal(entryUnit("degreeDays", US).toApi(2650), 2650);
  // 1 ha = 10 000 / 4 046.8564224 = 2.4710538 acres, so 34 000 seeds/acre = 84 016 seeds/ha.
  const seeds = entryUnit("seedingRate", METRIC);
  assert.equal(seeds.unit, "thousand seeds/ha");
  assert.equal(seeds.fromApi(34), 84);
  assert.ok(Math.abs(seeds.toApi(84.016) - 34) < 1e-4);
});

test("entry units: a probe at 12 in is 30.48 cm; 30 cm shows as 11.8 in", () => {
  const inches = entryUnit("depth", US);
  assert.equal(inches.unit, "in");
  assert.ok(Math.abs(inches.toApi(12) - 30.48) < 1e-9);
  assert.equal(inches.fromApi(30), 11.8);
  assert.equal(entryUnit("depth", METRIC).toApi(30), 30);
});

test("entry units: N at $0.50/lb is $1.10/kg; corn at $4.50/bu of 56 lb (25.401 kg) is $177/t", () => {
  const n = entryUnit("nitrogenPrice", METRIC);
  assert.equal(n.unit, "$/kg");
  assert.equal(n.fromApi(0.5), 1.1); // 0.5 / 0.45359237 = 1.1023
  assert.ok(Math.abs(n.toApi(1.1023) - 0.5) < 1e-4);
  const corn = entryUnit("cornPrice", METRIC);
  assert.equal(corn.unit, "$/t");
  assert.equal(corn.fromApi(4.5), 177); // 4.5 × 1000 / 25.40117 = 177.16
  assert.ok(Math.abs(corn.toApi(177.16) - 4.5) < 1e-3);
  assert.equal(entryUnit("cornPrice", US).unit, "$/bu");
});
