import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "@unicorn/observability";
import pg from "pg";

/** The channel the database's triggers announce changes on (migration 0017), payload `<kind>:<organization>`. */
export const READ_CHANGES_CHANNEL = "read_changes";

/** What changed: a sensor's readings, who owns what where (sensors, fields, farms), a season's records. */
export type ChangeKind = "readings" | "layout" | "season";

/** Answers whether this replica's cached reads of an organization's data are still current. */
export interface ReadFreshness {
  /**
   * A token naming the state of `organizationId`'s data of `kinds` as of a moment after the call: equal tokens
   * mean nothing of those kinds was committed in between, by any process. Undefined when this replica cannot
   * tell (no listener): the caller then computes without its cache.
   */
  token(organizationId: string, kinds: readonly ChangeKind[]): Promise<string | undefined>;
}

/** For a process that keeps no cached reads (the ingest service) and parts built without a listener. */
export const NO_READ_CACHE: ReadFreshness = { token: async () => undefined };

const RECONNECT_DELAY_MS = 1_000;
/** A sync round trip slower than this counts as a lost listener (a dead socket may never report an error). */
const SYNC_TIMEOUT_MS = 5_000;

interface Waiters {
  promise: Promise<boolean>;
  resolve(synced: boolean): void;
}

function waiters(): Waiters {
  let resolve!: (synced: boolean) => void;
  const promise = new Promise<boolean>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * This replica's view of what changed, kept by one LISTEN connection: a counter per organization and kind,
 * bumped by each notification. A token is only handed out after a sync: this replica NOTIFYs a channel of its
 * own and waits to receive it back. PostgreSQL delivers notifications in commit order (NOTIFY reference page),
 * so by then every change committed before the request arrived, through any replica or service, has been
 * counted: a read after a write is never served the old body. One sync in flight serves every request that
 * arrived before it was sent, so under load its cost is shared by many reads. A lost connection (error, end,
 * a sync that does not come back) starts a new epoch, which no earlier token can match, and until the
 * listener is back no token is given at all: a missed notification can never leave a stale entry served.
 */
export class ReadChanges implements ReadFreshness {
  private listener: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;
  private epoch = 0;
  private readonly counts = new Map<string, number>();
  private readonly syncChannel = `read_sync_${randomBytes(8).toString("hex")}`;
  private syncSeq = 0;
  private inFlight: (Waiters & { seq: number; timer: NodeJS.Timeout }) | undefined;
  private next: Waiters | undefined;
  private readonly layoutWatchers = new Set<(organizationId: string | undefined) => void>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Called with an organization whose sensors, fields or farms changed, and with undefined when changes may
   * have been missed (the listener was lost): the caller forgets what it derived from them.
   */
  onLayoutChange(watcher: (organizationId: string | undefined) => void): void {
    this.layoutWatchers.add(watcher);
  }

  async token(organizationId: string, kinds: readonly ChangeKind[]): Promise<string | undefined> {
    if (!(await this.sync())) return undefined;
    let token = String(this.epoch);
    for (const kind of kinds) token += `.${this.counts.get(`${kind}:${organizationId}`) ?? 0}`;
    return token;
  }

  /** Connects the listener now rather than at the first cached read. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const listener = this.listener;
    this.lose(listener, undefined);
    await Promise.race([this.connecting, delay(1_000)]);
    // A connection PostgreSQL already dropped may never confirm the end: don't let that hold shutdown.
    await Promise.race([listener?.end().catch(() => {}), delay(1_000)]);
  }

  /** Resolves true once every change committed before the call is counted; false without a listener. */
  private sync(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (!this.listener) {
      void this.connect();
      return Promise.resolve(false);
    }
    if (!this.next) {
      this.next = waiters();
      const batch = this.next;
      if (!this.inFlight) this.sendSync();
      return batch.promise;
    }
    return this.next.promise;
  }

  private sendSync(): void {
    const listener = this.listener;
    const batch = this.next;
    this.next = undefined;
    if (!listener || !batch) {
      batch?.resolve(false);
      return;
    }
    const seq = ++this.syncSeq;
    const timer = setTimeout(
      () => this.lose(listener, new Error(`no answer to a read sync within ${SYNC_TIMEOUT_MS} ms`)),
      SYNC_TIMEOUT_MS,
    );
    timer.unref();
    this.inFlight = { ...batch, seq, timer };
    listener
      .query("SELECT pg_notify($1, $2)", [this.syncChannel, String(seq)])
      .catch((error: unknown) => this.lose(listener, error));
  }

  private received(message: pg.Notification): void {
    if (message.channel === this.syncChannel) {
      const inFlight = this.inFlight;
      if (!inFlight || message.payload !== String(inFlight.seq)) return;
      clearTimeout(inFlight.timer);
      this.inFlight = undefined;
      inFlight.resolve(true);
      if (this.next) this.sendSync();
      return;
    }
    const payload = message.payload ?? "";
    this.counts.set(payload, (this.counts.get(payload) ?? 0) + 1);
    if (payload.startsWith("layout:")) {
      const organizationId = payload.slice("layout:".length);
      for (const watcher of this.layoutWatchers) watcher(organizationId);
    }
  }

  private connect(): Promise<void> {
    if (this.stopped || this.listener) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: "unicorn-read-changes",
    });
    client.on("notification", (message) => {
      if (this.listener === client) this.received(message);
    });
    client.on("error", (error) => this.lose(client, error));
    client.on("end", () => this.lose(client, new Error("the connection ended")));
    try {
      await client.connect();
      // The sync NOTIFYs are worthless after a crash: their commits need not wait for the disk.
      await client.query(
        `SET synchronous_commit = off; LISTEN ${READ_CHANGES_CHANNEL}; LISTEN ${this.syncChannel}`,
      );
      if (this.stopped) {
        await client.end();
        return;
      }
      // A new epoch: whatever was counted before the connection was (re)made is no longer known to be whole.
      this.epoch++;
      this.counts.clear();
      this.listener = client;
      for (const watcher of this.layoutWatchers) watcher(undefined);
    } catch (error) {
      this.logger.warn(
        { err: error },
        "read-change listener could not connect; cached reads are off until it does",
      );
      client.end().catch(() => {});
      await delay(RECONNECT_DELAY_MS);
    }
  }

  /** Forgets everything counted on `client`'s watch and, unless stopping, reconnects after a pause. */
  private lose(client: pg.Client | undefined, error: unknown): void {
    if (!client || client !== this.listener) return;
    this.listener = undefined;
    this.epoch++;
    this.counts.clear();
    const waiting = [this.inFlight, this.next];
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    this.next = undefined;
    for (const batch of waiting) batch?.resolve(false);
    for (const watcher of this.layoutWatchers) watcher(undefined);
    client.end().catch(() => {});
    if (this.stopped) return;
    // 57P01: the server ended the session (a shutdown, a restart, pg_terminate_backend). That is announced by the
    // database and /readyz; here it is an expected step that reconnects, so it is not a warning.
    const ended = (error as { code?: string } | undefined)?.code === "57P01";
    this.logger[ended ? "info" : "warn"](
      { err: error },
      "read-change listener lost; cached reads are off until it reconnects",
    );
    setTimeout(() => void this.connect(), RECONNECT_DELAY_MS).unref();
  }
}
