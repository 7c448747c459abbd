/**
 * At-least-once through a real Mosquitto: a gateway publishes N readings at QoS 1 while the ingest service is
 * SIGKILLed mid-stream and restarted; every message the broker acknowledged to the gateway is stored exactly
 * once. Randomized (when the kill lands); the seed is printed and UNICORN_TEST_SEED reproduces it.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { mosquittoPasswordHash } from "@unicorn/credentials";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import mqtt from "mqtt";
import { freePort } from "../../api/test/harness";
import { type RunningMosquitto, startMosquitto } from "./support/mosquitto";
import { type SeededFarm, seedFarm, seedGateway } from "./support/seed";
import { type ServiceProcess, startServiceProcess } from "./support/service-process";

const MESSAGES = 400;
const SERVICE_PASSWORD = "ingest-test-password-1";
const GATEWAY_PASSWORD = "gateway-test-password-1";
const seed = Number(process.env.UNICORN_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

let db: TestDatabase;
let broker: RunningMosquitto;
let farm: SeededFarm;
let gatewayId: string;
const services: ServiceProcess[] = [];

before(async () => {
  console.log(`seed ${seed} (UNICORN_TEST_SEED=${seed} reproduces this run)`);
  db = await createTestDatabase();
  farm = await seedFarm(db.pool, "Kill test farm");
  ({ gatewayId } = await seedGateway(
    db.pool,
    farm,
    { eui: "a84041000181c061", decoder: "dragino-lse01", kinds: ["soil_moisture"] },
    GATEWAY_PASSWORD,
  ));
  broker = await startMosquitto({ port: await freePort() });
  // The service rewrites these from the database at start; until then the broker knows only its login.
  const { writeFileSync } = await import("node:fs");
  writeFileSync(broker.passwordFile, `unicorn-ingest:${mosquittoPasswordHash(SERVICE_PASSWORD, 1_000)}\n`);
  writeFileSync(
    broker.aclFile,
    "user unicorn-ingest\ntopic read unicorn/#\ntopic write unicorn-dead-letters/#\n",
  );
  broker.reload();
});

// Gateways still open when a test fails: a reconnecting client would keep the test process alive for good.
const gateways: mqtt.MqttClient[] = [];

after(async () => {
  for (const gateway of gateways) gateway.end(true);
  for (const service of services) await service.kill("SIGKILL");
  await broker?.stop();
  await db?.drop();
});

async function serviceEnv(): Promise<Record<string, string>> {
  return {
    DATABASE_URL: db.url,
    UNICORN_MQTT_URL: `mqtt://127.0.0.1:${broker.port}`,
    UNICORN_MQTT_PASSWORD: SERVICE_PASSWORD,
    UNICORN_MQTT_CLIENT_ID: "ingest-kill-test",
    UNICORN_MQTT_PASSWORD_FILE: broker.passwordFile,
    UNICORN_MQTT_ACL_FILE: broker.aclFile,
    UNICORN_MQTT_BROKER_PID_FILE: broker.pidFile,
    HOST: "127.0.0.1",
    PORT: String(await freePort()),
  };
}

const storedCount = async () =>
  (
    await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM readings WHERE sensor_id = $1", [
      farm.sensors.soil_moisture,
    ])
  ).rows[0]!.n;

async function waitFor(condition: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("every message the broker acknowledged to the gateway is stored exactly once across a SIGKILL", async () => {
  const first = startServiceProcess(await serviceEnv());
  services.push(first);
  await first.ready;

  const gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
    protocolVersion: 5,
    clientId: "gateway-kill-test",
    username: gatewayId,
    password: GATEWAY_PASSWORD,
    clean: false,
    properties: { sessionExpiryInterval: 3_600 },
  });
  gateways.push(gateway);
  // The kill lands once this many readings are stored, while the gateway keeps publishing.
  const killAt = 50 + (seed % 200);
  const start = Date.UTC(2026, 11, 1, 0, 0, 0);
  const acknowledged = new Set<string>();
  const topic = `unicorn/${farm.organizationId}/${farm.sensors.soil_moisture}/readings`;
  let publishedAtKill = 0;
  let published = 0;
  const killing = (async () => {
    await waitFor(async () => (await storedCount()) >= killAt, 60_000, `${killAt} stored readings`);
    publishedAtKill = published;
    await first.kill("SIGKILL");
  })();
  const publishing: Promise<void>[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const time = new Date(start + i * 60_000).toISOString();
    publishing.push(
      gateway
        .publishAsync(topic, JSON.stringify({ time, value: 20 + (i % 50) / 10 }), { qos: 1 })
        .then(() => {
          acknowledged.add(time);
        }),
    );
    published = i + 1;
    // Paced like a gateway flushing its buffer, so the kill lands mid-stream; on a loaded machine the gateway could
    // finish first, so it holds its remaining messages until the kill, then sends them to the dead service.
    if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 25));
    if (published === killAt + 100) await killing;
  }
  await Promise.all(publishing);
  await killing;
  const storedBeforeRestart = await storedCount();
  assert.ok(storedBeforeRestart < MESSAGES, "the kill landed before every message was stored");
  assert.ok(publishedAtKill < MESSAGES, "the gateway was still publishing when the service died");

  const second = startServiceProcess(await serviceEnv());
  services.push(second);
  await second.ready;
  await waitFor(async () => (await storedCount()) >= acknowledged.size, 60_000, "every acknowledged reading");
  await gateway.endAsync();
  await second.kill("SIGTERM");

  const rows = await db.pool.query<{ time: Date; n: number }>(
    "SELECT time, count(*)::int AS n FROM readings WHERE sensor_id = $1 GROUP BY time",
    [farm.sensors.soil_moisture],
  );
  assert.equal(acknowledged.size, MESSAGES);
  assert.equal(rows.rowCount, acknowledged.size, "one row per acknowledged message, none extra");
  for (const row of rows.rows) {
    assert.equal(row.n, 1);
    assert.ok(acknowledged.has(row.time.toISOString()));
  }
  console.log(
    `killed at ${killAt} stored (${publishedAtKill} published); ${storedBeforeRestart} stored before the restart`,
  );
});
