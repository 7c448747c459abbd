/** A day of hourly FAO-56 ET0 (eq. 53) at a site, shared by the calculator and the field's station endpoint. */
import { atmosphericPressureKPa, hourlyReferenceEt0, psychrometricConstant } from "@unicorn/agronomy";
import type { HourlyEt0Request, HourlyEt0Response } from "@unicorn/contracts";

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export function hourlyEt0OfDay(input: HourlyEt0Request): HourlyEt0Response {
  // FAO-56 writes longitudes in degrees west of Greenwich; a UTC offset of −6 h is a zone centred on 90° W.
  const longitudeWestDeg = -input.longitudeDeg;
  const timeZoneCenterWestDeg = -input.utcOffsetHours * 15;
  const pressure = atmosphericPressureKPa(input.elevationM);
  const hours = [...input.hours]
    .sort((a, b) => a.hour - b.hour)
    .map((h) => {
      const r = hourlyReferenceEt0({
        date: input.date,
        midpointHour: h.hour + 0.5,
        latitudeDeg: input.latitudeDeg,
        longitudeWestDeg,
        timeZoneCenterWestDeg,
        elevationM: input.elevationM,
        tempC: h.tempC,
        rhPct: h.rhPct,
        u2Ms: h.u2Ms,
        solarRadiationMJ: h.solarRadiationMJ,
        nightRelativeShortwave: input.nightRelativeShortwave,
      });
      const i = r.intermediates;
      return {
        hour: h.hour,
        et0Mm: round(r.et0Mm),
        daytime: i.daytime,
        raMJ: round(i.raMJ),
        rsoMJ: round(i.rsoMJ),
        rnsMJ: round(i.rnsMJ),
        rnlMJ: round(i.rnlMJ),
        rnMJ: round(i.rnMJ),
        gMJ: round(i.gMJ),
        esKPa: round(i.esKPa),
        eaKPa: round(i.eaKPa),
        vpdKPa: round(i.vpdKPa),
        deltaKPaPerC: round(i.deltaKPaPerC, 4),
      };
    });
  return {
    method: "FAO-56 eq. 53 (hourly Penman-Monteith)",
    pressureKPa: round(pressure, 2),
    gammaKPaPerC: round(psychrometricConstant(pressure), 4),
    hours,
    totalEt0Mm: round(
      hours.reduce((sum, h) => sum + h.et0Mm, 0),
      2,
    ),
    hoursMissing: 24 - hours.length,
  };
}
