/** The MQTT ingest service: configuration and start-up, for the entry point, the launcher and tests. */
export { type IngestMqttConfig, IngestMqttConfigError, loadIngestMqttConfig } from "./config";
export { type RunningIngestMqtt, startIngestMqtt } from "./server";
