import assert from "node:assert/strict";
import { test } from "node:test";
import type { FieldTrackRecord } from "@unicorn/contracts";
import {
  correctionSummary,
  differenceWords,
  insideRange,
  MODEL_SCOPE_NOTE,
  outcomeSummary,
  trackRecordSummary,
} from "../src/lib/track-record";
import { unitsFor } from "../src/lib/units";

const us = unitsFor("us");
const metric = unitsFor("metric");

test("a harvest minus a forecast in words, in the user's units", () => {
  assert.equal(differenceWords(8, us), "8 bu/ac more than");
  assert.equal(differenceWords(-3.4, us), "3 bu/ac less than");
  assert.equal(differenceWords(0.3, us), "about what was");
  // 8 bu/ac × 0.0627658 (t/ha per bu/ac, 56 lb bushel) = 0.502 t/ha.
  assert.equal(differenceWords(8, metric), "0.50 t/ha more than");
});

test("inside the 80 % range counts both ends; no range, no verdict", () => {
  assert.equal(insideRange(200, 180, 200), true);
  assert.equal(insideRange(201, 180, 200), false);
  assert.equal(insideRange(200, null, 220), null);
});

const record: FieldTrackRecord = {
  seasons: [
    {
      year: 2024,
      yieldBuPerAcre: 205,
      forecastBuPerAcre: 190,
      errorBuPerAcre: 15,
      forecastP10BuPerAcre: 170,
      forecastP90BuPerAcre: 210,
    },
    {
      year: 2025,
      yieldBuPerAcre: 219,
      forecastBuPerAcre: 210,
      errorBuPerAcre: 9,
      forecastP10BuPerAcre: 190,
      forecastP90BuPerAcre: 215,
    },
  ],
  // (15 + 9) / 2 = 12; √((225 + 81) / 2) = 12.37.
  meanErrorBuPerAcre: 12,
  rmseBuPerAcre: 12.37,
  insideIntervalShare: 0.5,
  correction: { biasBuPerAcre: 10, biasStandardErrorBuPerAcre: 12, p10: 170, p50: 200, p90: 230 },
};

test("the track record in one sentence: the mean difference, the typical miss, how often inside the range", () => {
  assert.equal(
    trackRecordSummary(record, us),
    "Over 2 recorded harvests, this field yielded on average 12 bu/ac more than forecast (a typical miss of 12 bu/ac); the harvest fell inside the forecast's 80 % range in 1 of 2 seasons.",
  );
  const one = {
    ...record,
    seasons: record.seasons.slice(0, 1),
    meanErrorBuPerAcre: -15,
    insideIntervalShare: 0,
  };
  // 15 bu/ac × 0.0627658 = 0.94 t/ha.
  assert.equal(
    trackRecordSummary(one, metric),
    "Over 1 recorded harvest, this field yielded 0.94 t/ha less than forecast; the harvest fell inside the forecast's 80 % range in 0 of 1 season.",
  );
});

test("the correction says how far it moves the forecast, the range before and after, and how sure it is", () => {
  assert.equal(
    correctionSummary(record.correction!, { p10: 165, p50: 190, p90: 215 }, 2, us),
    "Counting this field's 2 recorded harvests moves the forecast up by 10 bu/ac: 190 bu/ac (165–215) becomes 200 bu/ac (170–230). The range is wider because 2 seasons say only so much about the field: the shift itself is uncertain by about ±12 bu/ac.",
  );
  assert.match(
    correctionSummary({ ...record.correction!, p50: 190.2 }, { p10: 165, p50: 190, p90: 215 }, 1, us),
    /leaves the forecast where it was: .* one season says only so much/,
  );
});

test("a harvested season beside its last kept forecast, never a live one", () => {
  const harvest = { yieldBuPerAcre: 212, harvestDate: "2026-10-12" };
  const r6 = {
    stageCode: "R6",
    madeOn: "2026-09-18",
    p10: 180,
    p50: 204,
    p90: 228,
    modelVersion: "corn-yield@3.0.0",
  };
  assert.equal(
    outcomeSummary(harvest, r6, us),
    "Harvested 212 bu/ac on 2026-10-12. The last forecast, at R6 on 2026-09-18, was 204 bu/ac (180–228): the field yielded 8 bu/ac more than forecast, inside its 80 % range.",
  );
  assert.match(outcomeSummary(harvest, undefined, us), /No forecast was kept/);
});

test("the note on a difference names no cause the model card does not support", () => {
  assert.doesNotMatch(MODEL_SCOPE_NOTE, /drought|rain|heat|frost|irrigat|pest|disease|because/i);
  assert.match(MODEL_SCOPE_NOTE, /county/);
});
