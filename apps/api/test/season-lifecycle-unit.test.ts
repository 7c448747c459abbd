import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seasonStateOn, todayAdvice, untilBlackLayer } from "../src/agronomy/season-lifecycle";

const dates = {
  plantingDate: "2026-05-01",
  blackLayerDate: "2026-09-10",
  harvestDate: "2026-10-12",
  closedOn: "2026-11-30",
};

describe("season state from its dates", () => {
  test("planned → growing → mature → harvested → closed, each from its own day", () => {
    assert.deepEqual(
      ["2026-04-30", "2026-05-01", "2026-09-09", "2026-09-10", "2026-10-12", "2026-11-29", "2026-11-30"].map(
        (d) => seasonStateOn(dates, d),
      ),
      ["planned", "growing", "growing", "mature", "harvested", "harvested", "closed"],
    );
  });
  test("a harvest recorded before black layer (silage, early frost) is still harvested", () => {
    assert.equal(
      seasonStateOn({ ...dates, blackLayerDate: null, closedOn: null }, "2026-12-02"),
      "harvested",
    );
  });
  test("without a planting date the season stays planned", () => {
    assert.equal(
      seasonStateOn(
        { plantingDate: null, blackLayerDate: null, harvestDate: null, closedOn: null },
        "2026-07-01",
      ),
      "planned",
    );
  });
});

describe("GDD stop at black layer", () => {
  // 100 GDD a day against a 250 rating: the third day reaches it (300 ≥ 250), the fourth is not counted.
  const days = [1, 2, 3, 4].map((n) => ({ date: `2026-06-0${n}`, cumulative: n * 100 }));
  test("the series ends on the day the rating is reached", () => {
    const { days: kept, blackLayer } = untilBlackLayer(days, 250);
    assert.deepEqual(
      kept.map((d) => d.date),
      ["2026-06-01", "2026-06-02", "2026-06-03"],
    );
    assert.deepEqual(blackLayer, { date: "2026-06-03", cumulative: 300 });
  });
  test("not reached: the whole series, no black layer", () => {
    assert.deepEqual(untilBlackLayer(days, 500), { days, blackLayer: null });
  });
});

describe("what to do today", () => {
  const base = {
    year: 2026,
    stage: { code: "R6", name: "physiological maturity (black layer)" },
    nextStage: null,
    blackLayerDate: "2026-09-10",
    harvestDate: "2026-10-12",
    yieldBuPerAcre: 212,
    nextSeason: { year: 2027, plantingDate: "2027-05-02" },
    alertActions: ["Irrigate to refill the root zone"],
  };
  test("off season: the outcome and next season's plan, never an alert's live action", () => {
    const advice = todayAdvice({ ...base, state: "harvested" });
    assert.equal(advice.headline, "Season 2026 harvested: 212 bu/ac, harvested on 2026-10-12.");
    // The yield is marked so a client can print it in t/ha.
    assert.deepEqual(advice.headlineQuantities, [{ kind: "yield", value: 212, text: "212 bu/ac" }]);
    assert.deepEqual(advice.actions, ["Next season 2027: planting 2027-05-02."]);
  });
  test("growing: the stage, the next stage, and the alerts' actions", () => {
    const advice = todayAdvice({
      ...base,
      state: "growing",
      stage: { code: "V10", name: "tenth leaf" },
      nextStage: { code: "VT", name: "tasseling", date: "2026-07-12" },
    });
    assert.equal(advice.headline, "Growing: V10 (tenth leaf). Next: VT (tasseling) about 2026-07-12.");
    assert.deepEqual(advice.actions, ["Irrigate to refill the root zone"]);
  });
  test("mature: harvest when dry, no more inputs", () => {
    assert.match(todayAdvice({ ...base, state: "mature" }).actions.join(" "), /No irrigation or nitrogen/);
  });
});
