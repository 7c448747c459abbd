import { readFileSync } from "node:fs";
import { DEAD_LETTER_TOPIC_ROOT, type DeadLetter } from "@unicorn/contracts";
import type { Logger } from "@unicorn/observability";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import type { IngestMqttConfig } from "./config";
import type { MessageHandler } from "./message-handler";
import type { IngestMqttMetrics } from "./metrics";
import { SUBSCRIPTIONS } from "./topics";

// PUBACK reason codes (MQTT 5, 3.4.2.1): success; "unspecified error" is never sent, a failed message is
// simply not acknowledged, so the broker redelivers it.
const PUBACK_SUCCESS = 0;
const MAX_RETRY_DELAY_MS = 10_000;

const firstConnect = (client: MqttClient) =>
  new Promise<void>((resolve) => (client.connected ? resolve() : client.once("connect", () => resolve())));

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Reads gateway messages at least once: QoS 1 on a persistent session (clean start off, session kept for ever),
 * each message acknowledged only after its readings are committed or its dead letter was accepted by the broker.
 * A message that fails for a reason that may pass is retried in place (the session holds the rest back) and
 * never acknowledged before it succeeds; a crash leaves it unacknowledged and the broker sends it again.
 */
export class MqttConsumer {
  private subscriber: MqttClient | undefined;
  private deadLetters: MqttClient | undefined;
  private stopping = false;

  constructor(
    private readonly config: IngestMqttConfig,
    private readonly handler: MessageHandler,
    private readonly metrics: IngestMqttMetrics,
    private readonly logger: Logger,
  ) {}

  get connected(): boolean {
    return Boolean(this.subscriber?.connected && this.deadLetters?.connected);
  }

  async start(): Promise<void> {
    // Dead letters go out on their own connection: the subscriber's incoming packets (the dead letter's PUBACK
    // among them) are handled one at a time, after the message being handled now is acknowledged.
    this.deadLetters = mqtt.connect(this.config.brokerUrl, {
      ...this.connectionOptions(`${this.config.clientId}-dead-letters`),
      clean: true,
    });
    this.deadLetters.on("error", (error) => this.logger.warn({ err: error }, "dead-letter connection error"));
    this.subscriber = mqtt.connect(this.config.brokerUrl, {
      ...this.connectionOptions(this.config.clientId),
      clean: false,
      properties: { sessionExpiryInterval: 0xffffffff },
      customHandleAcks: (topic, payload, _packet, done) => {
        void this.acknowledgeAfter(topic, payload).then(
          () => done(PUBACK_SUCCESS),
          // Only when stopping: leave it unacknowledged for the broker to deliver again.
          () => {},
        );
      },
    });
    this.subscriber.on("connect", () => {
      this.metrics.connected.set(1);
      const filters = SUBSCRIPTIONS.map((filter) =>
        this.config.shareGroup ? `$share/${this.config.shareGroup}/${filter}` : filter,
      );
      this.subscriber!.subscribe(filters, { qos: 1 }, (error) => {
        if (error) this.logger.error({ err: error }, "subscribing to gateway topics failed");
        else this.logger.info({ filters }, "subscribed to gateway topics");
      });
    });
    this.subscriber.on("close", () => this.metrics.connected.set(0));
    this.subscriber.on("error", (error) => this.logger.warn({ err: error }, "broker connection error"));
    // Both connections retry until the broker takes them (it may still be loading this service's login).
    await Promise.all([this.subscriber, this.deadLetters].map((client) => firstConnect(client)));
  }

  private connectionOptions(clientId: string): IClientOptions {
    return {
      protocolVersion: 5,
      clientId,
      username: this.config.username,
      password: this.config.password,
      ca: this.config.caFile ? readFileSync(this.config.caFile) : undefined,
      rejectUnauthorized: true,
      reconnectPeriod: 1_000,
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
    };
  }

  /** Resolves once the message is safe to acknowledge; rejects only when the service is stopping. */
  private async acknowledgeAfter(topic: string, payload: Buffer): Promise<void> {
    const started = process.hrtime.bigint();
    for (let attempt = 0; ; attempt += 1) {
      if (this.stopping) throw new Error("stopping");
      try {
        const outcome = await this.handler.handle(topic, payload);
        if (outcome.deadLetter) {
          await this.publishDeadLetter(topic, payload, outcome.deadLetter);
          this.logger.warn(
            { topic, reason: outcome.deadLetter.reason, stored: outcome.stored },
            "dead letter",
          );
        }
        this.metrics.messages.inc({ outcome: outcome.deadLetter ? "dead_letter" : "stored" });
        this.metrics.messageSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
        return;
      } catch (error) {
        this.metrics.retries.inc();
        const wait = Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** attempt);
        this.logger.error(
          { err: error, topic, attempt, retryInMs: wait },
          "message not stored; trying again",
        );
        await delay(wait);
      }
    }
  }

  private async publishDeadLetter(
    topic: string,
    payload: Buffer,
    problem: Pick<DeadLetter, "reason" | "errors">,
  ): Promise<void> {
    const letter: DeadLetter = {
      topic,
      reason: problem.reason,
      errors: problem.errors,
      receivedAt: new Date().toISOString(),
      payloadBase64: payload.toString("base64"),
    };
    // Resolves on the broker's PUBACK: the dead letter is the broker's before the original is acknowledged.
    await this.deadLetters!.publishAsync(`${DEAD_LETTER_TOPIC_ROOT}/${topic}`, JSON.stringify(letter), {
      qos: 1,
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.subscriber?.endAsync(true), this.deadLetters?.endAsync()]);
  }
}
