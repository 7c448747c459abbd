/**
 * The ingest service against a real Mosquitto over TLS, with the broker logins it writes from the database:
 * the API's readings formats, LoRaWAN uplinks with device status, dead letters with reasons, and a revoked
 * gateway credential refused by the broker.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { DEAD_LETTER_TOPIC_ROOT, type DeadLetter } from "@unicorn/contracts";
import { mosquittoPasswordHash } from "@unicorn/credentials";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import mqtt, { type MqttClient } from "mqtt";
import { freePort } from "../../api/test/harness";
import { loadIngestMqttConfig } from "../src/config";
import { type RunningIngestMqtt, startIngestMqtt } from "../src/server";
import { type RunningMosquitto, startMosquitto } from "./support/mosquitto";
import { type SeededFarm, seedFarm, seedGateway } from "./support/seed";

const SERVICE_PASSWORD = "ingest-test-password-2";
const GATEWAY_PASSWORD = "gateway-test-password-2";
const EUI = "a84041000181c061";

let db: TestDatabase;
let broker: RunningMosquitto;
let service: RunningIngestMqtt;
let farm: SeededFarm;
let gatewayId: string;
let deviceId: string;
let gateway: MqttClient;
let healthUrl: string;
const deadLetters: DeadLetter[] = [];

const tlsUrl = () => `mqtts://localhost:${broker.tlsPort}`;

before(async () => {
  db = await createTestDatabase();
  farm = await seedFarm(db.pool, "Ingest farm");
  ({ gatewayId, deviceId } = await seedGateway(
    db.pool,
    farm,
    { eui: EUI, decoder: "dragino-lht65", kinds: ["air_temperature", "relative_humidity"] },
    GATEWAY_PASSWORD,
  ));
  broker = await startMosquitto({ port: await freePort(), tlsPort: await freePort() });
  writeFileSync(broker.passwordFile, `unicorn-ingest:${mosquittoPasswordHash(SERVICE_PASSWORD, 1_000)}\n`);
  broker.reload();
  const port = await freePort();
  const config = loadIngestMqttConfig({
    DATABASE_URL: db.url,
    UNICORN_MODE: "test",
    UNICORN_MQTT_URL: tlsUrl(),
    UNICORN_MQTT_CA_FILE: broker.caFile,
    UNICORN_MQTT_PASSWORD: SERVICE_PASSWORD,
    UNICORN_MQTT_CLIENT_ID: "ingest-suite",
    UNICORN_MQTT_PASSWORD_FILE: broker.passwordFile,
    UNICORN_MQTT_ACL_FILE: broker.aclFile,
    UNICORN_MQTT_BROKER_PID_FILE: broker.pidFile,
    HOST: "127.0.0.1",
    PORT: String(port),
  });
  healthUrl = `http://127.0.0.1:${port}`;
  service = await startIngestMqtt(
    config,
    createLogger({ service: "ingest-mqtt", level: process.env.TEST_LOG_LEVEL ?? "silent" }),
  );
  gateway = await connectGateway(GATEWAY_PASSWORD);
  await gateway.subscribeAsync(
    `${DEAD_LETTER_TOPIC_ROOT}/unicorn/${farm.organizationId}/gateways/${gatewayId}/#`,
    { qos: 1 },
  );
  gateway.on("message", (_topic, payload) => deadLetters.push(JSON.parse(payload.toString()) as DeadLetter));
});

after(async () => {
  await gateway?.endAsync();
  await service?.stop();
  await broker?.stop();
  await db?.drop();
});

function connectGateway(password: string, clientId = `gateway-${Math.random()}`): Promise<MqttClient> {
  return mqtt.connectAsync(tlsUrl(), {
    protocolVersion: 5,
    clientId,
    username: gatewayId,
    password,
    ca: broker.caFile ? [readFileSync(broker.caFile)] : undefined,
    reconnectPeriod: 0,
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readingsOf = async (sensorId: string) =>
  (
    await db.pool.query<{ time: Date; value: number }>(
      "SELECT time, value FROM readings WHERE sensor_id = $1 ORDER BY time",
      [sensorId],
    )
  ).rows.map((row) => ({ time: row.time.toISOString(), value: row.value }));

const gatewayTopic = (rest: string) => `unicorn/${farm.organizationId}/gateways/${gatewayId}/${rest}`;

test("readings in the API's JSON, NDJSON and CSV formats on the gateway topic are stored", async () => {
  const soil = farm.sensors.soil_moisture;
  await gateway.publishAsync(
    gatewayTopic("readings"),
    JSON.stringify([{ sensorId: soil, time: "2026-06-15T10:00:00Z", value: 31.5 }]),
    { qos: 1 },
  );
  await gateway.publishAsync(
    gatewayTopic("readings"),
    `{"sensorId":"${soil}","time":"2026-06-15T11:00:00Z","value":31.2}\n{"sensorId":"${soil}","time":"2026-06-15T12:00:00Z","value":30.9}\n`,
    { qos: 1 },
  );
  await gateway.publishAsync(
    gatewayTopic("readings"),
    `sensor_id,time,value\n${soil},2026-06-15T13:00:00Z,30.4\n`,
    {
      qos: 1,
    },
  );
  const rows = await waitFor(async () => {
    const found = await readingsOf(soil);
    return found.length >= 4 ? found : undefined;
  }, "four soil readings");
  assert.deepEqual(rows, [
    { time: "2026-06-15T10:00:00.000Z", value: 31.5 },
    { time: "2026-06-15T11:00:00.000Z", value: 31.2 },
    { time: "2026-06-15T12:00:00.000Z", value: 30.9 },
    { time: "2026-06-15T13:00:00.000Z", value: 30.4 },
  ]);
});

test("a ChirpStack uplink becomes readings through the device's decoder, and the device keeps battery and signal", async () => {
  const uplink = {
    time: "2026-06-15T14:03:11.507Z",
    deviceInfo: { devEui: EUI.toUpperCase(), deviceName: "lht65" },
    object: { BatV: 3.043, TempC_SHT: 24.58, Hum_SHT: 61.2 },
    rxInfo: [{ gatewayId: "0016c001f153a14c", rssi: -92, snr: 8.5 }],
  };
  await gateway.publishAsync(
    gatewayTopic(`application/7d1a/device/${EUI}/event/up`),
    JSON.stringify(uplink),
    { qos: 1 },
  );
  // Redelivered (the broker resends after a lost PUBACK): stored once.
  await gateway.publishAsync(
    gatewayTopic(`application/7d1a/device/${EUI}/event/up`),
    JSON.stringify(uplink),
    { qos: 1 },
  );
  const temperature = await waitFor(async () => {
    const found = await readingsOf(farm.sensors.air_temperature);
    return found.length > 0 ? found : undefined;
  }, "the uplink's temperature");
  assert.deepEqual(temperature, [{ time: "2026-06-15T14:03:11.507Z", value: 24.58 }]);
  assert.deepEqual(await readingsOf(farm.sensors.relative_humidity), [
    { time: "2026-06-15T14:03:11.507Z", value: 61.2 },
  ]);
  // The device's status is written just after the readings' commit: wait for it too.
  const status = await waitFor(async () => {
    const found = await db.pool.query(
      `SELECT last_message_at, battery_volts, rssi_dbm, snr_db FROM gateway_devices WHERE id = $1`,
      [deviceId],
    );
    return found.rows[0]?.last_message_at ? found.rows[0] : undefined;
  }, "the device's status");
  assert.deepEqual(status, {
    last_message_at: new Date("2026-06-15T14:03:11.507Z"),
    battery_volts: 3.043,
    rssi_dbm: -92,
    snr_db: 8.5,
  });
});

test("bad messages go to the dead-letter topic with the reason; the good readings of a message are kept", async () => {
  deadLetters.length = 0;
  await gateway.publishAsync(gatewayTopic("readings"), "not json, not csv", { qos: 1 });
  await gateway.publishAsync(
    gatewayTopic(`application/7d1a/device/ffffffffffffffff/event/up`),
    JSON.stringify({ time: "2026-06-15T14:00:00Z", object: { TempC_SHT: 20 } }),
    { qos: 1 },
  );
  await gateway.publishAsync(
    gatewayTopic("readings"),
    JSON.stringify([
      { sensorId: farm.sensors.soil_moisture, time: "2026-06-16T10:00:00Z", value: 28 },
      { sensorId: farm.sensors.soil_moisture, time: "2026-06-16T11:00:00Z", value: 140 },
    ]),
    { qos: 1 },
  );
  await waitFor(async () => (deadLetters.length >= 3 ? true : undefined), "three dead letters");
  const byTopic = (suffix: string) => deadLetters.find((letter) => letter.topic.endsWith(suffix));
  assert.match(deadLetters[0]!.reason, /CSV|time column/);
  assert.equal(Buffer.from(deadLetters[0]!.payloadBase64, "base64").toString(), "not json, not csv");
  assert.match(byTopic("ffffffffffffffff/event/up")!.reason, /device ffffffffffffffff is not provisioned/);
  const partial = deadLetters[2]!;
  assert.equal(partial.reason, "1 of 2 readings refused");
  assert.equal(partial.errors[0]!.index, 1);
  assert.equal(partial.errors[0]!.field, "value");
  assert.deepEqual((await readingsOf(farm.sensors.soil_moisture)).at(-1), {
    time: "2026-06-16T10:00:00.000Z",
    value: 28,
  });
  const metrics = await (await fetch(`${healthUrl}/metrics`)).text();
  assert.match(metrics, /unicorn_mqtt_messages_total\{outcome="dead_letter",service="ingest-mqtt"\} 3/);
});

test("a gateway may not publish into another organization's topics", async () => {
  const other = "00000000-0000-4000-8000-000000000000";
  // MQTT 5: the broker answers the refused publish with reason code 135, "not authorized".
  await assert.rejects(
    gateway.publishAsync(`unicorn/${other}/gateways/${gatewayId}/readings`, "[]", { qos: 1 }),
    (error: Error & { code?: number }) => error.code === 135,
  );
});

test("a revoked credential is refused by the broker; health reports the broker connection", async () => {
  const health = await (await fetch(`${healthUrl}/readyz`)).json();
  assert.deepEqual(health, { status: "ok", broker: true });
  await db.pool.query("UPDATE gateways SET password_hash = NULL WHERE id = $1", [gatewayId]);
  const refused = await waitFor(async () => {
    try {
      const client = await connectGateway(GATEWAY_PASSWORD);
      await client.endAsync();
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }, "the broker to refuse the revoked gateway");
  assert.match(refused.message, /Not authorized|Bad User Name or Password/i);
});
