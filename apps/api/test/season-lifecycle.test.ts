/**
 * A season from plan to close, on dates across it, and alerts that resolve themselves. The weather is built to be
 * worked by hand: every local day has Tmax 30 °C (86 °F) and Tmin 15.5556 °C (60 °F): (86 + 60)/2 − 50 = 23 GDD.
 * The two frost nights (Tmin −1 °C, clamped to 50 °F) give (86 + 50)/2 − 50 = 18 GDD, 5 less each. The hybrid is
 * rated 1,500 GDD, so black layer falls on the 66th day (66 × 23 − 10 = 1,508 ≥ 1,500; 65 × 23 − 10 = 1,485):
 * planted 1 May, mature on 5 July.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FieldAgronomyRepository } from "../src/agronomy/field-agronomy.repository";
import { FieldAgronomyService } from "../src/agronomy/field-agronomy.service";
import { AlertsRepository } from "../src/alerts/alerts.repository";
import { WeatherRepository } from "../src/weather/weather.repository";
import {
  bearer,
  type Harness,
  localDays,
  poster,
  squareBoundary,
  startHarness,
  type TestOrganization,
} from "./harness";

const PLANTING = "2026-05-01";
const BLACK_LAYER = "2026-07-05";
const HARVEST = "2026-09-20";
const FROST_DAYS = ["2026-05-20", "2026-05-21"]; // Tmin −1 °C two nights running
const LAST_DAY = "2026-08-31";
const SIDEDRESS = { date: "2026-06-10", lb: 50 };
const SILENCE_MS = 6 * 3_600_000;

interface AlertRow {
  id: string;
  kind: string;
  ruleId: string;
  eventDate: string;
  endedOn: string | null;
  durationDays: number;
  action: string | null;
  actBy: string | null;
  status: string;
  resolvedReason: string | null;
}

describe("season lifecycle and self-resolving alerts", () => {
  let h: Harness;
  let org: TestOrganization;
  let fieldId: string;
  let seasonId: string;
  let sensorId: string;
  let service: FieldAgronomyService;

  before(async () => {
    // The scheduler's own evaluations (as of the real today) stay out of the way: the test evaluates by date.
    h = await startHarness({ env: { UNICORN_ALERT_DEBOUNCE_MS: "3600000" } });
    org = await h.createOrganization("Lifecycle");
    const post = poster(h, org.tokens.admin);
    const farm = await post("/api/v1/farms", { name: "Home", timezone: "America/Chicago", latitudeDeg: 42 });
    fieldId = (await post("/api/v1/fields", { farmId: farm.id, name: "East", boundary: squareBoundary() }))
      .id;
    seasonId = (
      await post("/api/v1/seasons", {
        fieldId,
        year: 2026,
        hybrid: "Early 85",
        gddToBlackLayerF: 1500,
        plantingDate: PLANTING,
        previousCrop: "soybean",
      })
    ).id;
    await post("/api/v1/seasons", {
      fieldId,
      year: 2027,
      hybrid: "P1185",
      gddToBlackLayerF: 2700,
      plantingDate: "2027-05-03",
    });
    await post("/api/v1/field-events", {
      fieldId,
      kind: "harvest",
      date: HARVEST,
      yieldBuPerAcre: 201,
      grainMoisturePct: 17.5,
    });
    await post("/api/v1/field-events", {
      fieldId,
      kind: "fertilizer_n",
      date: SIDEDRESS.date,
      nitrogenLbPerAcre: SIDEDRESS.lb,
    });
    sensorId = (await post("/api/v1/sensors", { fieldId, name: "air", kind: "air_temperature" })).id;
    // Local midnight in Chicago (CDT) is 05:00Z; the day's peak at 15:00 local.
    const readings = localDays(PLANTING, LAST_DAY).flatMap((date) =>
      Array.from({ length: 24 }, (_, hour) => ({
        sensorId,
        time: new Date(Date.parse(`${date}T05:00:00Z`) + hour * 3_600_000).toISOString(),
        value: hour === 15 ? 30 : FROST_DAYS.includes(date) && hour === 5 ? -1 : 15.5556,
      })),
    );
    for (let i = 0; i < readings.length; i += 1000) {
      const ingest = await h.app.inject({
        method: "POST",
        url: "/api/v1/readings",
        headers: bearer(org.tokens.agronomist),
        payload: readings.slice(i, i + 1000),
      });
      assert.equal(ingest.statusCode, 200, ingest.body);
    }
    service = new FieldAgronomyService(
      new FieldAgronomyRepository(h.db.pool),
      new WeatherRepository(h.db.pool),
      new AlertsRepository(h.db.pool),
      { sensorSilenceMs: SILENCE_MS },
    );
  });
  after(() => h.close());

  const agronomy = async (asOf: string, prices = "") => {
    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/agronomy?asOf=${asOf}${prices}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const alerts = async (): Promise<AlertRow[]> => {
    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/alerts?fieldId=${fieldId}&limit=100`,
      headers: bearer(org.tokens.viewer),
    });
    return response.json().items;
  };
  // Evaluating on a date, as the scheduler does each day; "now" is noon UTC of that date.
  const evaluate = (asOf: string, now = new Date(`${asOf}T12:00:00Z`)) =>
    service.evaluateAlerts(org.id, fieldId, asOf, now);

  test("before planting the season is planned: no live advice, next step is to record the planting", async () => {
    const body = await agronomy("2026-04-20");
    assert.equal(body.lifecycle.state, "planned");
    assert.equal(body.lifecycle.year, 2026);
    assert.deepEqual([body.gdd, body.waterBalance, body.nitrogen, body.et], [null, null, null, null]);
    assert.match(body.lifecycle.today.actions.join(" "), /Record the planting/);
  });

  test("growing on 1 June: 32 days × 23 − 10 = 726 GDD, V-stage and the next stage, live advice given", async () => {
    const body = await agronomy("2026-06-01");
    assert.equal(body.lifecycle.state, "growing");
    assert.ok(Math.abs(body.gdd.sincePlanting - 726) < 0.1, String(body.gdd.sincePlanting));
    assert.equal(body.lifecycle.stage.code, body.gdd.stage.code);
    assert.ok(body.lifecycle.nextStage.gddRemaining > 0);
    // Every next stage (a V stage here, not one of the model's own projections) has its projected date.
    assert.ok(body.lifecycle.nextStage.date > "2026-06-01", JSON.stringify(body.lifecycle.nextStage));
    assert.match(body.lifecycle.today.headline, / about \d{4}-\d{2}-\d{2}\.$/);
    assert.ok(body.waterBalance && body.nitrogen && body.et, "live advice while growing");
    assert.match(body.lifecycle.today.headline, /^Growing: /);
  });

  test("mature from black layer on 5 July: GDD stop at 66 × 23 − 10 = 1,508, stage R6, no irrigation or nitrogen", async () => {
    const body = await agronomy("2026-07-20");
    assert.equal(body.lifecycle.state, "mature");
    assert.equal(body.lifecycle.blackLayerDate, BLACK_LAYER);
    assert.ok(Math.abs(body.gdd.sincePlanting - 1508) < 0.1, String(body.gdd.sincePlanting));
    assert.equal(body.gdd.daily.at(-1).date, BLACK_LAYER);
    assert.equal(body.gdd.stage.code, "R6");
    assert.deepEqual([body.waterBalance, body.nitrogen, body.et], [null, null, null]);
    // The same on the last day of weather: nothing keeps adding after maturity.
    assert.equal((await agronomy(LAST_DAY)).gdd.sincePlanting, body.gdd.sincePlanting);
  });

  test("harvested: the outcome beside the forecasts kept at each stage, and next season's plan", async () => {
    await h.db.pool.query(
      `INSERT INTO season_forecast_snapshots (organization_id, season_id, stage_code, made_on, p10, p50, p90, model_version)
       VALUES ($1, $2, 'V10', '2026-06-10', 150, 182, 210, 'corn-yield@1'), ($1, $2, 'R2', '2026-07-01', 165, 190, 214, 'corn-yield@1')`,
      [org.id, seasonId],
    );
    const body = await agronomy("2026-10-01");
    assert.equal(body.lifecycle.state, "harvested");
    const { outcome } = body.lifecycle;
    assert.deepEqual(
      [outcome.harvestDate, outcome.yieldBuPerAcre, outcome.grainMoisturePct, outcome.blackLayerDate],
      [HARVEST, 201, 17.5, BLACK_LAYER],
    );
    assert.ok(Math.abs(outcome.gddAtBlackLayerF - 1508) < 0.1);
    assert.deepEqual(
      outcome.forecastsByStage.map((s: { stageCode: string; p50: number }) => [s.stageCode, s.p50]),
      [
        ["V10", 182],
        ["R2", 190],
      ],
    );
    // 201 harvested − 190 forecast at R2, the last before harvest.
    assert.deepEqual([outcome.lastForecastBuPerAcre, outcome.yieldMinusForecastBuPerAcre], [190, 11]);
    assert.deepEqual(
      [body.lifecycle.nextSeason.year, body.lifecycle.nextSeason.plantingDate],
      [2027, "2027-05-03"],
    );
    assert.deepEqual([body.waterBalance, body.nitrogen, body.et], [null, null, null]);
    assert.doesNotMatch(JSON.stringify(body.lifecycle.today), /Irrigate|still to apply/);
    assert.match(body.lifecycle.today.headline, /201 bu\/ac, harvested on 2026-09-20/);
  });

  test("the forecast endpoint gives no live forecast for a harvested field", async () => {
    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/forecast`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, "unavailable");
    assert.match(response.json().reason, /harvested/);
  });

  test("frost on two nights is one alert with a duration and an act-by date; it expires once that passes", async () => {
    await evaluate("2026-05-22");
    const [frost, ...more] = (await alerts()).filter((a) => a.kind === "frost");
    assert.equal(more.length, 0);
    assert.deepEqual(
      [frost!.eventDate, frost!.endedOn, frost!.durationDays, frost!.actBy, frost!.status],
      ["2026-05-20", "2026-05-21", 2, "2026-05-26", "open"],
    );
    assert.match(frost!.action ?? "", /growing point/);
    // In force on 24 May, not on 27 May.
    assert.equal((await agronomy("2026-05-24")).alerts.length, 1);
    await evaluate("2026-05-27");
    const [expired] = (await alerts()).filter((a) => a.kind === "frost");
    assert.deepEqual(
      [expired!.id, expired!.status, expired!.resolvedReason],
      [frost!.id, "resolved", "expired: the action window ended on 2026-05-26"],
    );
  });

  test("a drought spell is one alert that lengthens day by day, and expires at black layer", async () => {
    await evaluate("2026-06-25");
    const first = (await alerts()).filter((a) => a.kind === "drought_stress");
    assert.equal(first.length, 1, JSON.stringify(first));
    assert.equal(first[0]!.status, "open");
    assert.equal(first[0]!.endedOn, "2026-06-25");
    // No irrigation system is recorded for this field: it is not told to irrigate.
    assert.match(first[0]!.action ?? "", /^No irrigation on this field/);
    await evaluate("2026-06-28");
    const later = (await alerts()).filter((a) => a.kind === "drought_stress");
    assert.deepEqual(
      later.map((a) => [a.id, a.eventDate, a.endedOn, a.durationDays]),
      [[first[0]!.id, first[0]!.eventDate, "2026-06-28", first[0]!.durationDays + 3]],
    );
    await evaluate("2026-07-20");
    const [expired] = (await alerts()).filter((a) => a.kind === "drought_stress");
    assert.equal(expired!.status, "resolved");
    assert.equal(
      expired!.resolvedReason,
      `expired: black layer reached on ${BLACK_LAYER}, the crop is past weather damage to yield`,
    );
    // Viewed as of 26 June, the alert is as it stood that day: open, lasting to that day, its message and
    // duration those of that day, the action standing while the spell lasts.
    const asOf26 = await agronomy("2026-06-26");
    const then = asOf26.alerts.filter((a: AlertRow) => a.kind === "drought_stress");
    const days = (Date.parse("2026-06-26") - Date.parse(first[0]!.eventDate)) / 86_400_000 + 1;
    assert.deepEqual(
      then.map((a: AlertRow & { message: string }) => [
        a.id,
        a.status,
        a.endedOn,
        a.durationDays,
        a.resolvedReason,
        a.message.includes(`to 2026-06-26 (${days} days)`),
      ]),
      [[expired!.id, "open", "2026-06-26", days, null, true]],
    );
    for (const a of asOf26.alerts as AlertRow[]) {
      assert.ok((a.endedOn ?? a.eventDate) <= "2026-06-26", JSON.stringify(a));
    }
    // Nothing after that day is known then: not the harvest, not black layer.
    assert.deepEqual(
      [asOf26.lifecycle.harvestDate, asOf26.lifecycle.blackLayerDate, asOf26.lifecycle.outcome],
      [null, null, null],
    );
    // On the spell's first day (Ks < 0.8 for one day, fewer than the rule's 3) there was no alert yet.
    const firstDay = await agronomy(first[0]!.eventDate);
    assert.deepEqual(
      firstDay.alerts.filter((a: AlertRow) => a.kind === "drought_stress"),
      [],
      `no drought alert on ${first[0]!.eventDate}`,
    );
    // The black layer is kept on the season, which the seasons resource reports.
    const season = await h.app.inject({
      method: "GET",
      url: `/api/v1/seasons/${seasonId}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.deepEqual(
      [season.json().blackLayerDate, season.json().harvestDate, season.json().state],
      [BLACK_LAYER, HARVEST, "harvested"],
    );
  });

  test("nitrogen still to apply on a date counts only the N applied by then", async () => {
    // At a 0.10 price ratio ($0.45/lb N, $4.50/bu) the corn-after-soybean EONR is the Iowa MRTN, 124 lb N/acre
    // (ISU PM 2015): 124 before the 50 lb sidedress of 10 June, 124 − 50 = 74 after it.
    const prices = "&nitrogenPricePerLb=0.45&cornPricePerBu=4.5";
    const before = (await agronomy("2026-06-05", prices)).nitrogen;
    const after = (await agronomy("2026-06-15", prices)).nitrogen;
    assert.deepEqual(
      [before.eonrLbPerAcre, before.appliedLbPerAcre, before.remainingLbPerAcre],
      [124, 0, 124],
    );
    assert.deepEqual([after.eonrLbPerAcre, after.appliedLbPerAcre, after.remainingLbPerAcre], [124, 50, 74]);
  });

  test("a sensor silent for longer than allowed raises its own alert, resolved when it reports again", async () => {
    // The last reading is 31 August 23:00 CDT = 1 September 04:00Z; 2 September noon is 32 h later.
    await evaluate("2026-09-02", new Date("2026-09-02T12:00:00Z"));
    const [silent] = (await alerts()).filter((a) => a.kind === "sensor_silent");
    assert.equal(silent!.status, "open");
    assert.equal(silent!.eventDate, "2026-09-01");
    const ingest = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(org.tokens.agronomist),
      payload: [{ sensorId, time: "2026-09-02T12:30:00Z", value: 20 }],
    });
    assert.equal(ingest.statusCode, 200, ingest.body);
    await evaluate("2026-09-02", new Date("2026-09-02T13:00:00Z"));
    const [back] = (await alerts()).filter((a) => a.kind === "sensor_silent");
    assert.equal(back!.status, "resolved");
    assert.match(back!.resolvedReason ?? "", /reported again/);
  });

  test("closed: an explicit close ends the season; off-season the answer is its outcome, never live advice", async () => {
    const patch = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/seasons/${seasonId}`,
      headers: bearer(org.tokens.admin),
      payload: { closedOn: "2026-11-01" },
    });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal(patch.json().state, "closed");
    await evaluate("2026-12-02");
    const body = await agronomy("2026-12-02");
    assert.equal(body.lifecycle.state, "closed");
    assert.equal(body.lifecycle.outcome.yieldBuPerAcre, 201);
    assert.deepEqual([body.waterBalance, body.nitrogen, body.et], [null, null, null]);
    const open = (await alerts()).filter((a) => a.status !== "resolved" && a.kind !== "sensor_silent");
    assert.deepEqual(open, []);
  });
});
