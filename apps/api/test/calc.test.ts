/** Every calculator through HTTP: worked examples (numbers from their sources) and bad input. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SAS_SEGMENTED_EXAMPLE } from "@unicorn/agronomy";
import { bearer, type Harness, startHarness, type TestOrganization } from "./harness";

describe("calculator endpoints", () => {
  let h: Harness;
  let org: TestOrganization;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Calc");
  });
  after(() => h.close());

  const post = (path: string, payload: unknown, token = org.tokens.viewer) =>
    h.app.inject({
      method: "POST",
      url: `/api/v1/calc/${path}`,
      headers: bearer(token),
      payload: payload as object,
    });

  const expectProblem = async (path: string, payload: unknown, status: number, field: string) => {
    const response = await post(path, payload);
    assert.equal(response.statusCode, status, `${path} ${JSON.stringify(payload)}: ${response.body}`);
    assert.match(response.headers["content-type"] as string, /application\/problem\+json/);
    assert.equal(response.json().field, field, response.body);
  };

  // The water-balance examples' field: 200 mm/m over a 1 m root zone (TAW 200 mm), corn planted 1 May, its
  // stages 25, 40, 50 and 30 days long.
  const cornField = {
    soil: { awcMmPerM: 200, rootDepthM: 1 },
    stages: {
      planting: "2026-05-01",
      developmentStart: "2026-05-26",
      midSeasonStart: "2026-07-05",
      lateSeasonStart: "2026-08-24",
      harvest: "2026-09-23",
    },
  };

  // Two days of ET0 5 from Dr 90 (mid-season Kc 1.2): Dr 102 at the end of 11 July.
  const dryTwoDays = {
    initialDepletionMm: 90,
    days: [
      { date: "2026-07-10", et0Mm: 5 },
      { date: "2026-07-11", et0Mm: 5, rainMm: 0.5 },
    ],
  };

  test("gdd: 86/50 days, running total and the stage for a hybrid rating (viewer may use it)", async () => {
    // (86+50)/2 − 50 = 18 and (80+60)/2 − 50 = 20 (method definition, ISU PMR 1009).
    const response = await post("gdd", {
      unit: "F",
      days: [
        { date: "2026-05-01", tmax: 90, tmin: 45 },
        { date: "2026-05-02", tmax: 80, tmin: 60 },
      ],
      gddToBlackLayer: 2700,
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(
      body.days.map((d: { gdd: number; cumulative: number }) => [d.gdd, d.cumulative]),
      [
        [18, 18],
        [20, 38],
      ],
    );
    assert.equal(body.total, 38);
    assert.deepEqual(body.stage, { code: "PL", name: "planted, not yet emerged" });
  });

  test("gdd in °C uses 30/10 and reports the stage with °C ratings", async () => {
    // 1,400 °F GDD (R1 for a 2,700 °F hybrid) = 777.8 °C GDD; rating 2,700 °F = 1,500 °C.
    // 38 days at (30 + 30)/2 − 10 = 20 and 2 days at (30 + 10)/2 − 10 = 10: 780 °C GDD ≥ 777.8 -> R1.
    const days = Array.from({ length: 40 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 5, 1 + i)).toISOString().slice(0, 10),
      tmax: 30,
      tmin: i < 38 ? 30 : 10,
    }));
    const response = await post("gdd", { unit: "C", days, gddToBlackLayer: 1500 });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().total, 780);
    assert.equal(response.json().stage.code, "R1");
  });

  test("gdd: bad input names the field and is a 4xx", async () => {
    await expectProblem(
      "gdd",
      { unit: "K", days: [{ date: "2026-05-01", tmax: 80, tmin: 60 }] },
      400,
      "unit",
    );
    await expectProblem(
      "gdd",
      { unit: "F", days: [{ date: "2026-05-01", tmax: 60, tmin: 80 }] },
      422,
      "days[0].tmin",
    );
    await expectProblem("gdd", { unit: "F", days: [{ date: "2026-05-01", tmin: 60 }] }, 400, "days[0].tmax");
    await expectProblem(
      "gdd",
      {
        unit: "F",
        days: [
          { date: "2026-05-02", tmax: 80, tmin: 60 },
          { date: "2026-05-01", tmax: 80, tmin: 60 },
        ],
      },
      422,
      "days[1].date",
    );
    await expectProblem("gdd", { unit: "F", days: [] }, 400, "days");
  });

  test("et0: FAO-56 Example 18 (Brussels, 6 July) gives 3.9 mm/day with its intermediates", async () => {
    const response = await post("et0", {
      date: "2026-07-06",
      latitudeDeg: 50.8,
      elevationM: 100,
      tmaxC: 21.5,
      tminC: 12.3,
      rhMaxPct: 84,
      rhMinPct: 63,
      windSpeedMs: 2.778,
      windHeightM: 10,
      sunshineHours: 9.25,
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.method, "penman-monteith");
    assert.ok(Math.abs(body.et0Mm - 3.9) < 0.05, String(body.et0Mm));
    assert.ok(Math.abs(body.intermediates.raMJ - 41.09) < 0.02);
    assert.ok(Math.abs(body.intermediates.rnMJ - 13.28) < 0.02);
    assert.ok(Math.abs(body.intermediates.u2Ms - 2.078) < 0.002);
    assert.deepEqual(body.assumptions, []);
  });

  test("et0 with temperature only names each FAO-56 fallback; hargreaves on request", async () => {
    const base = { date: "2026-07-06", latitudeDeg: 42, elevationM: 300, tmaxC: 30, tminC: 18 };
    const fallback = (await post("et0", base)).json();
    assert.equal(fallback.assumptions.length, 3);
    const hargreaves = (await post("et0", { ...base, method: "hargreaves" })).json();
    assert.equal(hargreaves.method, "hargreaves");
  });

  test("et0: impossible values are refused naming the field", async () => {
    const base = { date: "2026-07-06", latitudeDeg: 42, elevationM: 300, tmaxC: 30, tminC: 18 };
    await expectProblem("et0", { ...base, tminC: 31 }, 422, "tminC");
    await expectProblem("et0", { ...base, rhMaxPct: 120 }, 400, "rhMaxPct");
    await expectProblem("et0", { ...base, rhMaxPct: 50, rhMinPct: 70 }, 422, "rhMinPct");
    await expectProblem("et0", { ...base, latitudeDeg: 95 }, 400, "latitudeDeg");
    await expectProblem("et0", { ...base, date: "2026-02-30" }, 400, "date");
    const { tmaxC: _omit, ...missing } = base;
    await expectProblem("et0", missing, 400, "tmaxC");
  });

  test("nitrogen: EONR 140, range 127.4-152.6, with 50 lb applied 90 remain (hand calculation)", async () => {
    const response = await post("nitrogen", {
      response: { intercept: 160, linear: 0.45, quadratic: -0.00125 },
      nitrogenPricePerLb: 0.5,
      cornPricePerBu: 5,
      appliedLbPerAcre: 50,
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.eonrLbPerAcre, 140);
    assert.deepEqual(body.profitableRangeLbPerAcre, { low: 127.4, high: 152.6 });
    assert.equal(body.yieldAtEonrBuPerAcre, 198.5);
    assert.equal(body.netReturnAtEonrPerAcre, 122.5);
    assert.equal(body.plateauLbPerAcre, 180);
    assert.equal(body.priceRatio, 0.1);
    assert.equal(body.remainingLbPerAcre, 90);
  });

  test("nitrogen by previous crop: corn after corn needs more N than corn after soybean", async () => {
    const prices = { nitrogenPricePerLb: 0.5, cornPricePerBu: 5 };
    const soy = (await post("nitrogen", { previousCrop: "soybean", ...prices })).json();
    const corn = (await post("nitrogen", { previousCrop: "corn", ...prices })).json();
    // The published Iowa MRTN at a 0.10 ratio (ISU Corn Nitrogen Rate Calculator; see SOURCE.md).
    assert.equal(soy.eonrLbPerAcre, 124);
    assert.equal(corn.eonrLbPerAcre, 181);
    assert.match(soy.responseSource, /MRTN/);
    // 124 lb at $0.50/lb = $62.00 still to apply.
    assert.equal(soy.costStillToApplyPerAcre, 62);
    assert.equal(soy.soilNitrateTest, null);
  });

  test("nitrogen with a late-spring soil nitrate test: the PM 1714 example, 10 ppm in a wet spring -> 88 lb", async () => {
    const body = (
      await post("nitrogen", {
        previousCrop: "soybean",
        nitrogenPricePerLb: 0.5,
        cornPricePerBu: 5,
        appliedLbPerAcre: 40,
        soilNitrateTest: { nitratePpm: 10, wetSpring: true, samplingStage: "V5" },
      })
    ).json();
    assert.equal(body.remainingLbPerAcre, 88);
    assert.equal(body.costStillToApplyPerAcre, 44);
    assert.equal(body.soilNitrateTest.criticalPpm, 21);
    assert.match(body.soilNitrateTest.rule, /\(21 − 10\) × 8 = 88/);
    assert.match(body.soilNitrateTest.source, /PM 1714/);
  });

  test("strip trial: the SAS NLIN segmented-model data give its published join point 12.7477", async () => {
    // SAS/STAT PROC NLIN "Segmented Model" example data (x as the rate, y as the yield); published join
    // point 12.7477 and plateau 0.7775.
    const csv = ["n_rate,yield", ...SAS_SEGMENTED_EXAMPLE.pairs.map(([x, y]) => `${x},${y}`)].join("\n");
    const response = await post("nitrogen/strip-trial", {
      csv,
      previousCrop: "soybean",
      nitrogenPricePerLb: 0.35,
      cornPricePerBu: 3.5,
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.fit.plateauLbPerAcre, 12.7);
    assert.equal(body.fit.plateauYieldBuPerAcre, 0.8);
    assert.equal(body.fit.n, 16);
    assert.equal(body.priorMrtnLbPerAcre, 124);
    assert.match(body.method, /delta method/);
  });

  test("strip trial: a bad CSV is a 400 naming the row and column, a missing column names it", async () => {
    const prices = { previousCrop: "corn", nitrogenPricePerLb: 0.5, cornPricePerBu: 5 };
    const bad = await post("nitrogen/strip-trial", { csv: "n_rate,yield\n0,150\n50,abc\n", ...prices });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.json().detail ?? bad.json().title ?? bad.body, /row 3, column yield/);
    assert.equal(bad.json().field, "csv.row3.yield");
    const header = await post("nitrogen/strip-trial", { csv: "rate,yield\n0,150\n", ...prices });
    assert.equal(header.statusCode, 400);
    assert.equal(header.json().field, "csv.n_rate");
    const few = await post("nitrogen/strip-trial", {
      points: [{ nLbPerAcre: 0, yieldBuPerAcre: 1 }],
      ...prices,
    });
    assert.equal(few.statusCode, 422);
  });

  test("nitrogen: bad input names the field", async () => {
    const prices = { nitrogenPricePerLb: 0.5, cornPricePerBu: 5 };
    await expectProblem("nitrogen", prices, 400, "response");
    await expectProblem("nitrogen", { previousCrop: "wheat", ...prices }, 400, "previousCrop");
    await expectProblem(
      "nitrogen",
      { response: { intercept: 100, linear: 0.5, quadratic: 0.001 }, ...prices },
      422,
      "response.quadratic",
    );
    await expectProblem(
      "nitrogen",
      { previousCrop: "corn", nitrogenPricePerLb: 0, cornPricePerBu: 5 },
      422,
      "nitrogenPricePerLb",
    );
    await expectProblem(
      "nitrogen",
      { previousCrop: "corn", nitrogenPricePerLb: -1, cornPricePerBu: 5 },
      400,
      "nitrogenPricePerLb",
    );
  });

  test("seeding-rate: optimum 31.17 thousand seeds/acre (hand calculation)", async () => {
    const response = await post("seeding-rate", {
      response: { intercept: 80, linear: 6.5, quadratic: -0.09 },
      seedPricePerThousand: 4,
      cornPricePerBu: 4.5,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().optimumThousandSeedsPerAcre, 31.17);
    assert.equal(response.json().yieldAtOptimumBuPerAcre, 195.2);
    await expectProblem(
      "seeding-rate",
      {
        response: { intercept: 80, linear: 6.5, quadratic: 0 },
        seedPricePerThousand: 4,
        cornPricePerBu: 4.5,
      },
      422,
      "response.quadratic",
    );
    await expectProblem(
      "seeding-rate",
      { response: { intercept: 80, linear: 6.5, quadratic: -0.09 } },
      400,
      "seedPricePerThousand",
    );
  });

  test("seeding-rate: seed cost, price ratio, marginal yield and plants (hand calculation); absurd curves refused", async () => {
    const response = await post("seeding-rate", {
      response: { intercept: 80, linear: 6.5, quadratic: -0.09 },
      seedPricePerThousand: 4,
      cornPricePerBu: 4.5,
      standEstablishment: 0.9,
    });
    assert.equal(response.statusCode, 200, response.body);
    const r = response.json();
    // S* = (4/4.5 − 6.5)/(2 × −0.09) = 31.173; cost 4 × 31.173 = 124.69; plants 0.9 × 31.173 = 28.06
    assert.equal(r.seedCostPerAcre, 124.69);
    assert.equal(r.seedToCornPriceRatio, 0.889);
    assert.ok(Math.abs(r.marginalYieldAtOptimumBuPerThousand - 0.889) < 0.001, response.body);
    assert.equal(r.optimumThousandPlantsPerAcre, 28.06);
    const absurd = {
      response: { intercept: 80, linear: 6.5, quadratic: -1e-300 },
      seedPricePerThousand: 4,
      cornPricePerBu: 4.5,
    };
    await expectProblem("seeding-rate", absurd, 422, "response.quadratic");
    await expectProblem(
      "seeding-rate",
      { ...absurd, response: { intercept: 80, linear: 6.5, quadratic: -0.09 }, standEstablishment: 0.2 },
      400,
      "standEstablishment",
    );
  });

  test("et0: the intermediates include P (eq. 7), VPD, Rns (eq. 38), Rnl (eq. 39) and N (eq. 34): FAO-56 Example 18", async () => {
    const response = await post("et0", {
      date: "2026-07-06",
      latitudeDeg: 50.8,
      elevationM: 100,
      tmaxC: 21.5,
      tminC: 12.3,
      rhMaxPct: 84,
      rhMinPct: 63,
      windSpeedMs: 10 / 3.6,
      windHeightM: 10,
      sunshineHours: 9.25,
    });
    assert.equal(response.statusCode, 200, response.body);
    const i = response.json().intermediates;
    // Example 18 prints P 100.1, es − ea 0.589, Rns 17.00, Rnl 3.71, N 16.1.
    assert.ok(Math.abs(i.pressureKPa - 100.1) < 0.05, response.body);
    assert.ok(Math.abs(i.vpdKPa - 0.589) < 0.002, response.body);
    assert.ok(Math.abs(i.rnsMJ - 17.0) < 0.02, response.body);
    assert.ok(Math.abs(i.rnlMJ - 3.71) < 0.02, response.body);
    assert.ok(Math.abs(i.daylightHours - 16.1) < 0.05, response.body);
  });

  test("et0-hourly: FAO-56 Example 19, N'Diaye 1 October, 14:00-15:00 ET0 0.63 mm and 02:00-03:00 0.0 mm", async () => {
    // 16°13'N 16°15'W, 8 m; the paper's Lz = 15° W is a UTC offset of −1 h.
    const response = await post("et0-hourly", {
      date: "2026-10-01",
      latitudeDeg: 16 + 13 / 60,
      longitudeDeg: -16.25,
      utcOffsetHours: -1,
      elevationM: 8,
      hours: [
        { hour: 14, tempC: 38, rhPct: 52, u2Ms: 3.3, solarRadiationMJ: 2.45 },
        { hour: 2, tempC: 28, rhPct: 90, u2Ms: 1.9, solarRadiationMJ: 0 },
      ],
    });
    assert.equal(response.statusCode, 200, response.body);
    const [night, day] = response.json().hours;
    assert.equal(night.hour, 2);
    assert.ok(Math.abs(day.et0Mm - 0.63) < 0.005, response.body);
    assert.ok(Math.abs(day.raMJ - 3.543) < 0.001, response.body);
    assert.ok(Math.abs(day.rnMJ - 1.749) < 0.001, response.body);
    assert.ok(Math.abs(day.gMJ - 0.175) < 0.001, response.body);
    assert.ok(Math.abs(night.rnMJ - -0.1) < 0.001, response.body);
    assert.ok(Math.abs(night.gMJ - -0.05) < 0.001, response.body);
    assert.ok(night.et0Mm < 0.005, response.body);
    assert.equal(response.json().hoursMissing, 22);
    const twice = {
      date: "2026-10-01",
      latitudeDeg: 16,
      longitudeDeg: -16,
      utcOffsetHours: 0,
      elevationM: 8,
    };
    const hour = { hour: 2, tempC: 28, rhPct: 90, u2Ms: 1.9, solarRadiationMJ: 0 };
    await expectProblem("et0-hourly", { ...twice, hours: [hour, hour] }, 422, "hours[1].hour");
    await expectProblem("et0-hourly", { ...twice, hours: [{ ...hour, rhPct: 130 }] }, 400, "hours[0].rhPct");
  });

  test("soil-heat-flux: FAO-56 Example 13 (G April 0.33 by eq. 43, 0.28 by eq. 44) and hourly eq. 45/46", async () => {
    const monthly = await post("soil-heat-flux", {
      step: "monthly",
      previousMonthC: 14.1,
      thisMonthC: 16.1,
      nextMonthC: 18.8,
    });
    assert.equal(monthly.statusCode, 200, monthly.body);
    assert.ok(Math.abs(monthly.json().gMJ - 0.33) < 0.005, monthly.body);
    assert.equal(monthly.json().equation, "FAO-56 eq. 43");
    const noNext = await post("soil-heat-flux", { step: "monthly", previousMonthC: 14.1, thisMonthC: 16.1 });
    assert.ok(Math.abs(noNext.json().gMJ - 0.28) < 0.005, noNext.body);
    // Example 19's daytime Rn 1.749 gives G 0.175; its night Rn −0.100 gives −0.050.
    const day = await post("soil-heat-flux", { step: "hourly", rnMJ: 1.749, daytime: true });
    assert.ok(Math.abs(day.json().gMJ - 0.175) < 0.001, day.body);
    const night = await post("soil-heat-flux", { step: "hourly", rnMJ: -0.1, daytime: false });
    assert.ok(Math.abs(night.json().gMJ - -0.05) < 0.001, night.body);
    await expectProblem("soil-heat-flux", { step: "monthly", previousMonthC: 14.1 }, 422, "nextMonthC");
  });

  test("crop-calendar: a 2,700 GDD hybrid planted 31 May needs 2,496 GDD (Nielsen); later planting, later black layer, lower frost odds", async () => {
    const may1 = await post("crop-calendar", { plantingDate: "2026-05-01", gddToBlackLayerF: 2700 });
    const may31 = await post("crop-calendar", { plantingDate: "2026-05-31", gddToBlackLayerF: 2700 });
    assert.equal(may1.statusCode, 200, may1.body);
    assert.equal(may31.statusCode, 200, may31.body);
    const early = may1.json();
    const late = may31.json();
    assert.equal(early.gddToBlackLayerF, 2700);
    assert.equal(late.gddToBlackLayerF, 2496);
    assert.equal(late.reductionGddF, 204);
    assert.deepEqual(
      late.stages.map((s: { code: string }) => s.code),
      ["VE", "V6", "V10", "V14", "VT", "R1", "R2", "R3", "R4", "R5", "R6"],
    );
    assert.equal(late.stages.at(-1).gdd, 2496);
    assert.ok(early.blackLayerDate < late.blackLayerDate, `${early.blackLayerDate} ${late.blackLayerDate}`);
    assert.ok(early.silkingDate < early.blackLayerDate);
    assert.ok(
      early.frost.probabilityBlackLayerBeforeFrost32F > late.frost.probabilityBlackLayerBeforeFrost32F,
      `${early.frost.probabilityBlackLayerBeforeFrost32F} vs ${late.frost.probabilityBlackLayerBeforeFrost32F}`,
    );
    assert.equal(early.frost.medianFrost32F, "2026-10-06");
    await expectProblem(
      "crop-calendar",
      { plantingDate: "2026-05-01", gddToBlackLayerF: 20 },
      400,
      "gddToBlackLayerF",
    );
  });

  test("frost-loss: whole plant killed at full dent loses 41 % (NCH-57): 200 bu/ac × 41 % = 82 bu = $328 at $4", async () => {
    const response = await post("frost-loss", {
      gddSincePlantingF: 2450,
      gddToBlackLayerF: 2700,
      damage: "whole-plant",
      expectedYieldBuPerAcre: 200,
      cornPricePerBu: 4,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().yieldLossPct, 41);
    assert.equal(response.json().yieldLossBuPerAcre, 82);
    assert.equal(response.json().valuePerAcre, 328);
    const leaves = await post("frost-loss", {
      gddSincePlantingF: 2575,
      gddToBlackLayerF: 2700,
      damage: "leaves-only",
      expectedYieldBuPerAcre: 200,
      cornPricePerBu: 4,
    });
    // Half milk line, leaves only: 6 % of 200 = 12 bu = $48.
    assert.equal(leaves.json().yieldLossPct, 6);
    assert.equal(leaves.json().valuePerAcre, 48);
    // Full dent, half the leaves killed: 27 % × 50/100 = 13.5 % of 200 = 27 bu = $108.
    const half = await post("frost-loss", {
      gddSincePlantingF: 2450,
      gddToBlackLayerF: 2700,
      damage: "leaves-only",
      leafLossPct: 50,
      expectedYieldBuPerAcre: 200,
      cornPricePerBu: 4,
    });
    assert.equal(half.json().yieldLossPct, 13.5, half.body);
    assert.equal(half.json().valuePerAcre, 108);
    await expectProblem(
      "frost-loss",
      {
        gddSincePlantingF: 2450,
        gddToBlackLayerF: 2700,
        damage: "whole-plant",
        leafLossPct: 50,
        expectedYieldBuPerAcre: 200,
        cornPricePerBu: 4,
      },
      422,
      "leafLossPct",
    );
    await expectProblem(
      "frost-loss",
      {
        gddSincePlantingF: 2450,
        gddToBlackLayerF: 2700,
        damage: "roots",
        expectedYieldBuPerAcre: 200,
        cornPricePerBu: 4,
      },
      400,
      "damage",
    );
  });

  test("water-balance: daily depletion and an irrigation when RAW would be passed", async () => {
    // TAW 200 mm; mid-season Kc 1.2, ET0 5 -> ETc 6/day, p 0.51, RAW 102. Start at Dr 90: after 2 days 102,
    // forecast day 1 would end at 108 > RAW -> irrigate 102 + 6 = 108 mm net, 108/0.85 = 127.1 mm gross.
    const response = await post("water-balance", {
      ...cornField,
      ...dryTwoDays,
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.tawMm, 200);
    assert.ok(Math.abs(body.depletionMm - 102) < 1e-9, String(body.depletionMm));
    assert.equal(body.days[0].kc, 1.2);
    assert.deepEqual(body.schedule[0], { date: "2026-07-12", netMm: 108, grossMm: 127.1 });
    assert.equal(body.forecast.length, 7);
  });

  test("water-balance with a system: passes of at most its maximum depth instead of one 127 mm refill", async () => {
    // As above, Dr 102 on 11 July, ETc 6/day (RAW 102). Pivot: 12.7 mm/day gross at 0.85 = 10.795 net, passes of
    // 12.7-25.4 mm, MAD 0.5 × 200 = 100 mm. Net capacity beats ETc, so the ceiling is MAD every day.
    // 12 Jul: 108 > 100 → pass 1 (25.4 gross, two days): 102 + 6 − 10.795 = 97.205; 13 Jul: 92.41.
    // 14 Jul: 98.41, no pass. 15 Jul: 104.41 > 100 → pass 2: 93.615; 16 Jul: 88.82. 17 Jul: 94.82.
    // 18 Jul: 100.82 > 100 → pass 3: 90.025. Each pass 25.4 mm gross, 21.59 net, 1 in × $8 pumping = $8/acre.
    const response = await post("water-balance", {
      ...cornField,
      ...dryTwoDays,
      irrigationSystem: {
        kind: "center_pivot",
        capacityMmPerDay: 12.7,
        efficiency: 0.85,
        minDepthMm: 12.7,
        maxDepthMm: 25.4,
        madFraction: 0.5,
        pumpingCostPerAcreInch: 8,
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    const plan = response.json().irrigationPlan;
    assert.equal(plan.madMm, 100);
    assert.deepEqual(
      plan.passes.map((p: { startDate: string; endDate: string }) => [p.startDate, p.endDate]),
      [
        ["2026-07-12", "2026-07-13"],
        ["2026-07-15", "2026-07-16"],
        ["2026-07-18", "2026-07-19"],
      ],
    );
    for (const pass of plan.passes) {
      assert.ok(Math.abs(pass.grossMm - 25.4) < 1e-9);
      assert.ok(Math.abs(pass.netMm - 21.59) < 1e-9);
      assert.ok(Math.abs(pass.pumpingCostPerAcre - 8) < 1e-9);
    }
    assert.equal(plan.cannotKeepUpFrom, null);
    await expectProblem(
      "water-balance",
      {
        ...cornField,
        days: [{ date: "2026-07-10", et0Mm: 5 }],
        irrigationSystem: { kind: "center_pivot", capacityMmPerDay: 7, capacityGpmPerAcre: 5 },
      },
      400,
      "irrigationSystem.capacityGpmPerAcre",
    );
  });

  test("water-balance: a windy, dry climate raises Kc mid by eq. 62 (u2 3, RHmin 30: 1.20 + 0.10 × (2/3)^0.3)", async () => {
    const response = await post("water-balance", {
      ...cornField,
      climate: { u2Ms: 3, rhMinPct: 30 },
      days: [{ date: "2026-07-10", et0Mm: 5 }],
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.ok(Math.abs(response.json().kc.mid - 1.28855) < 1e-4, String(response.json().kc.mid));
    assert.ok(Math.abs(response.json().days[0].kc - 1.28855) < 1e-4);
  });

  test("water-balance: crop parameters (Kc, height, p) and a growing root zone (hand calculation)", async () => {
    // Kc mid 1.0, ET0 5 -> ETc 5; p = 0.50 + 0.04 × (5 − 5) = 0.50. Roots 0.5 m then 0.6 m over 200 mm/m:
    // TAW 100 then 120, RAW 50 then 60; depletion 5 then 10. Eq. 62 with u2 3, RHmin 30, h 1 m:
    // 1.0 + (0.04 × 1 + 0.004 × 15) × (1/3)^0.3 = 1.0 + 0.10 × 0.71922 = 1.0719.
    const base = {
      ...cornField,
      crop: { kcMid: 1.0, kcEnd: 0.35, heightM: 1, depletionFractionP: 0.5 },
      days: [
        { date: "2026-07-10", et0Mm: 5, rootDepthM: 0.5 },
        { date: "2026-07-11", et0Mm: 5, rootDepthM: 0.6 },
      ],
    };
    const response = await post("water-balance", base);
    assert.equal(response.statusCode, 200, response.body);
    const r = response.json();
    assert.deepEqual(r.kc, { ini: 0.3, mid: 1.0, end: 0.35 });
    assert.deepEqual(
      r.days.map((d: { rawMm: number; depletionMm: number; p: number }) => [d.rawMm, d.depletionMm]),
      [
        [50, 5],
        [60, 10],
      ],
    );
    assert.equal(r.tawMm, 120);
    const windy = await post("water-balance", { ...base, climate: { u2Ms: 3, rhMinPct: 30 } });
    assert.ok(Math.abs(windy.json().kc.mid - 1.0719) < 0.0001, windy.body);
    assert.equal(windy.json().kc.end, 0.35, "eq. 62 leaves Kc end below 0.45 alone");
    await expectProblem(
      "water-balance",
      { ...base, days: [{ date: "2026-07-10", et0Mm: 5, rootDepthM: 1.5 }] },
      422,
      "days",
    );
  });

  test("water-balance: the refill-first percolation convention beside eq. 88 (hand calculation)", async () => {
    // Dr 30, rain 40, mid-season ETc 6. Eq. 88: DP = 40 − 6 − 30 = 4, Dr 0. Refill-first: DP = 40 − 30 = 10,
    // then ETc is taken from the full profile: Dr 6.
    const wet = {
      ...cornField,
      initialDepletionMm: 30,
      days: [{ date: "2026-07-10", et0Mm: 5, rainMm: 40 }],
    };
    const eq88 = (await post("water-balance", wet)).json();
    assert.ok(Math.abs(eq88.days[0].deepPercolationMm - 4) < 1e-9, JSON.stringify(eq88.days[0]));
    assert.ok(Math.abs(eq88.depletionMm) < 1e-9);
    const response = await post("water-balance", { ...wet, percolation: "refill-first" });
    assert.equal(response.statusCode, 200, response.body);
    assert.ok(Math.abs(response.json().days[0].deepPercolationMm - 10) < 1e-9, response.body);
    assert.ok(Math.abs(response.json().depletionMm - 6) < 1e-9);
    await expectProblem("water-balance", { ...wet, percolation: "table" }, 400, "percolation");
  });

  test("water-balance: stages out of order, or depletion beyond TAW, are refused naming the field", async () => {
    const valid = {
      ...cornField,
      days: [{ date: "2026-07-10", et0Mm: 5 }],
    };
    await expectProblem(
      "water-balance",
      { ...valid, stages: { ...cornField.stages, midSeasonStart: "2026-05-20" } },
      422,
      "stages.midSeasonStart",
    );
    await expectProblem("water-balance", { ...valid, initialDepletionMm: 250 }, 422, "initialDepletionMm");
    await expectProblem("water-balance", { ...valid, soil: { awcMmPerM: 200 } }, 400, "soil.rootDepthM");
  });

  test("calculators need a login", async () => {
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/calc/gdd",
      payload: { unit: "F", days: [] },
    });
    assert.equal(response.statusCode, 401);
  });
  test("water-balance, dual coefficient: a soaked surface evaporates at Kc max, then dries in two stages (hand calculation)", async () => {
    // Initial stage: Kcb 0.15 (FAO-56 Table 17), Kc max 1.20 (eq. 72, standard climate), fc 0 (eq. 76: Kcb =
    // Kc min), so few = fw = 1. TEW 20, REW 8, the surface soaked (De 0). ET0 5 mm a day, no rain:
    // day 1: Kr 1, Ke = 1.20 − 0.15 = 1.05, E = 5.25, De 5.25; day 2: De 5.25 ≤ REW, Kr 1, E 5.25, De 10.5;
    // day 3: Kr = (20 − 10.5)/(20 − 8) = 0.791667, Ke = 0.83125, E = 4.15625, De 14.65625.
    // Root zone (eq. 80, Ks 1): ETc = (0.15 + Ke) × 5 = 6, 6, 4.90625 -> Dr 16.90625; single Kc 0.30: 4.5.
    const days = [
      { date: "2026-05-05", et0Mm: 5 },
      { date: "2026-05-06", et0Mm: 5 },
      { date: "2026-05-07", et0Mm: 5 },
    ];
    const dual = await post("water-balance", {
      ...cornField,
      days,
      kcMethod: "dual",
      evaporation: { tewMm: 20, rewMm: 8 },
    });
    assert.equal(dual.statusCode, 200, dual.body);
    const body = dual.json();
    assert.equal(body.method, "dual");
    assert.deepEqual(body.kc, { ini: 0.15, mid: 1.15, end: 0.5 });
    const expected = [
      { ke: 1.05, kr: 1, evaporationMm: 5.25, surfaceDepletionMm: 5.25, depletionMm: 6 },
      { ke: 1.05, kr: 1, evaporationMm: 5.25, surfaceDepletionMm: 10.5, depletionMm: 12 },
      {
        ke: 0.83125,
        kr: 9.5 / 12,
        evaporationMm: 4.15625,
        surfaceDepletionMm: 14.65625,
        depletionMm: 16.90625,
      },
    ];
    body.days.forEach((day: Record<string, number>, i: number) => {
      for (const [key, value] of Object.entries(expected[i]!))
        assert.ok(Math.abs(day[key]! - value) < 1e-9, `day ${i + 1} ${key}: ${day[key]} is not ${value}`);
      assert.ok(Math.abs(day.kc! - (0.15 + expected[i]!.ke)) < 1e-9);
      assert.equal(day.kcb, 0.15);
    });
    const single = await post("water-balance", { ...cornField, days });
    assert.equal(single.json().method, "single");
    assert.ok(Math.abs(single.json().depletionMm - 4.5) < 1e-9, single.body);
  });

  test("water-balance, dual coefficient: the surface layer is required and checked, naming the field", async () => {
    const days = [{ date: "2026-05-05", et0Mm: 5 }];
    await expectProblem("water-balance", { ...cornField, days, kcMethod: "dual" }, 422, "evaporation");
    await expectProblem(
      "water-balance",
      { ...cornField, days, kcMethod: "dual", evaporation: { tewMm: 10, rewMm: 12 } },
      422,
      "evaporation.rewMm",
    );
    await expectProblem(
      "water-balance",
      { ...cornField, days, kcMethod: "dual", evaporation: { tewMm: 20, rewMm: 8, initialDepletionMm: 25 } },
      422,
      "evaporation.initialDepletionMm",
    );
  });
});
