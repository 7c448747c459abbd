/**
 * Messages per second through MQTT into PostgreSQL (a gateway publishing at QoS 1 to a real Mosquitto, the
 * ingest service storing and acknowledging each after commit) against the same messages POSTed to the HTTP
 * ingest endpoint, in the same run. Each message is one gateway flush of BENCH_READINGS_PER_MESSAGE readings.
 *
 *   npm run bench:mqtt      (BENCH_MESSAGES, BENCH_READINGS_PER_MESSAGE, BENCH_CLIENTS to change the load)
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { mosquittoPasswordHash, randomSecret } from "@unicorn/credentials";
import { ensureReadingPartitions } from "@unicorn/db";
import mqtt from "mqtt";
import { startMosquitto } from "../../apps/ingest-mqtt/test/support/mosquitto";
import { BENCH_BOUNDARY, withBenchOrganization } from "../support/bench-setup";
import { formatRate, freePort, startApiProcess, startBenchDatabase } from "../support/bench-stack";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
const PER_MESSAGE = Number(process.env.BENCH_READINGS_PER_MESSAGE ?? 50);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SENSORS = 50;
const TARGET = 0.5;

/** One message's readings: every sensor once per minute, minutes counting on from `startMs`. */
function messages(sensorIds: string[], startMs: number): string[] {
  const bodies: string[] = [];
  for (let m = 0; m < MESSAGES; m++) {
    const readings = [];
    for (let r = 0; r < PER_MESSAGE; r++) {
      const i = m * PER_MESSAGE + r;
      readings.push({
        sensorId: sensorIds[i % SENSORS]!,
        time: new Date(startMs + Math.floor(i / SENSORS) * 60_000).toISOString(),
        value: Math.round(Math.random() * 4000) / 100,
      });
    }
    bodies.push(JSON.stringify(readings));
  }
  return bodies;
}

async function main(): Promise<void> {
  const stack = await startBenchDatabase();
  const { pool } = stack;
  const { organizationId, gatewayId, gatewayPassword, sensorIds, apiKey } = await withBenchOrganization(
    pool,
    stack.databaseUrl,
    async (admin) => {
      const farm = await admin.post<{ id: string }>("/farms", { name: "Bench farm" });
      const field = await admin.post<{ id: string }>("/fields", {
        farmId: farm.id,
        name: "Bench field",
        boundary: BENCH_BOUNDARY,
      });
      const ids: string[] = [];
      for (let i = 0; i < SENSORS; i++)
        ids.push(
          (
            await admin.post<{ id: string }>("/sensors", {
              fieldId: field.id,
              name: `s${i}`,
              kind: "soil_moisture",
            })
          ).id,
        );
      const key = await admin.post<{ key: string }>("/api-keys", { name: "bench", role: "device" });
      const created = await admin.post<{ gateway: { id: string }; credential: { password: string } }>(
        "/gateways",
        {
          name: "bench gateway",
        },
      );
      const org = await pool.query<{ id: string }>(
        "SELECT organization_id AS id FROM gateways WHERE id = $1",
        [created.gateway.id],
      );
      return {
        organizationId: org.rows[0]!.id,
        gatewayId: created.gateway.id,
        gatewayPassword: created.credential.password,
        sensorIds: ids,
        apiKey: key.key,
      };
    },
  );
  // Same shape of messages for both paths, in different months so neither sees the other's rows.
  const httpBodies = messages(sensorIds, Date.UTC(2026, 0, 1));
  const mqttBodies = messages(sensorIds, Date.UTC(2026, 3, 1));
  const warmUp = messages(sensorIds, Date.UTC(2026, 6, 1)).slice(0, 20);
  await ensureReadingPartitions(
    pool,
    [Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1), Date.UTC(2026, 6, 1)].map((ms) => new Date(ms)),
    new Set(),
  );

  const broker = await startMosquitto({ port: await freePort() });
  const servicePassword = randomSecret(24);
  writeFileSync(broker.passwordFile, `unicorn-ingest:${mosquittoPasswordHash(servicePassword, 1_000)}\n`);
  broker.reload();
  const api = await startApiProcess(stack.databaseUrl);
  const service = spawn(
    process.execPath,
    ["--import", "tsx", resolve(import.meta.dirname, "../../apps/ingest-mqtt/src/main.ts")],
    {
      env: {
        ...process.env,
        DATABASE_URL: stack.databaseUrl,
        UNICORN_MQTT_URL: `mqtt://127.0.0.1:${broker.port}`,
        UNICORN_MQTT_PASSWORD: servicePassword,
        UNICORN_MQTT_CLIENT_ID: "bench-ingest",
        UNICORN_MQTT_PASSWORD_FILE: broker.passwordFile,
        UNICORN_MQTT_ACL_FILE: broker.aclFile,
        UNICORN_MQTT_BROKER_PID_FILE: broker.pidFile,
        HOST: "127.0.0.1",
        PORT: String(await freePort()),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const stored = async (fromMs: number, toMs: number) =>
    (
      await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM readings WHERE time >= $1 AND time < $2",
        [new Date(fromMs), new Date(toMs)],
      )
    ).rows[0]!.n;
  try {
    const postAll = async (bodies: string[]) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < bodies.length) {
            const response = await fetch(`${api.base}/api/v1/readings`, {
              method: "POST",
              headers: { "content-type": "application/json", "x-api-key": apiKey },
              body: bodies[next++]!,
            });
            if (response.status !== 200)
              throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            await response.arrayBuffer();
          }
        }),
      );
    };
    await postAll(warmUp);
    const httpStart = performance.now();
    await postAll(httpBodies);
    const httpSeconds = (performance.now() - httpStart) / 1000;

    // The gateway's login reaches the broker once the service has written it.
    let gateway: mqtt.MqttClient | undefined;
    for (let attempt = 0; !gateway && attempt < 100; attempt++) {
      gateway = await mqtt
        .connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
          protocolVersion: 5,
          clientId: "bench-gateway",
          username: gatewayId,
          password: gatewayPassword,
          reconnectPeriod: 0,
        })
        .catch(async () => {
          await new Promise((done) => setTimeout(done, 200));
          return undefined;
        });
    }
    if (!gateway) throw new Error("the gateway could not log in to the broker");
    const topic = `unicorn/${organizationId}/gateways/${gatewayId}/readings`;
    await Promise.all(
      warmUp.map((body) => gateway.publishAsync(topic, body.replaceAll("2026-07", "2026-08"), { qos: 1 })),
    );
    const expected = MESSAGES * PER_MESSAGE;
    const mqttStart = performance.now();
    await Promise.all(mqttBodies.map((body) => gateway.publishAsync(topic, body, { qos: 1 })));
    const window = [Date.UTC(2026, 3, 1), Date.UTC(2026, 5, 1)] as const;
    const deadline = Date.now() + 600_000;
    while ((await stored(...window)) < expected) {
      if (Date.now() > deadline) throw new Error("MQTT ingestion did not finish in 10 minutes");
      await new Promise((done) => setTimeout(done, 20));
    }
    const mqttSeconds = (performance.now() - mqttStart) / 1000;
    await gateway.endAsync();

    const httpRate = MESSAGES / httpSeconds;
    const mqttRate = MESSAGES / mqttSeconds;
    console.log(
      `bench/mqtt: ${MESSAGES.toLocaleString("en-US")} messages of ${PER_MESSAGE} readings; HTTP with ${CLIENTS} clients, MQTT QoS 1 from one gateway`,
    );
    console.log(
      `  HTTP POST /api/v1/readings   ${formatRate(httpRate)} messages   (${httpSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  MQTT → ingest-mqtt → commit  ${formatRate(mqttRate)} messages   (${mqttSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  ratio MQTT / HTTP            ${(mqttRate / httpRate).toFixed(2)}   (target ≥ ${TARGET.toFixed(2)})`,
    );
    console.log(`  readings stored via MQTT     ${(await stored(...window)).toLocaleString("en-US")}`);
  } finally {
    service.kill("SIGTERM");
    api.stop();
    await broker.stop();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
