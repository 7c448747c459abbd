/**
 * The field's crop calendar from its own weather. Every local day has Tmax 30 °C (86 °F) and Tmin 15.5556 °C
 * (60 °F): (86 + 60)/2 − 50 = 23 GDD; a frost day with Tmin at or below 50 °F counts (86 + 50)/2 − 50 = 18.
 * The hybrid is rated 2,700 GDD and planted 31 May: 30 days after 1 May, so it needs 2,700 − 30 × 6.8 = 2,496
 * GDD (Nielsen et al. 2002) and every stage threshold is scaled by 2,496/2,700 = 0.92444.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  bearer,
  type Harness,
  localDays,
  poster,
  squareBoundary,
  startHarness,
  type TestOrganization,
} from "./harness";

const PLANTING = "2026-05-31";
const LEAF_FROST = "2026-08-20"; // Tmin 0 °C = 32 °F: leaves only
const KILLING_FREEZE = "2026-09-01"; // Tmin −3 °C = 26.6 °F: whole plant
const LAST_DAY = "2026-09-05";

describe("GET /fields/{id}/agronomy: crop calendar and frost losses", () => {
  let h: Harness;
  let org: TestOrganization;
  let fieldId: string;

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Calendar");
    const post = poster(h, org.tokens.admin);
    const farm = await post("/api/v1/farms", { name: "Home", timezone: "America/Chicago", latitudeDeg: 42 });
    const field = await post("/api/v1/fields", { farmId: farm.id, name: "Late", boundary: squareBoundary() });
    fieldId = field.id;
    await post("/api/v1/seasons", {
      fieldId,
      year: 2026,
      hybrid: "P1185",
      gddToBlackLayerF: 2700,
      plantingDate: PLANTING,
      previousCrop: "soybean",
    });
    const sensor = await post("/api/v1/sensors", { fieldId, name: "air", kind: "air_temperature" });
    // Local midnight in Chicago (CDT) is 05:00Z; the day's peak at 15:00 local, its minimum at 05:00.
    const readings = localDays(PLANTING, LAST_DAY).flatMap((date) =>
      Array.from({ length: 24 }, (_, hour) => {
        let value = hour === 15 ? 30 : 15.5556;
        if (date === LEAF_FROST && hour === 5) value = 0;
        if (date === KILLING_FREEZE && hour === 5) value = -3;
        return {
          sensorId: sensor.id,
          time: new Date(Date.parse(`${date}T05:00:00Z`) + hour * 3_600_000).toISOString(),
          value,
        };
      }),
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
  });
  after(() => h.close());

  const summary = (asOf: string) =>
    h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/agronomy?asOf=${asOf}&cornPricePerBu=4`,
      headers: bearer(org.tokens.viewer),
    });

  test("late planting: 2,496 GDD to black layer, stages scaled, R1 at 1,294.2 GDD observed on 26 Jul", async () => {
    const response = await summary(LAST_DAY);
    assert.equal(response.statusCode, 200, response.body);
    const { calendar, gdd } = response.json();
    assert.equal(calendar.ratedGddToBlackLayerF, 2700);
    assert.equal(calendar.gddToBlackLayerF, 2496);
    assert.equal(calendar.daysAfterMay1, 30);
    assert.equal(calendar.stages.find((s: { code: string }) => s.code === "R6").gdd, 2496);
    // R1 = 1,400 × 0.92444 = 1,294.2: 57 days × 23 = 1,311 ≥ 1,294.2 on the 57th day (planting day first) = 26 Jul.
    assert.equal(calendar.silkingDate, "2026-07-26");
    assert.equal(gdd.projected.silkingDate, "2026-07-26");
    assert.equal(gdd.thresholds.find((t: { code: string }) => t.code === "R6").gdd, 2496);
    assert.ok(calendar.frost.probabilityBlackLayerBeforeFrost32F >= 0);
    assert.ok(calendar.frost.probabilityBlackLayerBeforeFrost32F <= 1);
  });

  test("frosts between silking and black layer: leaves only on 20 Aug (R3, ≥ 35 %), killing freeze on 1 Sep (R4, 47.3 %)", async () => {
    const { calendar } = (await summary(LAST_DAY)).json();
    assert.equal(calendar.frostEvents.length, 2, JSON.stringify(calendar.frostEvents));
    const [leaves, killing] = calendar.frostEvents;
    // 20 Aug: 81 days × 23 + 18 = 1,881 GDD; R3 at 1,925 × 0.92444 = 1,779.6, R4 at 2,024.5: before soft dough.
    assert.equal(leaves.date, LEAF_FROST);
    assert.equal(leaves.damage, "leaves-only");
    assert.equal(leaves.gddSincePlantingF, 1881);
    assert.equal(leaves.stage.code, "R3");
    assert.equal(leaves.yieldLossPct, 35);
    assert.equal(leaves.lowerBound, true);
    // 1 Sep: 1,881 + 11 × 23 + 18 = 2,152 GDD; 2,152/2,496 = 0.86218 between R4 (0.81111) and R5 (0.90741):
    // 55 + (0.86218 − 0.81111)/(0.90741 − 0.81111) × (41 − 55) = 47.58 %.
    assert.equal(killing.date, KILLING_FREEZE);
    assert.equal(killing.damage, "whole-plant");
    assert.equal(killing.gddSincePlantingF, 2152);
    assert.equal(killing.stage.code, "R4");
    assert.equal(killing.yieldLossPct, 47.6);
    const expected = calendar.expectedYieldBuPerAcre;
    assert.ok(Math.abs(killing.yieldLossBuPerAcre - expected * 0.4758) < 0.2, JSON.stringify(killing));
    assert.ok(Math.abs(killing.valuePerAcre - killing.yieldLossBuPerAcre * 4) < 0.5, JSON.stringify(killing));
  });

  test("a frost forecast now is priced at today's stage; none once a killing freeze has ended the season", async () => {
    // 25 Aug: 1,881 + 5 × 23 = 1,996 GDD, before soft dough (2,024.5): at least 55 % whole plant, 35 % leaves.
    const before = (await summary("2026-08-25")).json().calendar;
    assert.equal(before.frostToday.stage.code, "R3");
    assert.equal(before.frostToday.wholePlant.yieldLossPct, 55);
    assert.equal(before.frostToday.wholePlant.lowerBound, true);
    assert.equal(before.frostToday.leavesOnly.yieldLossPct, 35);
    assert.equal((await summary(LAST_DAY)).json().calendar.frostToday, null);
  });

  test("a recorded frost says what it killed: 40 % of the leaves on 20 Aug is 40 % of the table's 35 %", async () => {
    const post = (payload: object) =>
      h.app.inject({
        method: "POST",
        url: "/api/v1/field-events",
        headers: bearer(org.tokens.agronomist),
        payload,
      });
    const missing = await post({ fieldId, kind: "frost", date: LEAF_FROST });
    assert.equal(missing.statusCode, 400, missing.body);
    assert.equal(missing.json().field, "frostDamage");
    const contradictory = await post({
      fieldId,
      kind: "frost",
      date: LEAF_FROST,
      frostDamage: "whole-plant",
      leafLossPct: 40,
    });
    assert.equal(contradictory.json().field, "leafLossPct", contradictory.body);
    const created = await post({
      fieldId,
      kind: "frost",
      date: LEAF_FROST,
      frostDamage: "leaves-only",
      leafLossPct: 40,
    });
    assert.equal(created.statusCode, 201, created.body);
    try {
      // The day before the frost it is not known yet.
      const before = (await summary("2026-08-19")).json();
      assert.equal(before.calendar.frostEvents.length, 0);
      assert.equal(before.lifecycle.frostLoss, null);
      // 25 Aug: the recorded frost replaces the weather's reading of 20 Aug: 35 % × 40/100 = 14 % (a lower bound,
      // before soft dough), valued at the expected yield × 0.14 × $4.
      const { calendar, lifecycle } = (await summary("2026-08-25")).json();
      assert.equal(calendar.frostEvents.length, 1, JSON.stringify(calendar.frostEvents));
      const [frost] = calendar.frostEvents;
      assert.equal(frost.recorded, true);
      assert.equal(frost.leafLossPct, 40);
      assert.equal(frost.minTempF, 32);
      assert.equal(frost.yieldLossPct, 14);
      assert.equal(lifecycle.frostLoss.date, LEAF_FROST);
      assert.equal(lifecycle.frostLoss.yieldLossPct, 14);
      assert.ok(
        Math.abs(lifecycle.frostLoss.valuePerAcre - calendar.expectedYieldBuPerAcre * 0.14 * 4) < 0.1,
        JSON.stringify(lifecycle.frostLoss),
      );
    } finally {
      await h.app.inject({
        method: "DELETE",
        url: `/api/v1/field-events/${created.json().id}`,
        headers: bearer(org.tokens.agronomist),
      });
    }
  });

  test("before planting there is no calendar", async () => {
    const response = await summary("2026-05-15");
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().calendar, null);
  });
});
