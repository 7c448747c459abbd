/**
 * A field's irrigation system and the schedule it can apply, through the API. The fields are built like the
 * demo's Creek Bottom (silty clay loam, AWC 210 mm/m, 1.2 m roots: TAW 252 mm), planted 2 May, with a dry,
 * warm season (Tmax 32 °C, Tmin 18 °C every day, no rain) so the root zone is far past MAD by 20 July.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FieldAgronomyRepository } from "../src/agronomy/field-agronomy.repository";
import { FieldAgronomyService } from "../src/agronomy/field-agronomy.service";
import { AlertsRepository } from "../src/alerts/alerts.repository";
import { IrrigationSystemRepository } from "../src/irrigation/irrigation-system.repository";
import { WeatherRepository } from "../src/weather/weather.repository";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

const PLANTING = "2026-05-02";
const AS_OF = "2026-07-20";
const PROBE_DAY = "2026-07-10";

function localDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
/** Local midnight in Chicago (CDT) is 05:00Z. */
const hourly = (date: string, hour: number) =>
  new Date(Date.parse(`${date}T05:00:00Z`) + hour * 3_600_000).toISOString();

describe("irrigation systems and the schedule they can apply", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;
  let creek: string;
  let probed: string;
  const url = (fieldId: string) => `/api/v1/fields/${fieldId}/irrigation-system`;
  const put = (fieldId: string, payload: object, token = org.tokens.agronomist) =>
    h.app.inject({ method: "PUT", url: url(fieldId), headers: bearer(token), payload });
  const agronomy = (fieldId: string) =>
    h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/agronomy?asOf=${AS_OF}`,
      headers: bearer(org.tokens.viewer),
    });

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Irrigated");
    other = await h.createOrganization("Elsewhere");
    const admin = bearer(org.tokens.admin);
    const post = async (path: string, payload: object) => {
      const response = await h.app.inject({ method: "POST", url: `/api/v1${path}`, headers: admin, payload });
      assert.ok(response.statusCode < 300, `${path}: ${response.body}`);
      return response.json();
    };
    const farm = await post("/farms", { name: "Creek", timezone: "America/Chicago", latitudeDeg: 42.05 });
    const readings: { sensorId: string; time: string; value: number }[] = [];
    const field = async (name: string, lon: number) => {
      const { id } = await post("/fields", {
        farmId: farm.id,
        name,
        boundary: squareBoundary(lon, 42.05),
        elevationM: 296,
        soil: { texture: "silty clay loam (Colo)", awcMmPerM: 210, rootDepthM: 1.2 },
      });
      await post("/seasons", {
        fieldId: id,
        year: 2026,
        hybrid: "DKC62-70",
        gddToBlackLayerF: 2700,
        plantingDate: PLANTING,
        previousCrop: "corn",
      });
      const air = await post("/sensors", { fieldId: id, name: "air", kind: "air_temperature" });
      for (const date of localDays(PLANTING, AS_OF))
        for (let hour = 0; hour < 24; hour++)
          readings.push({ sensorId: air.id, time: hourly(date, hour), value: hour === 15 ? 32 : 18 });
      return id as string;
    };
    creek = await field("Creek Bottom", -93.71);
    probed = await field("Probed", -93.7);
    // Probes at 15 and 45 cm read 30 % and 33 % all day on PROBE_DAY.
    for (const [depthCm, value] of [
      [15, 30],
      [45, 33],
    ] as const) {
      const probe = await post("/sensors", {
        fieldId: probed,
        name: `probe ${depthCm}`,
        kind: "soil_moisture",
        depthCm,
      });
      for (let hour = 0; hour < 24; hour++)
        readings.push({ sensorId: probe.id, time: hourly(PROBE_DAY, hour), value });
    }
    for (let i = 0; i < readings.length; i += 5000) {
      const ingest = await h.app.inject({
        method: "POST",
        url: "/api/v1/readings",
        headers: bearer(org.tokens.agronomist),
        payload: readings.slice(i, i + 5000),
      });
      assert.equal(ingest.statusCode, 200, ingest.body);
    }
  });
  after(() => h.close());

  test("no system recorded: 404, and the schedule says nothing is scheduled", async () => {
    const missing = await h.app.inject({
      method: "GET",
      url: url(creek),
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(missing.statusCode, 404);
    const { waterBalance } = (await agronomy(creek)).json();
    assert.equal(waterBalance.irrigation.systemRecorded, false);
    assert.deepEqual(waterBalance.irrigation.passes, []);
    assert.match(waterBalance.irrigation.message, /No irrigation system is recorded/);
    // MAD without a system: 50 % of TAW 252 = 126 mm = 4.96 in.
    assert.equal(waterBalance.madMm, 126);
    assert.equal(waterBalance.madIn, 4.96);
  });

  test("PUT takes the kind's defaults, converts gpm/acre, and only agronomists and admins write", async () => {
    assert.equal((await put(creek, { kind: "travelling_gun" }, org.tokens.viewer)).statusCode, 403);
    // 5 gpm/acre × 1.347 mm/day per gpm/acre = 6.73 mm/day = 0.265 in/day.
    const response = await put(creek, {
      kind: "travelling_gun",
      capacityGpmPerAcre: 5,
      runDays: ["mon", "sun"],
    });
    assert.equal(response.statusCode, 200, response.body);
    const system = response.json();
    assert.equal(system.capacityMmPerDay, 6.73);
    assert.equal(system.capacityInPerDay, 0.265);
    assert.equal(system.capacityGpmPerAcre, 5);
    // Traveling gun defaults (NRCS NEH 652): 65 % efficiency, 1-2 in per pass.
    assert.equal(system.efficiency, 0.65);
    assert.equal(system.minDepthIn, 1);
    assert.equal(system.maxDepthMm, 50.8);
    assert.deepEqual(system.runDays, ["sun", "mon"]);
    const read = await h.app.inject({ method: "GET", url: url(creek), headers: bearer(org.tokens.viewer) });
    assert.deepEqual(read.json(), system);
  });

  test("bad input is 400 naming the field and changes nothing", async () => {
    const before = (
      await h.app.inject({ method: "GET", url: url(creek), headers: bearer(org.tokens.viewer) })
    ).json();
    const cases: [object, string][] = [
      [{ kind: "center_pivot", capacityMmPerDay: 7, capacityGpmPerAcre: 5 }, "capacityGpmPerAcre"],
      [{ kind: "center_pivot", minDepthMm: 30, maxDepthMm: 20 }, "minDepthMm"],
      [{ kind: "center_pivot", capacityMmPerDay: 0 }, "capacityMmPerDay"],
      [{ kind: "center_pivot", efficiency: 1.5 }, "efficiency"],
      [{ kind: "sprinkler" }, "kind"],
      [{ kind: "drip", runDays: ["monday"] }, "runDays"],
    ];
    for (const [payload, field] of cases) {
      const response = await put(creek, payload);
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
      assert.match(response.headers["content-type"] as string, /problem\+json/);
      assert.match(JSON.stringify(response.json()), new RegExp(field), response.body);
    }
    const after = (
      await h.app.inject({ method: "GET", url: url(creek), headers: bearer(org.tokens.viewer) })
    ).json();
    assert.deepEqual(after, before);
    const foreign = await put(creek, { kind: "drip" }, other.tokens.admin);
    assert.equal(foreign.statusCode, 404);
  });

  test("as of 20 July the schedule is several passes, each within the system's maximum depth", async () => {
    const system = (
      await put(creek, { kind: "center_pivot", maxDepthMm: 25.4, waterCostPerAcreInch: 2 })
    ).json();
    const response = await agronomy(creek);
    assert.equal(response.statusCode, 200, response.body);
    const { waterBalance } = response.json();
    assert.ok(waterBalance.depletionMm > waterBalance.madMm, `dry season: ${waterBalance.depletionMm}`);
    const { passes } = waterBalance.irrigation;
    assert.ok(passes.length >= 2, JSON.stringify(passes));
    assert.equal(passes[0].startDate, "2026-07-21");
    let grossMm = 0;
    for (const pass of passes) {
      assert.ok(pass.grossMm <= system.maxDepthMm, `${pass.grossMm} > ${system.maxDepthMm}`);
      assert.ok(pass.grossMm >= system.minDepthMm);
      assert.ok(Math.abs(pass.grossIn - pass.grossMm / 25.4) < 0.01);
      // Cost: gross inches × ($2 water + $8 pumping default) per acre.
      assert.ok(Math.abs(pass.waterCostPerAcre + pass.pumpingCostPerAcre - pass.grossIn * 10) < 0.06);
      grossMm += pass.startDate <= "2026-07-27" ? pass.grossMm : 0;
    }
    // Nothing beyond what the pivot can pump: 7 days × its gross capacity (plus the last pass's tail).
    assert.ok(grossMm <= 7 * system.capacityMmPerDay + system.maxDepthMm);
    // The budget: 7 observed days then 7 projected, zones against MAD.
    assert.equal(waterBalance.budget.length, 14);
    assert.equal(waterBalance.budget.filter((d: { projected: boolean }) => d.projected).length, 7);
    for (const day of waterBalance.budget)
      assert.equal(
        day.zone,
        day.depletionMm > waterBalance.madMm
          ? "red"
          : day.depletionMm >= 0.8 * waterBalance.madMm
            ? "yellow"
            : "green",
      );
    assert.ok(waterBalance.irrigation.message.length > 0);
    // Every quantity of the sentence is marked (mm and $/acre) and is a substring of it.
    assert.ok(waterBalance.irrigation.messageQuantities.length >= 2, JSON.stringify(waterBalance.irrigation));
    for (const q of waterBalance.irrigation.messageQuantities)
      assert.ok(waterBalance.irrigation.message.includes(q.text), q.text);
    // Today's first action is that plan, by its first pass: never "nothing urgent" while it irrigates.
    const { actions } = response.json().lifecycle.today;
    assert.equal(actions[0], `Irrigate: ${waterBalance.irrigation.message} (by 2026-07-21)`);
    assert.ok(!actions.includes("Nothing urgent today."), JSON.stringify(actions));
  });

  test("a pivot that cannot keep up raises one alert saying what to do and until when; it clears itself", async () => {
    // 3 mm/day gross at 0.85 = 2.55 net against July crop ET of several mm a day, already past MAD on 20 July.
    assert.equal((await put(creek, { kind: "center_pivot", capacityMmPerDay: 3 })).statusCode, 200);
    const service = new FieldAgronomyService(
      new FieldAgronomyRepository(h.db.pool),
      new WeatherRepository(h.db.pool),
      new AlertsRepository(h.db.pool),
      { sensorSilenceMs: 365 * 86_400_000 },
      new IrrigationSystemRepository(h.db.pool),
    );
    const capacityAlerts = async () =>
      (
        await h.db.pool.query(
          `SELECT event_date::text AS "eventDate", ended_on::text AS "endedOn", act_by::text AS "actBy", message,
                  action, resolved_reason AS "resolvedReason"
           FROM alerts WHERE field_id = $1 AND kind = 'irrigation_capacity' ORDER BY event_date`,
          [creek],
        )
      ).rows;
    await service.evaluateAlerts(org.id, creek, AS_OF);
    await service.evaluateAlerts(org.id, creek, "2026-07-21");
    const [alert, ...more] = await capacityAlerts();
    assert.equal(more.length, 0, "one alert, lengthened, not one per day");
    assert.equal(alert.eventDate, AS_OF);
    assert.equal(alert.endedOn, "2026-07-21");
    // 3 × 0.85 = 2.55 mm net (printed 2.5 or 2.6); the crop, stressed (Ks < 1), uses less than that, so the
    // deficit already past MAD is what the pivot cannot refill.
    assert.match(alert.message, /too far depleted for its net capacity of 0\.10 in \(2\.[56] mm\) a day/);
    assert.match(alert.action, /Run it continuously from 2026-07-21 through \d{4}-\d{2}-\d{2}/);
    assert.ok(alert.actBy >= "2026-07-21", alert.actBy);
    assert.equal(alert.resolvedReason, null);
    // Viewed as of 20 July: the alert as it stood that day (not lengthened to 21 July), and a plan that says
    // the depletion is already past MAD rather than that it will pass it.
    const then = (await agronomy(creek)).json();
    assert.deepEqual(
      then.alerts
        .filter((a: { kind: string }) => a.kind === "irrigation_capacity")
        .map((a: { eventDate: string; endedOn: string }) => [a.eventDate, a.endedOn]),
      [[AS_OF, AS_OF]],
    );
    assert.ok(then.waterBalance.depletionMm > then.waterBalance.madMm);
    assert.match(then.waterBalance.irrigation.message, /already past the allowed/);
    // A 200 mm irrigation on 19 July (the weather runs to 20 July) and a pivot big enough for the peak
    // (45 mm/day): the next evaluation resolves it with the reason.
    const irrigated = await h.app.inject({
      method: "POST",
      url: "/api/v1/field-events",
      headers: bearer(org.tokens.agronomist),
      payload: { fieldId: creek, kind: "irrigation", date: "2026-07-19", irrigationMm: 200 },
    });
    assert.equal(irrigated.statusCode, 201, irrigated.body);
    assert.equal(
      (await put(creek, { kind: "center_pivot", capacityMmPerDay: 45, maxDepthMm: 60 })).statusCode,
      200,
    );
    try {
      await service.evaluateAlerts(org.id, creek, "2026-07-22");
      const [cleared] = await capacityAlerts();
      assert.match(
        cleared.resolvedReason ?? "",
        /^cleared: on 2026-07-22 the plan keeps the depletion under/,
      );
    } finally {
      await h.app.inject({
        method: "DELETE",
        url: `/api/v1/field-events/${irrigated.json().id}`,
        headers: bearer(org.tokens.admin),
      });
    }
  });

  test("kind none is a rainfed field: nothing scheduled, and it says so", async () => {
    assert.equal((await put(creek, { kind: "none" })).statusCode, 200);
    const { waterBalance } = (await agronomy(creek)).json();
    assert.equal(waterBalance.irrigation.systemKind, "none");
    assert.deepEqual(waterBalance.irrigation.passes, []);
    assert.match(waterBalance.irrigation.message, /Rainfed/);
    const removed = await h.app.inject({
      method: "DELETE",
      url: url(creek),
      headers: bearer(org.tokens.admin),
    });
    assert.equal(removed.statusCode, 204);
    assert.equal(
      (await h.app.inject({ method: "GET", url: url(creek), headers: bearer(org.tokens.viewer) })).statusCode,
      404,
    );
  });

  test("a probe day re-anchors the balance and keeps the residual", async () => {
    assert.equal((await put(probed, { kind: "center_pivot", probeFieldCapacityPct: 36 })).statusCode, 200);
    const { waterBalance } = (await agronomy(probed)).json();
    const day = waterBalance.days.find((d: { date: string }) => d.date === PROBE_DAY);
    // θFC 0.36; 15 cm probe stands for 0-30 cm, 45 cm for 30-120 cm:
    // 1000 × (0.36 − 0.30) × 0.30 + 1000 × (0.36 − 0.33) × 0.90 = 18 + 27 = 45 mm.
    assert.equal(day.probeDepletionMm, 45);
    assert.equal(day.depletionMm, 45);
    assert.equal(day.sources.depletion, "probe");
    assert.ok(Math.abs(day.residualMm - (day.modelDepletionMm - 45)) < 0.15);
    // The model alone, 69 dry days in, is far drier than the probe says: the residual shows it.
    assert.ok(day.residualMm > 50, String(day.residualMm));
    const next = waterBalance.days.find((d: { date: string }) => d.date === "2026-07-11");
    assert.equal(next.sources.depletion, "model");
    assert.equal(next.residualMm, null);
    assert.equal(next.sources.rain, "none");
    assert.equal(next.sources.et0, "estimated");
    assert.equal(waterBalance.probes.anchoredDays, 1);
    assert.equal(waterBalance.probes.fieldCapacityPct, 36);
    // Ten days of ET after the anchor: today is model-only again, from 45 mm.
    assert.equal(waterBalance.depletionSource, "model");
    assert.ok(waterBalance.depletionMm > 45 && waterBalance.depletionMm < 45 + 10 * 9);
  });
});
