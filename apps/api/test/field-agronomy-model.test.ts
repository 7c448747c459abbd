/**
 * The field-agronomy model without a database. Weather is built so every expected number can be worked by
 * hand (written out in each test) or is a published value: FAO-56 (Allen et al. 1998) Example 18 and
 * Table 12, the Iowa MRTN guideline rates (Sawyer et al. 2006, ISU PM 2015), the ISU PMR 1009 stage table.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DailyWeather } from "@unicorn/contracts";
import {
  assembleFieldAgronomy,
  assembleSeason,
  nitrogenEconomics,
  type SeasonInputs,
  seasonAlertEvents,
} from "../src/agronomy/field-agronomy.model";
import type { FieldSeason, FieldSite, SeasonEvents } from "../src/agronomy/field-agronomy.repository";
import { REGIONAL_NORMALS_BASIS } from "../src/agronomy/regional-normals";

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual}, expected ${expected} ± ${tolerance}`,
  );

const site: FieldSite = {
  fieldId: "00000000-0000-4000-8000-000000000001",
  organizationId: "00000000-0000-4000-8000-000000000002",
  name: "North",
  latitudeDeg: 42,
  elevationM: 300,
  timeZone: "America/Chicago",
  awcMmPerM: 200,
  rootDepthM: 1,
  soilTexture: "silty clay loam",
};
const season: FieldSeason = {
  id: "00000000-0000-4000-8000-000000000003",
  year: 2026,
  hybrid: "P1185",
  plantingDate: "2026-05-01",
  gddToBlackLayerF: 2700,
  seedingRateThousandPerAcre: 34,
  previousCrop: "soybean",
  closedOn: null,
  blackLayerDate: null,
  gddAtBlackLayerF: null,
};
const noEvents: SeasonEvents = {
  nitrogenAppliedLbPerAcre: 0,
  irrigations: [],
  plantingDate: null,
  harvest: null,
  frosts: [],
};
const prices = { nitrogenPricePerLb: 0.5, cornPricePerBu: 5, seedPricePerThousand: 4.2 };

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function weatherDay(date: string, values: Partial<DailyWeather> = {}): DailyWeather {
  return {
    date,
    tmaxC: 30,
    tminC: 10,
    rhMinPct: null,
    rhMaxPct: null,
    rhMeanPct: null,
    windSpeedMs: null,
    solarRadiationMJ: null,
    rainMm: 0,
    temperatureHours: 24,
    complete: true,
    ...values,
  };
}

/** 30 °C / 10 °C is 86 °F / 50 °F: (86 + 50)/2 − 50 = 18 GDD every day. */
const constantDays = (from: string, to: string) => days(from, to).map((date) => weatherDay(date));

const inputs = (overrides: Partial<SeasonInputs> = {}): SeasonInputs => ({
  site,
  season,
  events: noEvents,
  asOf: "2026-05-10",
  weather: constantDays("2026-05-01", "2026-05-10"),
  history: constantDays("2025-01-01", "2025-12-31"),
  ...overrides,
});

describe("GDD, stage and projected stage dates", () => {
  const model = assembleSeason(inputs())!;

  test("10 days of 18 GDD since planting are 180 GDD: past VE (125), short of V1 (125 + 350/6 = 183.3)", () => {
    assert.equal(model.gdd.days.length, 10);
    assert.equal(model.gdd.total, 180);
    assert.equal(model.gdd.stage.code, "VE");
    assert.equal(model.gdd.missingWeatherDays, 0);
    assert.equal(model.gdd.thresholds.find((s) => s.code === "R1")?.gdd, 1400);
  });

  test("emergence observed on 7 May (7 × 18 = 126 ≥ 125)", () => {
    const ve = model.gdd.projections.find((s) => s.code === "VE")!;
    assert.deepEqual([ve.date, ve.reached], ["2026-05-07", true]);
  });

  test("the field's own normals (18 GDD/day) project R1 on 17 July and R6 on 27 September", () => {
    // R1: 1400 − 180 = 1220 more, ⌈1220/18⌉ = 68 days after 10 May. R6: (2700 − 180)/18 = 140 days.
    const date = (code: string) => model.gdd.projections.find((s) => s.code === code)?.date;
    assert.equal(date("R1"), "2026-07-17");
    assert.equal(date("R6"), "2026-09-27");
    assert.equal(model.gdd.normalsBasis, "the field's own earlier seasons");
  });

  test("FAO-56 stage boundaries from development: V4, R1, R5, R6 (without wind and RH: Table 12 Kc)", () => {
    // V4 = 125 + 350·4/6 = 358.3: 360 on 20 May. R5 2450: ⌈2270/18⌉ = 127 days after 10 May = 14 September.
    assert.deepEqual(model.cropDates, {
      planting: "2026-05-01",
      developmentStart: "2026-05-20",
      midSeasonStart: "2026-07-17",
      lateSeasonStart: "2026-09-14",
      harvest: "2026-09-27",
    });
    assert.deepEqual(model.kc, { ini: 0.3, mid: 1.2, end: 0.6 });
  });

  test("a day without both temperatures adds nothing and is counted missing", () => {
    const weather = constantDays("2026-05-01", "2026-05-10").map((d) =>
      d.date === "2026-05-05" ? { ...d, tmaxC: null } : d,
    );
    const gdd = assembleSeason(inputs({ weather }))!.gdd;
    assert.equal(gdd.missingWeatherDays, 1);
    assert.equal(gdd.days.length, 9);
    assert.equal(gdd.total, 162);
  });

  test("without 300 days of its own history the field's projection rests on the regional normals", () => {
    const model = assembleSeason(inputs({ history: [] }))!;
    assert.equal(model.gdd.normalsBasis, REGIONAL_NORMALS_BASIS);
  });

  test("no model before planting; the planting recorded as an event stands in for the season's", () => {
    assert.equal(assembleSeason(inputs({ asOf: "2026-04-30", weather: [] })), undefined);
    const fromEvent = assembleSeason(
      inputs({
        season: { ...season, plantingDate: null },
        events: { ...noEvents, plantingDate: "2026-05-01" },
      }),
    );
    assert.equal(fromEvent?.plantingDate, "2026-05-01");
    assert.equal(assembleSeason(inputs({ season: { ...season, plantingDate: null } })), undefined);
  });
});

describe("ET and the root-zone balance on FAO-56 Example 18 (Brussels, 6 July)", () => {
  // 50°48'N, 100 m; Tmax 21.5, Tmin 12.3 °C; RHmax 84 %, RHmin 63 %; u2 2.078 m/s; Rs 22.07 MJ/m²: ET0 3.9 mm.
  const brussels: FieldSite = { ...site, latitudeDeg: 50 + 48 / 60, elevationM: 100 };
  const example18 = weatherDay("1998-07-06", {
    tmaxC: 21.5,
    tminC: 12.3,
    rhMaxPct: 84,
    rhMinPct: 63,
    windSpeedMs: 2.078,
    solarRadiationMJ: 22.07,
  });
  const planted = { ...season, year: 1998, plantingDate: "1998-07-06" };
  const oneDay = assembleSeason(
    inputs({ site: brussels, season: planted, asOf: "1998-07-06", weather: [example18], history: [] }),
  )!;

  test("ET0 3.9 mm; initial-stage maize Kc 0.30 (Table 12); ETc = 0.3 × 3.9 = 1.17 mm; Ks 1", () => {
    const today = oneDay.water!.today;
    near(today.et0Mm, 3.9, 0.05, "ET0");
    assert.equal(today.kc, 0.3);
    near(today.etcAdjMm, 1.17, 0.015, "ETc");
    assert.equal(today.ks, 1);
  });

  test("from field capacity the depletion is the day's ETc; TAW 200 mm; p = 0.55 + 0.04 (5 − 1.17) = 0.703", () => {
    const water = oneDay.water!;
    assert.equal(water.tawMm, 200);
    near(water.today.depletionMm, 1.17, 0.015, "Dr");
    near(water.today.p, 0.7032, 0.001, "p");
    near(water.today.rawMm, 140.6, 0.2, "RAW");
    assert.equal(water.status, "ok");
    near(water.forecastEt0Mm, 3.9, 0.05, "expected ET0");
    // Seven more days at about 1.2 mm leave the depletion near 9.4 mm, far below RAW: nothing to irrigate.
    assert.deepEqual(water.plan.passes, []);
  });

  test("a day without temperatures repeats the last ET0; an irrigation refills the root zone", () => {
    const missing = weatherDay("1998-07-07", { tmaxC: null, tminC: null });
    const dry = assembleSeason(
      inputs({
        site: brussels,
        season: planted,
        asOf: "1998-07-07",
        weather: [example18, missing],
        history: [],
      }),
    )!;
    assert.equal(dry.balance.length, 2);
    assert.equal(dry.balance[1]!.et0Mm, dry.balance[0]!.et0Mm);
    near(dry.balance[1]!.depletionMm, 2.34, 0.03, "Dr after two days of 1.17 mm");
    // 25 mm on the second day: Dr = 1.17 − 25 + 1.17 + DP with DP = 25 − 2.34 = 22.66 drained, so Dr = 0.
    const irrigated = assembleSeason(
      inputs({
        site: brussels,
        season: planted,
        asOf: "1998-07-07",
        weather: [example18, missing],
        history: [],
        events: { ...noEvents, irrigations: [{ date: "1998-07-07", mm: 25 }] },
      }),
    )!;
    assert.equal(irrigated.balance[1]!.irrigationMm, 25);
    assert.equal(irrigated.balance[1]!.depletionMm, 0);
    near(irrigated.balance[1]!.deepPercolationMm, 22.66, 0.03, "DP");
  });
});

describe("nitrogen at the requested prices", () => {
  test("a 0.10 price ratio gives the published Iowa MRTN rates: 124 lb N/acre after soybean, 181 after corn", () => {
    const soybean = assembleFieldAgronomy(inputs(), { prices })!.nitrogen;
    assert.equal(soybean.previousCrop, "soybean");
    assert.equal(soybean.priceRatio, 0.1);
    assert.equal(soybean.eonrLbPerAcre, 124);
    const corn = nitrogenEconomics(
      { season: { ...season, previousCrop: "corn" }, events: { ...noEvents, nitrogenAppliedLbPerAcre: 60 } },
      prices,
    );
    assert.deepEqual([corn.previousCrop, corn.eonrLbPerAcre, corn.remainingLbPerAcre], ["corn", 181, 121]);
  });

  test("a previous crop other than corn uses the corn-after-soybean curve", () => {
    const other = nitrogenEconomics(
      { season: { ...season, previousCrop: "other" }, events: noEvents },
      prices,
    );
    assert.deepEqual([other.previousCrop, other.eonrLbPerAcre], ["soybean", 124]);
  });
});

describe("alert rules over the season", () => {
  test("frost counts after emergence (7 May) only: −1 °C on 3 May is ignored, on 9 May it is a warning", () => {
    const weather = constantDays("2026-05-01", "2026-05-10").map((d) =>
      d.date === "2026-05-03" || d.date === "2026-05-09" ? { ...d, tminC: -1 } : d,
    );
    const model = assembleSeason(inputs({ weather }))!;
    // A −1 °C minimum is clamped to 50 °F for GDD, so emergence still falls on 7 May.
    assert.equal(model.gdd.total, 180);
    const frost = seasonAlertEvents(weather, model).filter((a) => a.kind === "frost");
    assert.deepEqual(
      frost.map((a) => [a.eventDate, a.severity]),
      [["2026-05-09", "warning"]],
    );
  });
});

describe("water: data sources, probes and the field's irrigation system", () => {
  const pivot = {
    kind: "center_pivot" as const,
    capacityMmPerDay: 7,
    efficiency: 0.85,
    minDepthMm: 12.7,
    maxDepthMm: 25.4,
    runDays: [0, 1, 2, 3, 4, 5, 6],
    hoursPerDay: 24,
    madFraction: 0.5,
    waterCostPerAcreInch: 0,
    pumpingCostPerAcreInch: 8,
  };

  test("each day says what was measured: temperatures only is an estimated ET0; no gauge is no rain", () => {
    const model = assembleSeason(
      inputs({
        weather: [
          weatherDay("2026-05-01"),
          weatherDay("2026-05-02", {
            rhMaxPct: 90,
            rhMinPct: 40,
            windSpeedMs: 2,
            solarRadiationMJ: 25,
            rainMm: null,
          }),
        ],
        asOf: "2026-05-02",
      }),
    )!;
    assert.deepEqual(
      model.balance.map((d) => d.sources),
      [
        { et0: "estimated", rain: "sensor", depletion: "model" },
        { et0: "sensor", rain: "none", depletion: "model" },
      ],
    );
  });

  test("a probe day ends at the probes' depletion; θFC from FAO-56 Table 19 without a calibration", () => {
    // Silty clay loam: θFC 0.335 (Table 19 mid-range). One probe at 30 cm reading 30.5 % stands for the whole
    // 1 m root zone: 1000 × (0.335 − 0.305) × 1.0 = 30 mm.
    const model = assembleSeason(
      inputs({
        water: { system: pivot, probeDays: [{ date: "2026-05-10", depthCm: 30, volumetricPct: 30.5 }] },
      }),
    )!;
    const today = model.water!.today;
    near(today.probeDepletionMm!, 30, 1e-9, "probe depletion");
    near(today.depletionMm, 30, 1e-9, "anchored depletion");
    assert.equal(today.sources.depletion, "probe");
    assert.equal(model.water!.probes?.fieldCapacitySource, "FAO-56 Table 19 for silty clay loam");
  });

  test("nothing is scheduled once the crop reaches black layer, nor without a system", () => {
    // A 150 GDD "hybrid" reaches R6 within the 10 days of 18 GDD.
    const mature = assembleSeason(
      inputs({ season: { ...season, gddToBlackLayerF: 150 }, water: { system: pivot } }),
    )!;
    assert.equal(mature.gdd.stage.code, "R6");
    assert.equal(mature.water!.noIrrigationReason, "mature");
    assert.deepEqual(mature.water!.plan.passes, []);
    const dryland = assembleSeason(inputs())!;
    assert.equal(dryland.water!.noIrrigationReason, "no_system");
    assert.equal(dryland.water!.madMm, 100);
  });
});
