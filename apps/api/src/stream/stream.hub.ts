import { setTimeout as delay } from "node:timers/promises";
import type { Gauge, Logger } from "@unicorn/observability";
import pg from "pg";
import type { Principal } from "../auth/principal";
import type { StreamEvent, StreamRepository } from "./stream.repository";
import { STREAM_CHANNEL } from "./stream-outbox.repository";

export interface StreamSubscriber {
  organizationId: string;
  /** Who opened the stream: re-checked every few seconds, so a revoked user's stream is closed. */
  principal?: Principal;
  send(event: StreamEvent): void;
  /** Ends the client's connection (shutdown); it reconnects to another replica with its Last-Event-ID. */
  close(): void;
}

const RECONNECT_DELAY_MS = 1_000;
const ADMIN_SHUTDOWN = "57P01";
const FETCH_LIMIT = 500;

/** How the hub learns that a subscriber's credential was revoked (user deleted, demoted, logged out). */
export interface StreamRevocation {
  stillValid(principal: Principal): Promise<boolean>;
  intervalMs: number;
}

/**
 * Fans stream events out to this replica's SSE clients. Events live in PostgreSQL (written in the same
 * transaction as the data) and a NOTIFY wakes every replica, so any replica serves any client and a
 * client can resume from its Last-Event-ID after a reconnect.
 */
export class StreamHub {
  private readonly subscribers = new Set<StreamSubscriber>();
  private listener: pg.Client | undefined;
  private lastFetchedId = 0;
  private fetching: Promise<void> | undefined;
  private fetchAgain = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private revalidationTimer: NodeJS.Timeout | undefined;
  private revalidating = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly repository: StreamRepository,
    private readonly logger: Logger,
    private readonly clientsGauge: Gauge,
    private readonly revocation?: StreamRevocation,
  ) {}

  async start(): Promise<void> {
    this.lastFetchedId = await this.repository.newestId();
    await this.connect();
    if (this.revocation) {
      this.revalidationTimer = setInterval(() => void this.revalidate(), this.revocation.intervalMs);
      this.revalidationTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.revalidationTimer);
    // Open streams would keep the HTTP server from closing.
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
    this.clientsGauge.set(0);
    // A connection PostgreSQL already dropped may never confirm the end: don't let that hold shutdown.
    const listener = this.listener;
    this.listener = undefined;
    await Promise.race([listener?.end().catch(() => {}), delay(1_000)]);
    await Promise.race([this.fetching, delay(1_000)]);
  }

  subscribe(subscriber: StreamSubscriber): () => void {
    this.subscribers.add(subscriber);
    this.clientsGauge.set(this.subscribers.size);
    return () => {
      this.subscribers.delete(subscriber);
      this.clientsGauge.set(this.subscribers.size);
    };
  }

  /**
   * Closes the streams whose credential no longer holds. A check that fails (database down) keeps the stream:
   * the next round decides, and an unreachable database delivers no events anyway.
   */
  async revalidate(): Promise<void> {
    if (!this.revocation || this.revalidating) return;
    this.revalidating = true;
    try {
      for (const subscriber of [...this.subscribers]) {
        if (!subscriber.principal || !this.subscribers.has(subscriber)) continue;
        let valid = true;
        try {
          valid = await this.revocation.stillValid(subscriber.principal);
        } catch (error) {
          this.logger.warn({ err: error }, "could not re-check a stream subscriber's credential");
        }
        if (!valid && this.subscribers.delete(subscriber)) {
          this.clientsGauge.set(this.subscribers.size);
          subscriber.close();
        }
      }
    } finally {
      this.revalidating = false;
    }
  }

  /** Events the client missed while disconnected: after `afterSequence`, its organization's own numbering. */
  replay(organizationId: string, afterSequence: number): Promise<StreamEvent[]> {
    return this.repository.afterForOrganization(organizationId, afterSequence, 5_000);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "unicorn-stream" });
    client.on("notification", () => this.fetchNew());
    client.on("error", (error) => {
      if (this.stopped) return;
      // 57P01: PostgreSQL is shutting down on purpose (Ctrl-C reaches it with the launcher, or an
      // operator restart). Expected, so not a warning; a real loss of the server still is.
      const expected = (error as { code?: string }).code === ADMIN_SHUTDOWN;
      this.logger[expected ? "info" : "warn"](
        { err: error },
        "stream listener lost its database connection; reconnecting",
      );
      this.scheduleReconnect(client);
    });
    client.on("end", () => this.scheduleReconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${STREAM_CHANNEL}`);
      this.listener = client;
      // Anything committed while we were disconnected.
      this.fetchNew();
    } catch (error) {
      this.logger.warn({ err: error }, "stream listener could not connect; retrying");
      this.scheduleReconnect(client);
    }
  }

  private scheduleReconnect(client: pg.Client): void {
    if (this.stopped || this.reconnectTimer || (this.listener && this.listener !== client)) return;
    this.listener = undefined;
    client.end().catch(() => {});
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, RECONNECT_DELAY_MS);
  }

  private fetchNew(): void {
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = (async () => {
      do {
        this.fetchAgain = false;
        try {
          let batch: StreamEvent[];
          do {
            batch = await this.repository.after(this.lastFetchedId, FETCH_LIMIT);
            for (const event of batch) this.dispatch(event);
            if (batch.length > 0) this.lastFetchedId = batch[batch.length - 1]!.id;
          } while (batch.length === FETCH_LIMIT);
        } catch (error) {
          this.logger.warn({ err: error }, "could not read new stream events");
        }
      } while (this.fetchAgain && !this.stopped);
    })().finally(() => {
      this.fetching = undefined;
    });
  }

  private dispatch(event: StreamEvent): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.organizationId === event.organizationId) {
        subscriber.send(event);
      }
    }
  }
}
