/**
 * Per-field agronomy from the field's own data. The weather is built so results can be worked by hand:
 * every local day has Tmax 30 °C (86 °F) and Tmin 15.5556 °C (60 °F): (86 + 60)/2 − 50 = 23 GDD.
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

const PLANTING = "2026-05-01";
const FROST_DAY = "2026-05-20"; // Tmin −1 °C: that day counts (86 + 50)/2 − 50 = 18 GDD
const HEAT_DAY = "2026-06-28"; // Tmax 36 °C, clamped to 86 °F for GDD
const LAST_DAY = "2026-07-01";

describe("GET /fields/{id}/agronomy and alerts from daily weather", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;
  let fieldId: string;

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Agro");
    other = await h.createOrganization("Elsewhere");
    const post = poster(h, org.tokens.admin);
    const farm = await post("/api/v1/farms", { name: "Home", timezone: "America/Chicago", latitudeDeg: 42 });
    const field = await post("/api/v1/fields", {
      farmId: farm.id,
      name: "North",
      boundary: squareBoundary(),
    });
    fieldId = field.id;
    await post("/api/v1/seasons", {
      fieldId,
      year: 2026,
      hybrid: "P1185",
      gddToBlackLayerF: 2700,
      plantingDate: PLANTING,
      previousCrop: "corn",
    });
    await post("/api/v1/field-events", {
      fieldId,
      kind: "fertilizer_n",
      date: "2026-04-25",
      nitrogenLbPerAcre: 60,
    });
    await post("/api/v1/field-events", { fieldId, kind: "irrigation", date: "2026-06-20", irrigationMm: 25 });
    const sensor = await post("/api/v1/sensors", { fieldId, name: "air", kind: "air_temperature" });

    // Local midnight in Chicago (CDT) is 05:00Z; the day's peak at 15:00 local.
    const readings = localDays(PLANTING, LAST_DAY).flatMap((date) =>
      Array.from({ length: 24 }, (_, hour) => {
        let value = hour === 15 ? 30 : 15.5556;
        if (date === FROST_DAY && hour === 5) value = -1;
        if (date === HEAT_DAY && hour === 15) value = 36;
        return {
          sensorId: sensor.id,
          time: new Date(Date.parse(`${date}T05:00:00Z`) + hour * 3_600_000).toISOString(),
          value,
        };
      }),
    );
    const ingest = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: bearer(org.tokens.agronomist),
      payload: readings,
    });
    assert.equal(ingest.statusCode, 200, ingest.body);
  });
  after(() => h.close());

  const summary = (query = "") =>
    h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/agronomy?asOf=${LAST_DAY}${query}`,
      headers: bearer(org.tokens.viewer),
    });

  test("GDD since planting and the stage: 61 days × 23 + 18 = 1,421 GDD, silking (R1 at 1,400) reached on 1 July", async () => {
    const response = await summary();
    assert.equal(response.statusCode, 200, response.body);
    const { gdd, season } = response.json();
    assert.equal(season.plantingDate, PLANTING);
    assert.ok(Math.abs(gdd.sincePlanting - 1421) < 0.1, String(gdd.sincePlanting));
    assert.equal(gdd.stage.code, "R1");
    // 19 days × 23 = 437, +18 = 455 on 20 May, then 945 more at 23/day: 42 days -> 1 July.
    assert.equal(gdd.projected.silkingDate, LAST_DAY);
    assert.ok(gdd.projected.blackLayerDate > LAST_DAY, gdd.projected.blackLayerDate);
    assert.match(gdd.projected.basis, /normals/);
    assert.equal(gdd.thresholds.find((t: { code: string }) => t.code === "R6").gdd, 2700);
  });

  test("nitrogen after corn at a 0.10 price ratio: EONR 181 (Iowa MRTN), 60 lb applied, 121 remaining", async () => {
    const { nitrogen } = (await summary("&nitrogenPricePerLb=0.5&cornPricePerBu=5")).json();
    assert.equal(nitrogen.previousCrop, "corn");
    assert.equal(nitrogen.eonrLbPerAcre, 181);
    assert.equal(nitrogen.appliedLbPerAcre, 60);
    assert.equal(nitrogen.remainingLbPerAcre, 121);
    // 121 lb × $0.50 = $60.50.
    assert.equal(nitrogen.costStillToApplyPerAcre, 60.5);
    assert.equal(nitrogen.soilNitrateTest, null);
  });

  test("ET and the water balance come from the field's weather, soil and irrigations", async () => {
    const { et, waterBalance } = (await summary()).json();
    // Default soil: 200 mm/m × 1.0 m.
    assert.equal(waterBalance.tawMm, 200);
    assert.equal(waterBalance.days.length, 30);
    assert.equal(waterBalance.days.find((d: { date: string }) => d.date === "2026-06-20").irrigationMm, 25);
    assert.ok(et.et0Mm > 0 && et.et0Mm < 12, JSON.stringify(et));
    // On 1 July (silking) the maize Kc has reached its mid-season value 1.20.
    assert.equal(et.kc, 1.2);
    assert.ok(["ok", "watch", "stress"].includes(waterBalance.status));
    for (const event of waterBalance.schedule) assert.ok(event.grossMm >= event.netMm);
  });

  test("frost after emergence and heat at silking are raised once each; what still needs someone reaches the live stream", async () => {
    const before = await h.db.pool.query("SELECT max(id) AS id FROM stream_events");
    await h.api.alertScheduler.flush();
    const alerts = await h.app.inject({
      method: "GET",
      url: `/api/v1/alerts?fieldId=${fieldId}`,
      headers: bearer(org.tokens.viewer),
    });
    const rows = alerts.json().items as {
      id: string;
      ruleId: string;
      eventDate: string;
      severity: string;
      status: string;
      resolvedReason: string | null;
    }[];
    const frost = rows.filter((a) => a.ruleId === "frost-after-emergence");
    const heat = rows.filter((a) => a.ruleId === "heat-at-silking");
    assert.deepEqual(
      frost.map((a) => [a.eventDate, a.severity]),
      [[FROST_DAY, "warning"]],
    );
    assert.deepEqual(
      heat.map((a) => [a.eventDate, a.severity]),
      [[HEAT_DAY, "warning"]],
    );
    // Both were one-day events whose action windows (5 and 10 days) ended months before today.
    assert.deepEqual(
      [...frost, ...heat].map((a) => [a.status, a.resolvedReason]),
      [
        ["resolved", "expired: the action window ended on 2026-05-25"],
        ["resolved", "expired: the action window ended on 2026-07-08"],
      ],
    );
    const unresolved = rows.filter((a) => a.status !== "resolved");
    // Every alert that still needs someone was streamed when raised; ones raised already resolved were not.
    const streamed = await h.db.pool.query<{ id: string }>(
      "SELECT payload->>'id' AS id FROM stream_events WHERE kind = 'alert' AND id > $1",
      [before.rows[0].id ?? 0],
    );
    const streamedIds = new Set(streamed.rows.map((r) => r.id));
    for (const alert of unresolved) assert.ok(streamedIds.has(alert.id), `${alert.ruleId} streamed`);
    for (const alert of [...frost, ...heat])
      assert.ok(!streamedIds.has(alert.id), `${alert.ruleId} not streamed`);

    // Evaluating the same weather again raises nothing new.
    h.api.alertScheduler.markChanged([{ organizationId: org.id, fieldId }]);
    await h.api.alertScheduler.flush();
    const again = await h.app.inject({
      method: "GET",
      url: `/api/v1/alerts?fieldId=${fieldId}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(again.json().total, rows.length);
    const { alerts: open } = (await summary()).json();
    assert.equal(open.length, unresolved.length);
  });

  test("another organization gets 404; bad query values are 400 naming the field", async () => {
    const response = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/agronomy`,
      headers: bearer(other.tokens.admin),
    });
    assert.equal(response.statusCode, 404);
    const bad = await summary("&cornPricePerBu=-3");
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, "cornPricePerBu");
  });

  test("a late-spring soil nitrate test event adjusts the N still to apply by the PM 1714 rule", async () => {
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/field-events",
      headers: bearer(org.tokens.admin),
      payload: {
        fieldId,
        kind: "soil_nitrate_test",
        date: "2026-06-05",
        soilNitratePpm: 10,
        samplingStage: "V5",
        wetSpring: true,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().soilNitratePpm, 10);
    const { nitrogen } = (await summary("&nitrogenPricePerLb=0.5&cornPricePerBu=5")).json();
    // Published example: wet spring, critical 21 ppm, (21 − 10) × 8 = 88 lb N/acre to sidedress; $44 at $0.50.
    assert.equal(nitrogen.remainingLbPerAcre, 88);
    assert.equal(nitrogen.costStillToApplyPerAcre, 44);
    assert.equal(nitrogen.eonrLbPerAcre, 181);
    assert.deepEqual(
      [
        nitrogen.soilNitrateTest.date,
        nitrogen.soilNitrateTest.criticalPpm,
        nitrogen.soilNitrateTest.samplingStage,
      ],
      ["2026-06-05", 21, "V5"],
    );
    assert.match(nitrogen.soilNitrateTest.source, /PM 1714/);
    assert.equal(nitrogen.sources.length, 2);
    // Without its ppm the event means nothing: 400 naming the field.
    const missing = await h.app.inject({
      method: "POST",
      url: "/api/v1/field-events",
      headers: bearer(org.tokens.admin),
      payload: { fieldId, kind: "soil_nitrate_test", date: "2026-06-06" },
    });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().field, "soilNitratePpm");
  });
});
