import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { dailyGdd, nitrogenRecommendation, referenceEt0 } from "../src/index";

const temperature = fc.double({ min: -40, max: 120, noNaN: true });
const runs = { numRuns: 500, seed: 20_261_125 };

test("GDD is never negative, never above 36 °F·day, and never falls when either temperature rises", () => {
  fc.assert(
    fc.property(temperature, temperature, fc.double({ min: 0, max: 30, noNaN: true }), (a, b, rise) => {
      const [tmin, tmax] = a <= b ? [a, b] : [b, a];
      const gdd = dailyGdd(tmax, tmin, "F");
      assert.ok(gdd >= 0 && gdd <= 36);
      assert.ok(dailyGdd(tmax + rise, tmin, "F") >= gdd);
      assert.ok(dailyGdd(tmax + rise, Math.min(tmin + rise, tmax + rise), "F") >= gdd);
    }),
    runs,
  );
});

/**
 * A growing-season day in the domain the method is meant for. Penman-Monteith is radiation-driven when the
 * air is humid and still, where more wind or humidity can nudge ET0 the "wrong" way through the longwave and
 * aerodynamic terms; the wind and humidity properties therefore hold where the air drives evaporation
 * (RHmin ≤ 50 %, wind ≥ 1 m/s; for humidity ≥ 2 m/s: below it, the longwave gain from moister air
 * (eq. 39) nearly cancels the smaller deficit on bright days, a real property of the model).
 */
const weatherDay = fc.record({
  tminC: fc.double({ min: 10, max: 22, noNaN: true }),
  range: fc.double({ min: 8, max: 16, noNaN: true }),
  rhMinPct: fc.double({ min: 20, max: 50, noNaN: true }),
  rhSpread: fc.double({ min: 10, max: 30, noNaN: true }),
  windSpeedMs: fc.double({ min: 1, max: 8, noNaN: true }),
  solarRadiationMJ: fc.double({ min: 5, max: 30, noNaN: true }),
  latitudeDeg: fc.double({ min: 30, max: 48, noNaN: true }),
});
type WeatherDay = {
  [K in
    | "tminC"
    | "range"
    | "rhMinPct"
    | "rhSpread"
    | "windSpeedMs"
    | "solarRadiationMJ"
    | "latitudeDeg"]: number;
};
const et0 = (d: WeatherDay) =>
  referenceEt0({
    date: "2026-07-01",
    latitudeDeg: d.latitudeDeg,
    elevationM: 300,
    tmaxC: d.tminC + d.range,
    tminC: d.tminC,
    rhMinPct: d.rhMinPct,
    rhMaxPct: Math.min(100, d.rhMinPct + d.rhSpread),
    windSpeedMs: d.windSpeedMs,
    solarRadiationMJ: d.solarRadiationMJ,
  }).et0Mm;

test("ET0 rises with solar radiation", () => {
  fc.assert(
    fc.property(weatherDay, fc.double({ min: 0.5, max: 5, noNaN: true }), (day, more) => {
      assert.ok(et0({ ...day, solarRadiationMJ: day.solarRadiationMJ + more }) > et0(day));
    }),
    runs,
  );
});

test("ET0 rises with wind where the air drives evaporation", () => {
  fc.assert(
    fc.property(weatherDay, fc.double({ min: 0.5, max: 3, noNaN: true }), (day, more) => {
      assert.ok(et0({ ...day, windSpeedMs: day.windSpeedMs + more }) > et0(day));
    }),
    runs,
  );
});

test("ET0 falls as humidity rises", () => {
  fc.assert(
    fc.property(weatherDay, fc.double({ min: 1, max: 20, noNaN: true }), (day, more) => {
      const breezy = { ...day, windSpeedMs: Math.max(2, day.windSpeedMs) };
      assert.ok(et0({ ...breezy, rhMinPct: breezy.rhMinPct + more }) < et0(breezy));
    }),
    runs,
  );
});

const concaveResponse = fc.record({
  intercept: fc.double({ min: 50, max: 200, noNaN: true }),
  linear: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
  quadratic: fc.double({ min: -0.005, max: -0.0002, noNaN: true }),
});

test("EONR never exceeds the plateau and falls as the price ratio rises", () => {
  fc.assert(
    fc.property(
      concaveResponse,
      fc.double({ min: 0.02, max: 1.5, noNaN: true }),
      fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      (response, nPrice, extra) => {
        const cheap = nitrogenRecommendation(response, { nitrogenPricePerLb: nPrice, cornPricePerBu: 5 });
        const dear = nitrogenRecommendation(response, {
          nitrogenPricePerLb: nPrice + extra,
          cornPricePerBu: 5,
        });
        assert.ok(cheap.eonrLbPerAcre <= cheap.plateauLbPerAcre + 0.05);
        assert.ok(dear.eonrLbPerAcre <= cheap.eonrLbPerAcre);
        assert.ok(cheap.profitableRangeLbPerAcre.low <= cheap.eonrLbPerAcre);
        assert.ok(cheap.profitableRangeLbPerAcre.high >= cheap.eonrLbPerAcre);
      },
    ),
    runs,
  );
});
