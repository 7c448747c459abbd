import assert from "node:assert/strict";
import { test } from "node:test";
import { loadApiConfig } from "@unicorn/api";
import { IngestMqttConfigError, loadIngestMqttConfig } from "../src/config";

const BASE = { DATABASE_URL: "postgres://127.0.0.1:5432/unicorn" };

test("readings are accepted over the same window as the api's: never further back than raw retention", () => {
  for (const env of [
    {},
    { UNICORN_RAW_RETENTION_DAYS: "30" },
    { UNICORN_RAW_RETENTION_DAYS: "*=90,soil_moisture=400", UNICORN_READINGS_MAX_AHEAD_DAYS: "2" },
    { UNICORN_RAW_RETENTION_DAYS: "400", UNICORN_READINGS_MAX_AGE_DAYS: "100" },
  ]) {
    const mqtt = loadIngestMqttConfig({ ...BASE, ...env }).readingWindow;
    const api = loadApiConfig({ ...BASE, UNICORN_MODE: "test", ...env });
    assert.deepEqual(
      { maxAgeDays: mqtt.maxAgeDays, maxAheadDays: mqtt.maxAheadDays },
      { maxAgeDays: api.readingsMaxAgeDays, maxAheadDays: api.readingsMaxAheadDays },
      JSON.stringify(env),
    );
  }
  // 30 days kept raw: 30 days back; the longest kind's 400 days rules the partitions; an age below it wins.
  assert.equal(
    loadIngestMqttConfig({ ...BASE, UNICORN_RAW_RETENTION_DAYS: "30" }).readingWindow.maxAgeDays,
    30,
  );
  assert.equal(
    loadIngestMqttConfig({ ...BASE, UNICORN_RAW_RETENTION_DAYS: "*=90,soil_moisture=400" }).readingWindow
      .maxAgeDays,
    400,
  );
  assert.equal(
    loadIngestMqttConfig({ ...BASE, UNICORN_RAW_RETENTION_DAYS: "400", UNICORN_READINGS_MAX_AGE_DAYS: "100" })
      .readingWindow.maxAgeDays,
    100,
  );
  // Five years (5 × 366 days) back and 7 days ahead by default.
  assert.deepEqual(
    { ...loadIngestMqttConfig(BASE).readingWindow, rawRetention: undefined },
    { maxAgeDays: 1830, maxAheadDays: 7, rawRetention: undefined },
  );
});

test("a bad retention setting stops the service at start-up, naming the setting", () => {
  assert.throws(
    () => loadIngestMqttConfig({ ...BASE, UNICORN_RAW_RETENTION_DAYS: "soil=10" }),
    (error: Error) =>
      error instanceof IngestMqttConfigError && /UNICORN_RAW_RETENTION_DAYS/.test(error.message),
  );
});
