/**
 * FAO-56 (Allen et al. 1998) worked examples, chapter 3 and 4. Expected values are the paper's printed
 * ones, compared at the precision it prints them.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  actualVaporPressureFromRhExtremes,
  atmosphericPressureKPa,
  clearSkyRadiation,
  dayOfYear,
  hargreavesEt0,
  meanSaturationVaporPressure,
  netLongwaveRadiation,
  psychrometricConstant,
  referenceEt0,
  saturationVaporPressure,
  solarGeometry,
  solarRadiationFromSunshine,
  solarRadiationFromTemperature,
  windSpeedAt2m,
} from "../src/index";

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

describe("FAO-56 sub-steps", () => {
  test("Example 2: atmospheric pressure and γ at 1800 m: P = 81.8 kPa, γ = 0.054 kPa/°C", () => {
    const p = atmosphericPressureKPa(1800);
    near(p, 81.8, 0.05, "P");
    near(psychrometricConstant(p), 0.054, 0.0005, "γ");
  });

  test("Example 3: es for Tmax 24.5 °C and Tmin 15 °C: e°(Tmax) 3.075, e°(Tmin) 1.705, es 2.39 kPa", () => {
    near(saturationVaporPressure(24.5), 3.075, 0.0005, "e°(24.5)");
    near(saturationVaporPressure(15), 1.705, 0.0005, "e°(15)");
    near(meanSaturationVaporPressure(24.5, 15), 2.39, 0.005, "es");
  });

  test("Example 5: ea from RHmax 82 % and RHmin 54 % with Tmin 18 °C, Tmax 25 °C: 1.70 kPa", () => {
    near(actualVaporPressureFromRhExtremes(25, 18, 82, 54), 1.7, 0.005, "ea");
  });

  test("Example 8: Ra on 3 September at 20°S is 32.2 MJ/m²/day (J 246, dr 0.985, δ 0.120, ωs 1.527)", () => {
    const j = dayOfYear("2015-09-03");
    assert.equal(j, 246);
    const g = solarGeometry(-20, j);
    near(g.inverseRelativeDistance, 0.985, 0.0005, "dr");
    near(g.declination, 0.12, 0.0005, "δ");
    near(g.sunsetHourAngle, 1.527, 0.0005, "ωs");
    near(g.extraterrestrialRadiation, 32.2, 0.05, "Ra");
  });

  test("Example 9: daylight hours N on 3 September at 20°S are 11.7 h", () => {
    near(solarGeometry(-20, 246).daylightHours, 11.7, 0.05, "N");
  });

  test("Example 10: Rio de Janeiro (22°54'S) in May, 220 h of sunshine: Rs = 14.5 MJ/m²/day", () => {
    const g = solarGeometry(-(22 + 54 / 60), 135);
    near(g.extraterrestrialRadiation, 25.1, 0.05, "Ra");
    near(
      solarRadiationFromSunshine(220 / 31, g.daylightHours, g.extraterrestrialRadiation),
      14.5,
      0.05,
      "Rs",
    );
  });

  test("Example 11: net longwave radiation in Rio in May (Tmax 25.1, Tmin 19.1, ea 2.1, Rs/Rso 14.5/18.8): 3.5", () => {
    near(netLongwaveRadiation(25.1, 19.1, 2.1, 14.5, 18.8), 3.5, 0.05, "Rnl");
  });

  test("Example 14: wind of 3.2 m/s measured at 10 m is 2.4 m/s at 2 m", () => {
    near(windSpeedAt2m(3.2, 10), 2.4, 0.05, "u2");
  });

  test("Example 15: Rs from temperature in Lyon in July (Tmax 26.6, Tmin 14.8, Ra 40.6, kRs 0.16): 22.3", () => {
    near(solarRadiationFromTemperature(26.6, 14.8, 40.6, 0.16), 22.3, 0.05, "Rs");
  });
});

describe("FAO-56 Example 18: daily ET0 in Brussels, 6 July", () => {
  // 50°48'N, 100 m; Tmax 21.5, Tmin 12.3 °C; RHmax 84 %, RHmin 63 %; wind 10 km/h at 10 m; 9.25 h of sunshine.
  const result = referenceEt0({
    date: "1998-07-06",
    latitudeDeg: 50 + 48 / 60,
    elevationM: 100,
    tmaxC: 21.5,
    tminC: 12.3,
    rhMaxPct: 84,
    rhMinPct: 63,
    windSpeedMs: 10 / 3.6,
    windHeightM: 10,
    sunshineHours: 9.25,
  });
  const i = result.intermediates;

  test("intermediates match the printed values", () => {
    near(i.deltaKPaPerC, 0.122, 0.0005, "Δ");
    near(i.pressureKPa, 100.1, 0.05, "P");
    near(i.gammaKPaPerC, 0.0666, 0.00005, "γ");
    near(i.u2Ms, 2.078, 0.0005, "u2");
    near(i.esKPa, 1.997, 0.0005, "es");
    near(i.eaKPa, 1.409, 0.0005, "ea");
    near(i.raMJ, 41.09, 0.005, "Ra");
    near(i.daylightHours, 16.1, 0.05, "N");
    near(i.rsMJ, 22.07, 0.005, "Rs");
    near(i.rsoMJ, 30.9, 0.005, "Rso");
    near(i.rnMJ, 13.28, 0.01, "Rn");
  });

  test("ET0 = 3.9 mm/day by Penman-Monteith, with no fallback", () => {
    assert.equal(result.method, "penman-monteith");
    near(result.et0Mm, 3.9, 0.05, "ET0");
    assert.deepEqual(result.assumptions, []);
  });
});

describe("FAO-56 fallbacks for missing data", () => {
  const base = { date: "1998-07-06", latitudeDeg: 50.8, elevationM: 100, tmaxC: 21.5, tminC: 12.3 };

  test("temperature only: Tdew = Tmin, Rs by Hargreaves' formula, wind 2 m/s, each named", () => {
    const result = referenceEt0(base);
    assert.equal(result.assumptions.length, 3);
    assert.match(result.assumptions.join("|"), /Tmin/);
    assert.match(result.assumptions.join("|"), /eq\. 50/);
    assert.match(result.assumptions.join("|"), /2 m\/s/);
    near(result.intermediates.eaKPa, saturationVaporPressure(12.3), 1e-12, "ea = e°(Tmin)");
    near(result.intermediates.u2Ms, 2, 0, "u2");
  });

  test("Hargreaves ET0 (eq. 52), independent calculation for Tmax 26.6, Tmin 14.8, Ra 40.6: 5.04 mm", () => {
    // 0.0023 × (20.7 + 17.8) × √11.8 × (0.408 × 40.6) = 0.0023 × 38.5 × 3.4351 × 16.565 = 5.039
    near(hargreavesEt0(26.6, 14.8, 40.6), 5.039, 0.002, "ET0");
  });

  test("clear-sky radiation eq. 37 at sea level is 0.75 Ra", () => {
    near(clearSkyRadiation(40, 0), 30, 1e-12, "Rso");
  });

  test("tmin above tmax is refused", () => {
    assert.throws(() => referenceEt0({ ...base, tminC: 25 }), /tminC/);
  });
});
