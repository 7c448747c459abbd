/**
 * A field's own N response from its harvest events: each strip is a harvest event with the N rate it received.
 * The strips are the SAS/STAT PROC NLIN "Segmented Model" example data scaled ×20 in rate and ×250 in yield
 * (a quadratic-plateau fit is equivariant under scaling), so the published join point 12.7477 becomes 254.95 lb
 * N/acre and the plateau 0.7775 becomes 194.4 bu/acre.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SAS_SEGMENTED_EXAMPLE } from "@unicorn/agronomy";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

describe("GET /fields/{id}/nitrogen/strip-trial", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;
  let fieldId: string;

  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Trials");
    other = await h.createOrganization("Elsewhere");
    const admin = bearer(org.tokens.admin);
    const post = async (url: string, payload: object) => {
      const response = await h.app.inject({ method: "POST", url, headers: admin, payload });
      assert.ok(response.statusCode < 300, `${url}: ${response.body}`);
      return response.json();
    };
    const farm = await post("/api/v1/farms", { name: "Home", timezone: "America/Chicago", latitudeDeg: 42 });
    const field = await post("/api/v1/fields", {
      farmId: farm.id,
      name: "Strips",
      boundary: squareBoundary(),
    });
    fieldId = field.id;
    await post("/api/v1/seasons", {
      fieldId,
      year: 2026,
      hybrid: "P1185",
      gddToBlackLayerF: 2700,
      plantingDate: "2026-05-01",
      previousCrop: "corn",
    });
    for (const [x, y] of SAS_SEGMENTED_EXAMPLE.pairs)
      await post("/api/v1/field-events", {
        fieldId,
        kind: "harvest",
        date: "2026-10-10",
        nitrogenLbPerAcre: x * 20,
        yieldBuPerAcre: y * 250,
      });
    // A harvest without an N rate is not a strip.
    await post("/api/v1/field-events", { fieldId, kind: "harvest", date: "2026-10-11", yieldBuPerAcre: 150 });
  });
  after(() => h.close());

  const get = (query: string, token = org.tokens.viewer, id = fieldId) =>
    h.app.inject({
      method: "GET",
      url: `/api/v1/fields/${id}/nitrogen/strip-trial?${query}`,
      headers: bearer(token),
    });

  test("fits the field's harvest strips: the published join point and plateau, scaled", async () => {
    const response = await get("year=2026&nitrogenPricePerLb=0.5&cornPricePerBu=5");
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.fit.n, 16);
    assert.ok(Math.abs(body.fit.plateauLbPerAcre - 254.95) <= 0.1, String(body.fit.plateauLbPerAcre));
    assert.ok(
      Math.abs(body.fit.plateauYieldBuPerAcre - 194.4) <= 0.1,
      String(body.fit.plateauYieldBuPerAcre),
    );
    // The season says corn after corn: the prior is the published Iowa MRTN 181 at a 0.10 ratio.
    assert.equal(body.priorMrtnLbPerAcre, 181);
    assert.ok(body.fit.eonrCi95LbPerAcre.low <= body.fit.eonrLbPerAcre);
    assert.ok(body.fit.eonrCi95LbPerAcre.high >= body.fit.eonrLbPerAcre);
    assert.ok(body.trialWeight > 0 && body.trialWeight <= 1);
    // The cost is the recommended rate (shown to 0.1 lb) at $0.50/lb.
    assert.ok(Math.abs(body.costAtRecommendedPerAcre - body.recommendedLbPerAcre * 0.5) <= 0.03);
  });

  test("a year without strips is a 422 naming the year; another organization gets 404", async () => {
    const empty = await get("year=2025&nitrogenPricePerLb=0.5&cornPricePerBu=5");
    assert.equal(empty.statusCode, 422);
    assert.equal(empty.json().field, "year");
    const foreign = await get("year=2026&nitrogenPricePerLb=0.5&cornPricePerBu=5", other.tokens.admin);
    assert.equal(foreign.statusCode, 404);
    const bad = await get("year=2026&nitrogenPricePerLb=-1&cornPricePerBu=5");
    assert.equal(bad.statusCode, 400);
  });
});
