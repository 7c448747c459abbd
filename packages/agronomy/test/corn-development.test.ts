import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { accumulateGdd, dailyGdd, projectStages, stageAt, stageThresholds } from "../src/index";

describe("growing degree days, 86/50 °F method", () => {
  // The method's own definition (ISU PMR 1009 p. 3; NCH-40), applied by hand.
  test("a 90/45 °F day counts (86 + 50) / 2 − 50 = 18 GDD: both extremes are clamped first", () => {
    assert.equal(dailyGdd(90, 45, "F"), 18);
  });
  test("an 80/60 °F day counts (80 + 60) / 2 − 50 = 20 GDD", () => {
    assert.equal(dailyGdd(80, 60, "F"), 20);
  });
  test("a day entirely below 50 °F counts 0, one entirely above 86 °F counts 36", () => {
    assert.equal(dailyGdd(48, 30, "F"), 0);
    assert.equal(dailyGdd(99, 88, "F"), 36);
  });
  test("in °C the same method is 30/10: a 32/8 °C day counts (30 + 10) / 2 − 10 = 10", () => {
    assert.equal(dailyGdd(32, 8, "C"), 10);
  });
  test("accumulation keeps a running total in date order", () => {
    const days = accumulateGdd([
      { date: "2026-05-01", tmax: 80, tmin: 60 },
      { date: "2026-05-02", tmax: 90, tmin: 45 },
    ]);
    assert.deepEqual(
      days.map((d) => d.cumulative),
      [20, 38],
    );
  });
});

describe("corn stages (ISU PMR 1009, 2,700 GDD hybrid)", () => {
  test("the published anchors for a 2,700 GDD hybrid", () => {
    const byCode = new Map(stageThresholds(2700).map((s) => [s.code, s.gdd]));
    assert.equal(byCode.get("VE"), 125);
    assert.equal(byCode.get("V6"), 475);
    assert.equal(byCode.get("VT"), 1135);
    assert.equal(byCode.get("R1"), 1400);
    assert.equal(byCode.get("R5"), 2450);
    assert.equal(byCode.get("R6"), 2700);
  });
  test("stages are ordered and leaf stages lie between their anchors", () => {
    const stages = stageThresholds(2700);
    for (let i = 1; i < stages.length; i++) assert.ok(stages[i]!.gdd > stages[i - 1]!.gdd, stages[i]!.code);
    const v3 = stages.find((s) => s.code === "V3")!;
    // VE (leaf 0) at 125 and V6 at 475: V3 halfway, 300 GDD.
    assert.equal(v3.gdd, 300);
  });
  test("1,400 GDD is silking for a 2,700 hybrid; a 2,400 hybrid silks at 1,400 × 2400/2700 = 1,244.4", () => {
    assert.equal(stageAt(1400, 2700).code, "R1");
    assert.equal(stageAt(1244.4, 2400).code, "R1");
    assert.equal(stageAt(1244.3, 2400).code, "VT");
    assert.equal(stageAt(50, 2700).code, "PL");
  });
});

describe("stage projection with normals", () => {
  test("1,300 GDD on 1 July with 26 GDD/day normals: silking on 5 July, black layer on 24 August", () => {
    // R1 1,400: 100 / 26 = 3.8 -> the 4th day; R6 2,700: 1,400 / 26 = 53.8 -> the 54th day after 1 July.
    const projection = projectStages(2700, [{ date: "2026-07-01", cumulative: 1300 }], "2026-07-01", (d) => ({
      dayOfYear: d,
      tmaxF: 86,
      tminF: 66,
    }));
    const byCode = new Map(projection.map((s) => [s.code, s]));
    assert.equal(byCode.get("R1")!.date, "2026-07-05");
    assert.equal(byCode.get("R1")!.reached, false);
    assert.equal(byCode.get("R6")!.date, "2026-08-24");
  });
  test("a stage already reached keeps its observed date; one not reached by year end has none", () => {
    const projection = projectStages(
      2700,
      [
        { date: "2026-07-20", cumulative: 1390 },
        { date: "2026-07-21", cumulative: 1410 },
      ],
      "2026-07-21",
      (d) => ({ dayOfYear: d, tmaxF: 55, tminF: 50 }),
    );
    const r1 = projection.find((s) => s.code === "R1")!;
    assert.deepEqual([r1.date, r1.reached], ["2026-07-21", true]);
    assert.equal(projection.find((s) => s.code === "R6")!.date, null);
  });
});
