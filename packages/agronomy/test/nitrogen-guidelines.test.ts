/**
 * Nitrogen defaults, LSNT and strip-trial fitting checked against their published sources (see
 * src/nitrogen-guidelines/SOURCE.md): the Iowa MRTN table, the PM 1714 LSNT worked example, and the SAS PROC NLIN
 * segmented-model example.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  blendWithPrior,
  DEFAULT_NITROGEN_RESPONSES,
  fitQuadraticPlateau,
  IOWA_MRTN_TABLE,
  lsntSidedress,
  nitrogenRecommendation,
  PRIOR_EONR_SD,
  trialEonr,
} from "../src/index";
import { SAS_SEGMENTED_EXAMPLE } from "../src/nitrogen-guidelines/sas-segmented-example";

const round1 = (x: number) => Math.round(x * 10) / 10;

describe("default N curves reproduce the published Iowa MRTN", () => {
  for (const row of IOWA_MRTN_TABLE) {
    it(`corn after ${row.rotation} at price ratio ${row.priceRatio}: ${row.mrtnLbPerAcre} lb N/acre`, () => {
      // The article's prices: $0.35/lb N and $3.50/bu corn.
      const result = nitrogenRecommendation(DEFAULT_NITROGEN_RESPONSES[row.rotation], {
        nitrogenPricePerLb: row.priceRatio * 3.5,
        cornPricePerBu: 3.5,
      });
      assert.equal(Math.round(result.eonrLbPerAcre), row.mrtnLbPerAcre);
      if (row.profitableRangeLbPerAcre) {
        assert.equal(Math.round(result.profitableRangeLbPerAcre.low), row.profitableRangeLbPerAcre.low);
        assert.equal(Math.round(result.profitableRangeLbPerAcre.high), row.profitableRangeLbPerAcre.high);
      }
    });
  }

  it("other price ratios follow the stated curvature (hand calculation; no published figure found)", () => {
    // EONR = (r − b)/(2c) moves by 1/(2·0.00125) = 400 lb N per unit of ratio: 124 + 400·(0.10 − r).
    // Profitable range: a quadratic's return falls by Pc·|c|·d² at d lb from the EONR, so ±$1 is
    // d = √(1/(3.5 × 0.00125)) = 15.12 lb at $3.50/bu corn.
    for (const [ratio, soybean, corn] of [
      [0.05, 144, 201],
      [0.15, 104, 161],
      [0.2, 84, 141],
    ] as const) {
      const prices = { nitrogenPricePerLb: ratio * 3.5, cornPricePerBu: 3.5 };
      const soy = nitrogenRecommendation(DEFAULT_NITROGEN_RESPONSES.soybean, prices);
      assert.equal(soy.eonrLbPerAcre, soybean);
      assert.equal(nitrogenRecommendation(DEFAULT_NITROGEN_RESPONSES.corn, prices).eonrLbPerAcre, corn);
      assert.deepEqual(soy.profitableRangeLbPerAcre, {
        low: round1(soybean - 15.12),
        high: round1(soybean + 15.12),
      });
    }
  });

  it("the cost of the N still to apply is the remaining rate times the N price", () => {
    // 124 lb EONR − 50 applied = 74 lb at $0.35 = $25.90.
    const r = nitrogenRecommendation(
      DEFAULT_NITROGEN_RESPONSES.soybean,
      { nitrogenPricePerLb: 0.35, cornPricePerBu: 3.5 },
      50,
    );
    assert.equal(r.remainingLbPerAcre, 74);
    assert.equal(r.costStillToApplyPerAcre, 25.9);
  });
});

describe("late-spring soil nitrate test (Blackmer et al. 1997, PM 1714)", () => {
  it("the published wet-spring example: 10 ppm, critical 21 ppm, (21 − 10) × 8 = 88 lb N/acre", () => {
    const r = lsntSidedress({ nitratePpm: 10, wetSpring: true, manured: false });
    assert.equal(r.criticalPpm, 21);
    assert.equal(r.sidedressLbPerAcre, 88);
    // The rule's rates are marked for printing in kg N/ha.
    assert.deepEqual(r.ruleQuantities, [
      { kind: "rate", value: 8, text: "8 lb N/acre" },
      { kind: "rate", value: 88, text: "88 lb N/acre" },
    ]);
    for (const q of r.ruleQuantities) assert.ok(r.rule.includes(q.text));
  });
  it("the published manured example: 15 ppm in a wet spring on a manured field needs no more N", () => {
    const r = lsntSidedress({ nitratePpm: 15, wetSpring: true, manured: true });
    assert.equal(r.criticalPpm, 15);
    assert.equal(r.sidedressLbPerAcre, 0);
  });
  it("a normal spring keeps 25 ppm: 25 ppm or more needs nothing; 20 ppm needs (25 − 20) × 8 = 40", () => {
    assert.equal(lsntSidedress({ nitratePpm: 25, wetSpring: false, manured: false }).sidedressLbPerAcre, 0);
    assert.equal(lsntSidedress({ nitratePpm: 20, wetSpring: false, manured: true }).sidedressLbPerAcre, 40);
  });
});

// SAS/STAT PROC NLIN, Example "Segmented Model": published join point 12.7477, plateau 0.7775.
const SAS_SEGMENTED = SAS_SEGMENTED_EXAMPLE.pairs.map(([x, y]) => ({ nLbPerAcre: x, yieldBuPerAcre: y }));

describe("quadratic-plateau least squares (Levenberg-Marquardt)", () => {
  const fit = fitQuadraticPlateau(SAS_SEGMENTED);
  it("reproduces the SAS NLIN segmented-model join point and plateau", () => {
    assert.ok(fit);
    assert.ok(
      Math.abs(fit.plateauLbPerAcre - SAS_SEGMENTED_EXAMPLE.joinPoint) < 0.001,
      String(fit.plateauLbPerAcre),
    );
    assert.ok(
      Math.abs(fit.plateauYieldBuPerAcre - SAS_SEGMENTED_EXAMPLE.plateau) < 0.0001,
      String(fit.plateauYieldBuPerAcre),
    );
    assert.equal(fit.n, 16);
  });

  it("recovers a noise-free curve exactly, with a zero-width EONR interval", () => {
    // Y = 100 + 1.2N − 0.004N²: plateau at 150; EONR at ratio 0.2 = (0.2 − 1.2)/(2·−0.004) = 125.
    const truth = (n: number) => {
      const x = Math.min(n, 150);
      return 100 + 1.2 * x - 0.004 * x * x;
    };
    const points = [0, 40, 80, 120, 160, 200, 240].map((n) => ({ nLbPerAcre: n, yieldBuPerAcre: truth(n) }));
    const exact = fitQuadraticPlateau(points);
    assert.ok(exact);
    assert.ok(Math.abs(exact.plateauLbPerAcre - 150) < 1e-6);
    const eonr = trialEonr(exact, 0.2);
    assert.ok(Math.abs(eonr.eonrLbPerAcre - 125) < 1e-6);
    assert.ok(eonr.standardErrorLbPerAcre < 1e-6);
    assert.ok(Math.abs(exact.rSquared - 1) < 1e-9);
    // A perfectly known trial gets the whole weight: σp²/(σp² + 0) = 1.
    const blended = blendWithPrior(eonr, exact, 124, points);
    assert.ok(Math.abs(blended.trialWeight - 1) < 1e-9);
  });

  it("a trial as uncertain as the prior is weighted half", () => {
    const fake = {
      eonrLbPerAcre: 164,
      standardErrorLbPerAcre: PRIOR_EONR_SD,
      ci95LbPerAcre: { low: 0, high: 0 },
    };
    const points = [0, 60, 120, 180, 240].map((n) => ({ nLbPerAcre: n, yieldBuPerAcre: 0 }));
    const fitted = { plateauLbPerAcre: 200 } as Parameters<typeof blendWithPrior>[1];
    const blended = blendWithPrior(fake, fitted, 124, points);
    assert.equal(blended.trialWeight, 0.5);
    assert.equal(blended.eonrLbPerAcre, 144);
  });

  it("too few rates or no response falls back to the regional MRTN", () => {
    const flat = [0, 50, 100, 150].map((n) => ({ nLbPerAcre: n, yieldBuPerAcre: 180 }));
    assert.equal(fitQuadraticPlateau(flat), undefined);
    assert.equal(blendWithPrior(undefined, undefined, 124, flat).eonrLbPerAcre, 124);
  });
});
