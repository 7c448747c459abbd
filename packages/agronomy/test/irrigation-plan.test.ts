/**
 * Irrigation a real system can apply: unit conversion, several passes instead of one impossible depth,
 * starting early when capacity is short, and probe re-anchoring. Every expected number is worked by hand in
 * the comments (FAO-56 eq. 82-85 for the balance; the system's limits as irrigation-plan.ts states them).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  budgetZone,
  dailyGrossCapacity,
  fieldCapacityOfTexture,
  gpmPerAcreToMmPerDay,
  IRRIGATION_SYSTEM_DEFAULTS,
  type IrrigationSystemSpec,
  irrigationCapacityAlert,
  planIrrigation,
  probeDepletion,
  runAnchoredBalance,
} from "../src/index";

const near = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ± ${tolerance}`);

/** TAW = 210 mm/m × 1.2 m = 252 mm (eq. 82). */
const soil = { awcMmPerM: 210, rootDepthM: 1.2 };
const days = (n: number, et0Mm: number, from = "2026-07-20") =>
  Array.from({ length: n }, (_, i) => ({
    date: new Date(Date.parse(`${from}T00:00:00Z`) + (i + 1) * 86_400_000).toISOString().slice(0, 10),
    et0Mm,
    kc: 1,
  }));
const system = (overrides: Partial<IrrigationSystemSpec>): IrrigationSystemSpec => ({
  ...IRRIGATION_SYSTEM_DEFAULTS.center_pivot,
  waterCostPerAcreInch: 1,
  pumpingCostPerAcreInch: 8,
  ...overrides,
});

/** Stores 10.795 mm net a day, more than the 5 mm ETc of the first cases. */
const ampleSystem = system({ capacityMmPerDay: 12.7, efficiency: 0.85, minDepthMm: 12.7, maxDepthMm: 25.4 });
/** Stores 5.6 mm net a day, less than an 8 mm ETc. */
const shortPivot = system({
  capacityMmPerDay: 7,
  efficiency: 0.8,
  minDepthMm: 6.35,
  maxDepthMm: 25.4,
  madFraction: 0.4,
});

describe("system capacity units", () => {
  test("1 gpm/acre = 3.785411784 L × 1440 min / 4046.8564 m² = 1.34700 mm/day (0.0530 in/day)", () => {
    near(gpmPerAcreToMmPerDay(1), 1.347, 5e-4);
    near(gpmPerAcreToMmPerDay(1) / 25.4, 0.053, 5e-4);
  });
});

describe("what a system can deliver on a day", () => {
  test("capacity × hours/24 on a running day, nothing on another day or for kind none", () => {
    // 12 mm/day for 18 of 24 h = 9 mm. 2026-07-21 is a Tuesday (2), 2026-07-22 a Wednesday (3).
    const limited = system({ capacityMmPerDay: 12, hoursPerDay: 18, runDays: [2] });
    near(dailyGrossCapacity(limited, "2026-07-21"), 9);
    assert.equal(dailyGrossCapacity(limited, "2026-07-22"), 0);
    assert.equal(dailyGrossCapacity(IRRIGATION_SYSTEM_DEFAULTS.none, "2026-07-21"), 0);
  });
});

describe("planIrrigation", () => {
  test("splits the refill into passes no deeper than the system's maximum", () => {
    // ETc = 5 mm/day (ET0 5, Kc 1): p = 0.55 (Table 22 footnote at ETc 5), RAW = 138.6 mm; MAD 0.5 → 126 mm.
    // Capacity 12.7 mm/day gross, efficiency 0.85 → 10.795 net/day, more than ETc: the ceiling is MAD on
    // every day. Max pass 25.4 mm gross (2 days), min 12.7. D0 = 130 (below RAW: Ks = 1 throughout).
    // Day 1: 130 + 5 = 135 > 126 → pass 1 of 25.4 gross (135/0.85 = 158.8 capped): D1 = 135 − 10.795 = 124.205
    // Day 2: pass 1 goes on: D2 = 124.205 + 5 − 10.795 = 118.41; pass 1 ends (25.4 gross, 21.59 net).
    // Day 3: 123.41 ≤ 126, no pass.  Day 4: 128.41 > 126 → pass 2: D4 = 117.615.  Day 5: D5 = 111.82.
    // Day 6: 116.82.  Day 7: 121.82.  Cost per pass: 1.0 in × ($1 water + $8 pumping) = $1 + $8 per acre.
    const plan = planIrrigation(soil, 130, days(14, 5), ampleSystem);
    assert.equal(plan.madMm, 126);
    assert.deepEqual(
      plan.passes.map((p) => [p.startDate, p.endDate]),
      [
        ["2026-07-21", "2026-07-22"],
        ["2026-07-24", "2026-07-25"],
      ],
    );
    for (const pass of plan.passes) {
      near(pass.grossMm, 25.4);
      near(pass.netMm, 21.59);
      near(pass.waterCostPerAcre, 1);
      near(pass.pumpingCostPerAcre, 8);
    }
    const expected = [124.205, 118.41, 123.41, 117.615, 111.82, 116.82, 121.82];
    for (const [i, d] of plan.days.entries()) near(d.depletionMm, expected[i]!, 1e-6);
    assert.equal(plan.cannotKeepUpFrom, null);
    assert.equal(plan.capacityLimited, false);
  });

  test("a pivot short of peak ET starts days before MAD and runs back to back", () => {
    // ETc 8 mm/day: p = 0.55 + 0.04 (5 − 8) = 0.43, RAW = 108.36; MAD 0.4 × 252 = 100.8 mm.
    // Capacity 7 mm/day gross at 0.8 → 5.6 net: the depletion still rises 2.4 mm a day while running.
    // Ceiling over a 14-day window: C[14] = 100.8, C[t−1] = C[t] − 2.4 → C[t] = 100.8 − (14 − t) × 2.4.
    // D0 = 60.  Day 1: 68 ≤ C[1] = 69.6, no pass.  Day 2: 76 > C[2] = 72 → pass 1, 25.4 mm (max):
    //   D2 = 68 + 8 − 5.6 = 70.4, D3 = 72.8, D4 = 75.2; day 5 the last 4.4 gross (3.52 net) would end at 79.68
    //   > C[5] = 79.2 → pass 2 starts the same day with the 2.6 mm left: D5 = 79.68 − 2.08 = 77.6.
    // From then on it runs every hour: D rises 2.4/day, D14 = 77.6 + 9 × 2.4 = 99.2 ≤ MAD: it keeps up.
    // Waiting for MAD (the FAO-56 rule alone) would start on day 6 (60 + 6 × 8 = 108) and never recover.
    const plan = planIrrigation(soil, 60, days(14, 8), shortPivot);
    near(plan.madMm, 100.8);
    assert.equal(plan.passes[0]!.startDate, "2026-07-22");
    assert.equal(plan.passes[0]!.endDate, "2026-07-25");
    assert.equal(plan.passes[1]!.startDate, "2026-07-25");
    const expected = [68, 70.4, 72.8, 75.2, 77.6, 80, 82.4];
    for (const [i, d] of plan.days.entries()) near(d.depletionMm, expected[i]!, 1e-6);
    assert.equal(plan.cannotKeepUpFrom, null);
    assert.equal(plan.capacityLimited, true);
    near(plan.netCapacityMmPerDay, 5.6);
  });

  test("says when the system cannot catch up", () => {
    // Same system, D0 = 90 > C[0] = 67.2: it runs from day 1 and D_t = 90 + 2.4 t passes 100.8 on day 5 (102).
    const plan = planIrrigation(soil, 90, days(14, 8), shortPivot);
    assert.equal(plan.passes[0]!.startDate, "2026-07-21");
    near(plan.days[3]!.depletionMm, 99.6);
    assert.equal(plan.cannotKeepUpFrom, "2026-07-25");
    assert.equal(plan.days[4]!.zone, "red");
  });

  test("the cannot-keep-up alert: run continuously through the last day ET beats capacity, MAD passed on day 5", () => {
    // As above: net capacity 5.6 mm/day against ETc 8 on every one of the 7 plan days (21-27 Jul), MAD 100.8.
    const plan = planIrrigation(soil, 90, days(14, 8), shortPivot);
    const shortfall = {
      today: "2026-07-20",
      cannotKeepUpFrom: plan.cannotKeepUpFrom,
      netCapacityMmPerDay: plan.netCapacityMmPerDay,
      madMm: plan.madMm,
      days: plan.days,
    };
    const alert = irrigationCapacityAlert(shortfall)!;
    assert.equal(alert.kind, "irrigation_capacity");
    assert.equal(alert.eventDate, "2026-07-20");
    assert.equal(alert.actBy, "2026-07-27");
    assert.match(alert.message, /0\.22 in \(5\.6 mm\) a day against crop ET of up to 0\.31 in \(8\.0 mm\)/);
    assert.match(alert.message, /allowed 3\.97 in \(100\.8 mm\) on 2026-07-25/);
    assert.match(alert.action, /continuously from 2026-07-20 through 2026-07-27/);
    // A later evaluation of the same shortfall keeps its first day: one alert, lengthening.
    assert.equal(
      irrigationCapacityAlert({ ...shortfall, today: "2026-07-21", since: "2026-07-20" })!.eventDate,
      "2026-07-20",
    );
    // A system that keeps up raises nothing.
    assert.equal(irrigationCapacityAlert({ ...shortfall, cannotKeepUpFrom: null }), null);
  });

  test("no passes for a field without a system, and none on days it may not run", () => {
    const none = planIrrigation(soil, 130, days(14, 5), IRRIGATION_SYSTEM_DEFAULTS.none);
    assert.equal(none.passes.length, 0);
    assert.equal(none.cannotKeepUpFrom, null);
    // 2026-07-21 is a Tuesday (getUTCDay 2); allowing only Wednesday (3) moves pass 1 to 2026-07-22.
    const wednesdays = planIrrigation(soil, 130, days(14, 5), { ...ampleSystem, runDays: [3] });
    assert.equal(wednesdays.passes[0]!.startDate, "2026-07-22");
  });

  test("budget zones: green below 80 % of MAD, yellow up to MAD, red beyond", () => {
    assert.equal(budgetZone(79, 100), "green");
    assert.equal(budgetZone(80, 100), "yellow");
    assert.equal(budgetZone(100, 100), "yellow");
    assert.equal(budgetZone(100.1, 100), "red");
  });
});

describe("probe depletion and re-anchoring", () => {
  // θFC 0.36, AWC 210 mm/m (θWP 0.15), Zr 1.2 m. Probes at 15 and 45 cm: layers 0-30 cm and 30-120 cm.
  const probeSoil = { ...soil, fieldCapacity: 0.36 };

  test("eq. 87 per layer: 1000 (θFC − θ) ΔZ summed", () => {
    // 15 cm at 30 %: 1000 × 0.06 × 0.30 = 18 mm; 45 cm at 33 %: 1000 × 0.03 × 0.90 = 27 mm → 45 mm.
    near(
      probeDepletion(probeSoil, [
        { depthCm: 45, volumetricPct: 33 },
        { depthCm: 15, volumetricPct: 30 },
      ])!,
      45,
    );
    // Wetter than field capacity drains: 0; a reading of 60 % is a fault and is ignored.
    assert.equal(probeDepletion(probeSoil, [{ depthCm: 15, volumetricPct: 40 }]), 0);
    assert.equal(probeDepletion(probeSoil, [{ depthCm: 15, volumetricPct: 60 }]), undefined);
  });

  test("FAO-56 Table 19 field capacity by texture, middle of the range", () => {
    near(fieldCapacityOfTexture("silty clay loam (Colo)"), 0.335); // 0.30-0.37
    near(fieldCapacityOfTexture("Loam (Clarion)"), 0.25); // 0.20-0.30
  });

  test("a probe day ends at the probe's depletion and keeps the residual", () => {
    // ETc 5 mm/day, no rain. Day 1 from D0 = 40: model 45, probe 50 → residual −5, balance 50.
    // Day 2: model 55 (from 50), no probe → 55.  Day 3: model 60, probe 52 → residual +8, balance 52.
    const out = runAnchoredBalance(
      soil,
      [
        { date: "2026-07-21", et0Mm: 5, kc: 1, rainMm: 0, irrigationMm: 0, probeDepletionMm: 50 },
        { date: "2026-07-22", et0Mm: 5, kc: 1, rainMm: 0, irrigationMm: 0 },
        { date: "2026-07-23", et0Mm: 5, kc: 1, rainMm: 0, irrigationMm: 0, probeDepletionMm: 52 },
      ],
      40,
    );
    assert.deepEqual(
      out.map((d) => [d.modelDepletionMm, d.probeDepletionMm, d.residualMm, d.depletionMm]),
      [
        [45, 50, -5, 50],
        [55, null, null, 55],
        [60, 52, 8, 52],
      ],
    );
  });
});
