/** The field yield forecast through a real ml service (ONNX Runtime, the shipped model), and without it. */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { type RunningMl, SHIPPED_REGISTRY, startMlServer } from "@unicorn/ml";
import { createLogger } from "@unicorn/observability";
import { countyCovariates } from "../src/forecast/yield-features";
import {
  bearer,
  freePort,
  type Harness,
  squareBoundary,
  startHarness,
  type TestOrganization,
} from "./harness";

const TOKEN = "forecast-test-token-0123456789";
const YEAR = new Date().getUTCFullYear();

describe("field yield forecast", () => {
  let ml: RunningMl;
  let mlPort: number;
  let h: Harness;
  let org: TestOrganization;
  let fieldId: string;
  let noCountyFieldId: string;

  before(async () => {
    mlPort = await freePort();
    ml = await startMlServer(
      {
        host: "127.0.0.1",
        port: mlPort,
        registryDir: SHIPPED_REGISTRY,
        token: TOKEN,
        pollMs: 60_000,
        logLevel: "silent",
      },
      createLogger({ service: "ml", level: "silent" }),
    );
    h = await startHarness({
      env: { ML_URL: `http://127.0.0.1:${mlPort}`, UNICORN_ML_TOKEN: TOKEN, ML_TIMEOUT_MS: "2000" },
    });
    org = await h.createOrganization("Forecast");
    const admin = bearer(org.tokens.admin);
    const post = async (url: string, payload: object) => {
      const response = await h.app.inject({ method: "POST", url, headers: admin, payload });
      assert.ok(response.statusCode < 300, `${url}: ${response.body}`);
      return response.json();
    };
    const farm = await post("/api/v1/farms", { name: "Home", timezone: "America/Chicago" });
    const field = await post("/api/v1/fields", {
      farmId: farm.id,
      name: "Story",
      boundary: squareBoundary(),
      countyFips: "19169",
    });
    fieldId = field.id;
    const other = await post("/api/v1/fields", {
      farmId: farm.id,
      name: "Nowhere",
      boundary: squareBoundary(-93.5),
    });
    noCountyFieldId = other.id;
    for (const id of [fieldId, noCountyFieldId]) {
      await post("/api/v1/seasons", {
        fieldId: id,
        year: YEAR,
        hybrid: "H",
        gddToBlackLayerF: 2700,
        plantingDate: `${YEAR}-05-01`,
      });
    }
    const air = await post("/api/v1/sensors", { fieldId, name: "air", kind: "air_temperature" });
    const rain = await post("/api/v1/sensors", { fieldId, name: "rain", kind: "rain" });
    // 1 April to 30 June: 18 °C at night, 28 °C in the afternoon; 2 mm of rain every day (one hourly reading).
    const readings: { sensorId: string; time: string; value: number }[] = [];
    for (
      let t = Date.parse(`${YEAR}-04-01T05:00:00Z`);
      t < Date.parse(`${YEAR}-07-01T05:00:00Z`);
      t += 3_600_000
    ) {
      const hour = new Date(t).getUTCHours();
      readings.push({ sensorId: air.id, time: new Date(t).toISOString(), value: hour === 20 ? 28 : 18 });
      if (hour === 22) readings.push({ sensorId: rain.id, time: new Date(t).toISOString(), value: 2 });
    }
    const ingest = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: admin,
      payload: readings,
    });
    assert.equal(ingest.statusCode, 200, ingest.body);
  });
  after(async () => {
    await h.close();
    await ml.stop().catch(() => {});
  });

  const forecast = (id = fieldId) =>
    h.app.inject({ method: "GET", url: `/api/v1/fields/${id}/forecast`, headers: bearer(org.tokens.viewer) });

  test("the forecast comes from the model with its interval and version, and is stored", async () => {
    const response = await forecast();
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.status, "ok", response.body);
    const p = body.prediction;
    assert.equal(p.model, "corn-yield");
    assert.equal(p.version, "3.0.0");
    assert.ok(p.p10 <= p.p50 && p.p50 <= p.p90, JSON.stringify(p));
    // Observed 1 April-30 June (91 days), so the forecast is issued on 1 July. Against Story County's normals:
    // rain 2 mm on each of 91 days = 182 mm, minus 91/183 of the Apr-Sep normal; Jun-Aug: 30 × 2 = 60 mm minus
    // 30/92 of its normal; daily mean (28 + 18) / 2 = 23 °C, so 13 °C·day a day: 91 × 13 = 1183 minus 91/183 of
    // the GDD normal; Jun-Aug mean temperature 23 °C, 30/92 of its departure; July not yet observed: 0.
    const story = countyCovariates("19169")!;
    const close = (actual: number, expected: number) =>
      assert.ok(Math.abs(actual - expected) < 0.002, `${actual} vs ${expected}`);
    close(p.features.TP_ANOM, 182 - (91 / 183) * story.TP_NORMAL!);
    close(p.features.BV18_ANOM, 60 - (30 / 92) * story.BV18_NORMAL!);
    close(p.features.GDD_ANOM, 1183 - (91 / 183) * story.GDD_NORMAL!);
    close(p.features.BV10_ANOM, (30 / 92) * (23 - story.BV10_NORMAL!));
    assert.equal(p.features.BV5_ANOM, 0);
    close(p.features.SEASON_SHARE, 91 / 183);
    assert.equal(p.features.observedDays, 91);
    assert.equal(p.features.YEAR, YEAR);
    // HWSD topsoil clay of Story County (apps/ml/data/corn-county), its 11 NASS yields 2008-2018.
    assert.equal(p.features.T_CLAY, 23.029);
    assert.equal(p.features.COUNTY_YEARS, 11);
    const stored = await h.db.pool.query(
      "SELECT model_name, model_version, value, p10, p90 FROM predictions WHERE field_id = $1",
      [fieldId],
    );
    assert.equal(stored.rowCount, 1);
    assert.equal(stored.rows[0].model_version, "3.0.0");
    assert.ok(Math.abs(stored.rows[0].value - p.p50) < 1e-9);
  });

  test("as of a past date: the forecast from the weather known then, not stored; none before planting", async () => {
    const asOf = (date: string) =>
      h.app.inject({
        method: "GET",
        url: `/api/v1/fields/${fieldId}/forecast?asOf=${date}`,
        headers: bearer(org.tokens.viewer),
      });
    const response = await asOf(`${YEAR}-05-31`);
    assert.equal(response.statusCode, 200, response.body);
    const p = response.json().prediction;
    // 1 April-31 May observed: 61 days, 2 mm each = 122 mm, minus 61/183 of the Apr-Sep normal.
    assert.equal(p.features.observedDays, 61, response.body);
    const story = countyCovariates("19169")!;
    assert.ok(Math.abs(p.features.TP_ANOM - (122 - (61 / 183) * story.TP_NORMAL!)) < 0.002);
    const stored = await h.db.pool.query("SELECT 1 FROM predictions WHERE field_id = $1", [fieldId]);
    assert.equal(stored.rowCount, 1, "a past date's forecast is not stored");
    const early = (await asOf(`${YEAR}-04-15`)).json();
    assert.equal(early.status, "unavailable");
    assert.match(early.reason, /not planted by/);
    assert.equal(early.lastPrediction, undefined, "a later forecast is not shown for an earlier date");
  });

  test("a field with recorded harvests gets the model's error on them and a field-level bias correction", async () => {
    const sql = (text: string, values: unknown[]) => h.db.pool.query(text, values);
    // Last year: the forecast kept at R5 said 180 (p10 154.37, p90 205.63: σ 20), the harvest was 200.
    const last = YEAR - 1;
    const season = await sql(
      `INSERT INTO seasons (organization_id, field_id, year, hybrid, gdd_to_black_layer_f)
       VALUES ($1, $2, $3, 'H', 2700) RETURNING id`,
      [org.id, fieldId, last],
    );
    const seasonId = season.rows[0].id;
    await sql(
      `INSERT INTO season_forecast_snapshots (organization_id, season_id, stage_code, made_on, p10, p50, p90, model_version)
       VALUES ($1, $2, 'R1', $3, 150, 170, 190, 'corn-yield@x'), ($1, $2, 'R5', $4, $5, 180, $6, 'corn-yield@x')`,
      [org.id, seasonId, `${last}-07-20`, `${last}-08-25`, 180 - 1.2815515655 * 20, 180 + 1.2815515655 * 20],
    );
    await sql(
      `INSERT INTO field_events (organization_id, field_id, season_id, kind, date, yield_bu_per_acre)
       VALUES ($1, $2, $3, 'harvest', $4, 200)`,
      [org.id, fieldId, seasonId, `${last}-10-15`],
    );
    const body = (await forecast()).json();
    assert.equal(body.status, "ok", JSON.stringify(body));
    const record = body.trackRecord;
    assert.deepEqual(record.seasons, [
      // 180 ∓ 1.2816 × 20 = 154.37 and 205.63.
      {
        year: last,
        yieldBuPerAcre: 200,
        forecastBuPerAcre: 180,
        errorBuPerAcre: 20,
        forecastP10BuPerAcre: 154.37,
        forecastP90BuPerAcre: 205.63,
      },
    ]);
    assert.equal(record.meanErrorBuPerAcre, 20);
    // The prior sd of the bias is the current forecast's σ_now; with one season of σ 20 the bias is
    // 20 · σ_now² / (σ_now² + 400), and the corrected median the forecast's plus that.
    const p = body.prediction;
    const sigmaNow = (p.p90 - p.p10) / (2 * 1.2815515655);
    const bias = (20 * sigmaNow ** 2) / (sigmaNow ** 2 + 400);
    assert.ok(Math.abs(record.correction.biasBuPerAcre - bias) < 0.01, JSON.stringify(record));
    assert.ok(Math.abs(record.correction.p50 - (p.p50 + bias)) < 0.02, JSON.stringify(record));
    assert.ok(
      record.correction.p90 - record.correction.p10 > p.p90 - p.p10,
      "the correction widens the interval",
    );

    // A past date in this season: the same record (last year's harvest was known then), correcting that day's forecast.
    const asOf = (date: string) =>
      h.app
        .inject({
          method: "GET",
          url: `/api/v1/fields/${fieldId}/forecast?asOf=${date}`,
          headers: bearer(org.tokens.viewer),
        })
        .then((r) => r.json());
    const midSeason = await asOf(`${YEAR}-06-15`);
    assert.equal(midSeason.status, "ok", JSON.stringify(midSeason));
    assert.equal(midSeason.trackRecord.seasons[0].errorBuPerAcre, 20);
    assert.equal(midSeason.trackRecord.seasons[0].forecastP10BuPerAcre, 154.37);
    assert.ok(
      Math.abs(midSeason.trackRecord.correction.p50 - midSeason.prediction.p50) > 0,
      JSON.stringify(midSeason),
    );
    // After last year's harvest, off season: the record counts that season and corrects nothing.
    const offSeason = await asOf(`${last}-12-01`);
    assert.equal(offSeason.status, "unavailable", JSON.stringify(offSeason));
    assert.deepEqual(
      offSeason.trackRecord.seasons.map((s: { year: number }) => s.year),
      [last],
    );
    assert.equal(offSeason.trackRecord.correction, null);
    // Before that harvest it was not known.
    const beforeHarvest = await asOf(`${last}-10-01`);
    assert.equal(beforeHarvest.trackRecord, undefined, JSON.stringify(beforeHarvest));
  });

  test("a field without county covariates says why there is no forecast", async () => {
    const body = (await forecast(noCountyFieldId)).json();
    assert.equal(body.status, "unavailable");
    assert.match(body.reason, /county/);
  });

  test("with ml slow or down the answer is 'unavailable' with the last forecast, and the field view still works", async () => {
    // A server that accepts the request and never answers: the API gives up at its timeout.
    const sockets = new Set<import("node:net").Socket>();
    const silent: Server = createServer(() => {});
    silent.on("connection", (socket) => sockets.add(socket));
    const slowPort = await freePort();
    await new Promise<void>((done) => silent.listen(slowPort, "127.0.0.1", done));
    const slow = await startHarness({
      env: { ML_URL: `http://127.0.0.1:${slowPort}`, UNICORN_ML_TOKEN: TOKEN, ML_TIMEOUT_MS: "300" },
    });
    try {
      const slowOrg = await slow.createOrganization("Slow");
      const headers = bearer(slowOrg.tokens.admin);
      const farm = await slow.app.inject({
        method: "POST",
        url: "/api/v1/farms",
        headers,
        payload: { name: "F" },
      });
      const field = await slow.app.inject({
        method: "POST",
        url: "/api/v1/fields",
        headers,
        payload: { farmId: farm.json().id, name: "S", boundary: squareBoundary(), countyFips: "19169" },
      });
      await slow.app.inject({
        method: "POST",
        url: "/api/v1/seasons",
        headers,
        payload: {
          fieldId: field.json().id,
          year: YEAR,
          hybrid: "H",
          gddToBlackLayerF: 2700,
          plantingDate: `${YEAR}-05-01`,
        },
      });
      const air = await slow.app.inject({
        method: "POST",
        url: "/api/v1/sensors",
        headers,
        payload: { fieldId: field.json().id, name: "air", kind: "air_temperature" },
      });
      const readings = Array.from({ length: 24 * 40 }, (_, i) => ({
        sensorId: air.json().id,
        time: new Date(Date.parse(`${YEAR}-04-01T05:00:00Z`) + i * 3_600_000).toISOString(),
        value: 15,
      }));
      await slow.app.inject({ method: "POST", url: "/api/v1/readings", headers, payload: readings });
      const started = Date.now();
      const response = await slow.app.inject({
        method: "GET",
        url: `/api/v1/fields/${field.json().id}/forecast`,
        headers,
      });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().status, "unavailable");
      assert.match(response.json().reason, /did not answer within 300 ms/);
      assert.ok(Date.now() - started < 3_000, "the field view waited too long");
    } finally {
      await slow.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }

    // ml stops: the last stored forecast is offered with the reason.
    await ml.stop();
    await h.db.pool.query("UPDATE predictions SET created_at = now() - interval '1 hour'");
    const down = (await forecast()).json();
    assert.equal(down.status, "unavailable");
    assert.match(down.reason, /not reachable/);
    assert.equal(down.lastPrediction.version, "3.0.0");
    const agronomy = await h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${fieldId}/agronomy`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(agronomy.statusCode, 200);
  });
});
