import { createIngestMetrics, type IngestMetrics } from "@unicorn/api/readings";
import { Counter, Gauge, Histogram, type Registry } from "@unicorn/observability";

export const MESSAGE_OUTCOMES = ["stored", "dead_letter"] as const;

export interface IngestMqttMetrics {
  ingest: IngestMetrics;
  messages: Counter<"outcome">;
  messageSeconds: Histogram;
  /** Tries that failed for a reason that may pass (database unreachable): the message is tried again. */
  retries: Counter;
  connected: Gauge;
}

export function createIngestMqttMetrics(registry: Registry): IngestMqttMetrics {
  const messages = new Counter({
    name: "unicorn_mqtt_messages_total",
    help: "MQTT messages acknowledged to the broker, by outcome (stored, or published as a dead letter)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of MESSAGE_OUTCOMES) messages.inc({ outcome }, 0);
  return {
    messages,
    messageSeconds: new Histogram({
      name: "unicorn_mqtt_message_duration_seconds",
      help: "From receiving an MQTT message to acknowledging it (after commit)",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    retries: new Counter({
      name: "unicorn_mqtt_retries_total",
      help: "Message handling attempts that failed transiently and were retried before acknowledging",
      registers: [registry],
    }),
    connected: new Gauge({
      name: "unicorn_mqtt_connected",
      help: "Broker connections of this replica that are up",
      registers: [registry],
    }),
    // The same series the api's HTTP ingest counts, told apart by the service label.
    ingest: createIngestMetrics(registry),
  };
}
