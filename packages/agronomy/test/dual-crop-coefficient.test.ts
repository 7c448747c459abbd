/** FAO-56 chapter 7 dual crop coefficient, checked against FAO-56's own Example 35 and hand calculations. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  evaporationReduction,
  groundCoverFraction,
  maximumKc,
  runSurfaceEvaporation,
  runWaterBalance,
  totalEvaporableWater,
} from "../src/index";

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

/**
 * FAO-56 Example 35, the ten days of its table: TEW 18 mm, REW 8 mm, Kc max 1.21, the surface dry (De = TEW)
 * before an irrigation wetting 80 % of it (I/fw = 50 mm, so I = 40 mm) on day 1 and 6 mm of rain on day 6.
 * Columns as tabulated: ET0, P − RO, I, 1 − fc, fw, few, Kcb, De at the start (after the wetting), Kr, Ke,
 * E/few, DPe, De at the end, E, Kc = Kcb + Ke, ETc.
 */
const EXAMPLE_35 = [
  [4.5, 0, 40, 0.92, 0.8, 0.8, 0.3, 0, 1, 0.91, 5.1, 32, 5, 4.1, 1.21, 5.5],
  [5.0, 0, 0, 0.91, 0.8, 0.8, 0.31, 5, 1, 0.9, 5.6, 0, 11, 4.5, 1.21, 6.1],
  [3.9, 0, 0, 0.91, 0.8, 0.8, 0.32, 11, 0.72, 0.64, 3.1, 0, 14, 2.5, 0.97, 3.8],
  [4.2, 0, 0, 0.9, 0.8, 0.8, 0.33, 14, 0.41, 0.36, 1.9, 0, 16, 1.5, 0.69, 2.9],
  [4.8, 0, 0, 0.89, 0.8, 0.8, 0.34, 16, 0.22, 0.19, 1.1, 0, 17, 0.9, 0.54, 2.6],
  [2.7, 6, 0, 0.89, 1, 0.89, 0.36, 11, 0.71, 0.6, 1.8, 0, 13, 1.6, 0.96, 2.6],
  [5.8, 0, 0, 0.88, 1, 0.88, 0.37, 13, 0.52, 0.44, 2.9, 0, 16, 2.6, 0.81, 4.7],
  [5.1, 0, 0, 0.87, 1, 0.87, 0.38, 16, 0.23, 0.19, 1.1, 0, 17, 1.0, 0.57, 2.9],
  [4.7, 0, 0, 0.87, 1, 0.87, 0.39, 17, 0.12, 0.1, 0.5, 0, 17, 0.5, 0.49, 2.3],
  [5.2, 0, 0, 0.86, 1, 0.86, 0.4, 17, 0.07, 0.05, 0.3, 0, 18, 0.3, 0.45, 2.4],
] as const;

describe("soil evaporation, FAO-56 Example 35", () => {
  const results = runSurfaceEvaporation(
    { tewMm: 18, rewMm: 8 },
    EXAMPLE_35.map((row, i) => ({
      date: `2026-06-${String(i + 1).padStart(2, "0")}`,
      et0Mm: row[0],
      rainMm: row[1],
      irrigationMm: row[2],
      irrigationWettedFraction: 0.8,
      groundCover: 1 - row[3],
      kcb: row[6],
      kcMax: 1.21,
    })),
    18,
    0.8,
  );

  test("every day's fw, few, De, Kr, Ke, E, DPe, Kc and ETc are the table's (to its rounding)", () => {
    results.forEach((day, i) => {
      const [et0, , , , fw, few, kcb, deStart, kr, ke, eFew, dpe, deEnd, e, kc, etc] = EXAMPLE_35[i]!;
      const what = (column: string) => `day ${i + 1} ${column}`;
      near(day.wettedFraction, fw, 1e-9, what("fw"));
      near(day.exposedWettedFraction, few, 1e-9, what("few"));
      near(day.startDepletionMm, deStart, 0.51, what("De start"));
      near(day.kr, kr, 0.011, what("Kr"));
      near(day.ke, ke, 0.011, what("Ke"));
      near(day.evaporationFromWettedMm, eFew, 0.06, what("E/few"));
      near(day.deepPercolationMm, dpe, 0.51, what("DPe"));
      near(day.depletionMm, deEnd, 0.51, what("De end"));
      near(day.evaporationMm, e, 0.06, what("E"));
      near(kcb + day.ke, kc, 0.011, what("Kc"));
      near((kcb + day.ke) * et0, etc, 0.06, what("ETc"));
    });
  });
});

describe("dual coefficient equations (hand calculations)", () => {
  test("eq. 72: u2 1.6 m/s, RHmin 35 %, h 0.3 m: 1.2 + (0.04 × −0.4 − 0.004 × −10) × 0.1^0.3 = 1.212", () => {
    near(maximumKc(0.3, 1.6, 35, 0.3), 1.2 + 0.024 * 0.1 ** 0.3, 1e-12, "Kc max");
    near(maximumKc(0.3, 1.6, 35, 0.3), 1.212, 0.0005, "Kc max");
    // Kcb + 0.05 wins when the crop's own coefficient is high: 1.25 + 0.05 = 1.30 at the standard climate.
    near(maximumKc(1.25, 2, 45, 2), 1.3, 1e-12, "Kc max");
  });

  test("eq. 73: θFC 0.32, θWP 0.12, Ze 0.10 m: 1000 × (0.32 − 0.06) × 0.10 = 26 mm", () => {
    near(totalEvaporableWater(0.32, 0.12), 26, 1e-9, "TEW");
  });

  test("eq. 74: Kr is 1 to REW, then (TEW − De)/(TEW − REW): De 13 of TEW 18, REW 8 → 0.5", () => {
    assert.equal(evaporationReduction(8, 18, 8), 1);
    near(evaporationReduction(13, 18, 8), 0.5, 1e-12, "Kr");
    assert.equal(evaporationReduction(18, 18, 8), 0);
  });

  test("eq. 76: Kcb 0.60, Kc max 1.20, Kc min 0.15, h 1 m: (0.45/1.05)^1.5 = 0.2806", () => {
    near(groundCoverFraction(0.6, 1.2, 1), (0.45 / 1.05) ** 1.5, 1e-12, "fc");
    near(groundCoverFraction(0.6, 1.2, 1), 0.2806, 0.0001, "fc");
    assert.equal(groundCoverFraction(0.15, 1.2, 1), 0);
  });

  test("eq. 80 in the root zone: Ks cuts Kcb only, and all rain counts", () => {
    // TAW 100 mm; ET0 5, Kcb 1.0, Ke 0.1: ETc = 5.5, p = 0.55 + 0.04 × (5 − 5.5) = 0.53, RAW 53 mm.
    // Dr 80 > RAW: Ks = (100 − 80)/((1 − 0.53) × 100) = 20/47; ETc,adj = (20/47 × 1.0 + 0.1) × 5.
    const [day] = runWaterBalance(
      { awcMmPerM: 100, rootDepthM: 1 },
      [{ date: "2026-07-01", et0Mm: 5, kc: 1, ke: 0.1, rainMm: 0.5, irrigationMm: 0 }],
      80,
      { allRainEffective: true },
    );
    near(day!.ks, 20 / 47, 1e-9, "Ks");
    near(day!.etcAdjMm, (20 / 47 + 0.1) * 5, 1e-9, "ETc,adj");
    // 80 − 0.5 (light rain counted) + ETc,adj.
    near(day!.depletionMm, 80 - 0.5 + (20 / 47 + 0.1) * 5, 1e-9, "Dr");
  });
});
