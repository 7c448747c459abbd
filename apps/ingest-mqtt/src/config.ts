import { hostname } from "node:os";
import { type AcceptedReadingWindow, acceptedReadingWindow } from "@unicorn/api/readings";
import { weakSecretProblem } from "@unicorn/credentials";

export interface IngestMqttConfig {
  databaseUrl: string;
  /** mqtt://host:1883 or mqtts://host:8883 */
  brokerUrl: string;
  username: string;
  password: string | undefined;
  /** CA certificate (PEM file) that signed the broker's TLS certificate, for mqtts://. */
  caFile: string | undefined;
  /**
   * Stable across restarts: the broker keeps this client's persistent session (subscriptions and unacknowledged
   * messages) under it. Each replica needs its own.
   */
  clientId: string;
  /** Replicas share the topics through `$share/<group>/...`; empty subscribes plainly. */
  shareGroup: string;
  /** Written from the database when set: the broker's password and ACL files (see the ADR). */
  passwordFile: string | undefined;
  aclFile: string | undefined;
  /** The broker's pid file on this host: it gets SIGHUP (reload) after the files change. */
  brokerPidFile: string | undefined;
  host: string;
  port: number;
  logLevel: string;
  /** The api's accepted window, from the same settings: older than raw retention is refused here too. */
  readingWindow: AcceptedReadingWindow;
}

export class IngestMqttConfigError extends Error {}

/** Reads and validates the service's configuration once, at start-up. Nothing else reads process.env. */
export function loadIngestMqttConfig(env: NodeJS.ProcessEnv = process.env): IngestMqttConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new IngestMqttConfigError("DATABASE_URL is required");
  const production = env.UNICORN_MODE === "production";
  const password = env.UNICORN_MQTT_PASSWORD || undefined;
  const weak = production ? weakSecretProblem("UNICORN_MQTT_PASSWORD", password) : undefined;
  if (weak) throw new IngestMqttConfigError(weak);
  const brokerUrl = env.UNICORN_MQTT_URL ?? "mqtt://127.0.0.1:1883";
  if (!/^mqtts?:\/\/[^/]+$/.test(brokerUrl))
    throw new IngestMqttConfigError(`UNICORN_MQTT_URL must be mqtt://host:port or mqtts://host:port`);
  if (production && !brokerUrl.startsWith("mqtts://"))
    throw new IngestMqttConfigError("in production UNICORN_MQTT_URL must use TLS (mqtts://)");
  let readingWindow: AcceptedReadingWindow;
  try {
    readingWindow = acceptedReadingWindow(env);
  } catch (error) {
    throw new IngestMqttConfigError((error as Error).message);
  }
  const port = Number(env.PORT ?? 8003);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new IngestMqttConfigError(`invalid port "${env.PORT}"`);
  return {
    databaseUrl,
    brokerUrl,
    username: env.UNICORN_MQTT_USERNAME ?? "unicorn-ingest",
    password,
    caFile: env.UNICORN_MQTT_CA_FILE || undefined,
    clientId: env.UNICORN_MQTT_CLIENT_ID || `unicorn-ingest-${hostname()}`,
    shareGroup: env.UNICORN_MQTT_SHARE_GROUP ?? "ingest",
    passwordFile: env.UNICORN_MQTT_PASSWORD_FILE || undefined,
    aclFile: env.UNICORN_MQTT_ACL_FILE || undefined,
    brokerPidFile: env.UNICORN_MQTT_BROKER_PID_FILE || undefined,
    host: env.HOST ?? "0.0.0.0",
    port,
    logLevel: env.LOG_LEVEL ?? "info",
    readingWindow,
  };
}
