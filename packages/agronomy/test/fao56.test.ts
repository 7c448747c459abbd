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
  hourlyReferenceEt0,
  meanSaturationVaporPressure,
  monthlySoilHeatFlux,
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

  test("VPD, net short- and long-wave: es − ea 0.589, Rns 17.00, Rnl 3.71 (eq. 38, 39)", () => {
    near(i.vpdKPa, 0.589, 0.0015, "es − ea");
    near(i.rnsMJ, 17.0, 0.01, "Rns");
    near(i.rnlMJ, 3.71, 0.01, "Rnl");
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

describe("FAO-56 Example 19: hourly ET0 at N'Diaye, Senegal (16°13'N, 16°15'W, 8 m), 1 October", () => {
  // The paper takes Lz = 15° for the local time zone; with it Ra of 14:00-15:00 is its printed 3.543.
  const site = {
    date: "2026-10-01",
    latitudeDeg: 16 + 13 / 60,
    longitudeWestDeg: 16.25,
    timeZoneCenterWestDeg: 15,
    elevationM: 8,
  };
  test("14:00-15:00 (T 38 °C, RH 52 %, u2 3.3 m/s, Rs 2.450): Ra 3.543, Rso 2.658, Rn 1.749, G 0.175, ET0 0.63 mm", () => {
    const r = hourlyReferenceEt0({
      ...site,
      midpointHour: 14.5,
      tempC: 38,
      rhPct: 52,
      u2Ms: 3.3,
      solarRadiationMJ: 2.45,
    });
    const i = r.intermediates;
    near(i.esKPa, 6.625, 0.001, "e°(T)");
    near(i.eaKPa, 3.445, 0.001, "ea");
    near(i.deltaKPaPerC, 0.358, 0.001, "Δ");
    near(i.gammaKPaPerC, 0.0673, 0.0001, "γ");
    near(i.raMJ, 3.543, 0.001, "Ra");
    near(i.rsoMJ, 2.658, 0.001, "Rso");
    near(i.relativeShortwave, 0.92, 0.005, "Rs/Rso");
    near(i.rnsMJ, 1.887, 0.001, "Rns");
    near(i.rnlMJ, 0.137, 0.001, "Rnl");
    near(i.rnMJ, 1.749, 0.001, "Rn");
    near(i.gMJ, 0.175, 0.001, "G (eq. 45)");
    near(r.et0Mm, 0.63, 0.005, "ET0");
  });
  test("02:00-03:00 (T 28 °C, RH 90 %, u2 1.9 m/s, Rs 0, Rs/Rso 0.8): Rnl 0.100, Rn −0.100, G −0.050, ET0 0.0", () => {
    const r = hourlyReferenceEt0({
      ...site,
      midpointHour: 2.5,
      tempC: 28,
      rhPct: 90,
      u2Ms: 1.9,
      solarRadiationMJ: 0,
    });
    const i = r.intermediates;
    near(i.esKPa, 3.78, 0.001, "e°(T)");
    near(i.eaKPa, 3.402, 0.001, "ea");
    near(i.deltaKPaPerC, 0.22, 0.001, "Δ");
    near(i.raMJ, 0, 0, "Ra at night");
    near(i.rnlMJ, 0.1, 0.001, "Rnl");
    near(i.rnMJ, -0.1, 0.001, "Rn");
    near(i.gMJ, -0.05, 0.001, "G (eq. 46)");
    near(r.et0Mm, 0, 0.005, "ET0");
  });
});

describe("FAO-56 Example 13: monthly soil heat flux (eq. 43, 44)", () => {
  test("March 14.1 °C, April 16.1 °C, May 18.8 °C: G(April) = 0.33 by eq. 43 and 0.28 by eq. 44", () => {
    const both = monthlySoilHeatFlux({ previousMonthC: 14.1, thisMonthC: 16.1, nextMonthC: 18.8 });
    assert.equal(both.equation, 43);
    near(both.gMJ, 0.33, 0.005, "eq. 43");
    const noNext = monthlySoilHeatFlux({ previousMonthC: 14.1, thisMonthC: 16.1 });
    assert.equal(noNext.equation, 44);
    near(noNext.gMJ, 0.28, 0.005, "eq. 44");
  });
});
