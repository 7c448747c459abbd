import { connect, createServer, type Server, type Socket } from "node:net";
import type { SeededRandom } from "./seeded-random";

/**
 * What the link between the two sides does right now.
 * - pass: forwards bytes untouched.
 * - delay: every chunk arrives `latencyMs` + up to `jitterMs` later, in order (a slow satellite hop).
 * - throttle: each direction carries at most `bytesPerSecond` (a thin uplink), shared by all connections.
 * - stall: nothing moves, nothing is lost; bytes wait in the kernel's buffers and flow again on the next
 *   forwarding mode (a short outage that TCP rides out by retransmitting).
 * - black-hole: open connections and new ones are accepted and read, and their bytes vanish; no FIN, no RST.
 *   Such a connection never recovers, even after the link heals (its path is gone, as when a NAT forgets
 *   the mapping); only new connections pass again.
 * - cut: open connections are closed on both sides (FIN); new ones are accepted and closed at once.
 * - reset: open connections are reset on both sides (RST); new ones are reset at once.
 */
export type FaultMode =
  | { kind: "pass" }
  | { kind: "delay"; latencyMs: number; jitterMs: number }
  | { kind: "throttle"; bytesPerSecond: number }
  | { kind: "stall" }
  | { kind: "black-hole" }
  | { kind: "cut" }
  | { kind: "reset" };

export type FaultKind = FaultMode["kind"];

export interface FaultProxyOptions {
  /** Where the proxy forwards to (loopback). */
  target: { host?: string; port: number };
  /** Port to listen on, 0 (default) for any free one; the proxy always binds 127.0.0.1. */
  listenPort?: number;
  /** Draws the jitter of delay mode; Math.random when absent (a seeded run passes its own). */
  random?: SeededRandom;
  /**
   * A black-holed connection's server side is closed after this long, as the server's own TCP keepalive
   * would eventually do (otherwise its session could hold locks for hours). The client side stays
   * swallowed until the client gives up. Default 5 s.
   */
  upstreamGiveUpMs?: number;
}

export interface FaultLogEntry {
  /** Milliseconds since the proxy started. */
  atMs: number;
  mode: FaultMode;
}

export interface FaultProxyStats {
  /** Bytes delivered from clients to the target. */
  bytesToTarget: number;
  /** Bytes delivered from the target back to clients. */
  bytesToClient: number;
  connectionsAccepted: number;
  connectionsOpen: number;
}

export interface FaultProxy {
  readonly port: number;
  /** `postgres://…@127.0.0.1:<port>/…`: the given URL with its host and port replaced by the proxy's. */
  urlThrough(url: string): string;
  mode(): FaultMode;
  setMode(mode: FaultMode): void;
  /** Points new connections at another target (a database restarted on a new port); open ones stay. */
  setTarget(target: { host?: string; port: number }): void;
  stats(): FaultProxyStats;
  resetStats(): void;
  /** Every mode change so far, for a failure report. */
  log(): readonly FaultLogEntry[];
  close(): Promise<void>;
}

/** Above this many queued bytes in one direction the proxy stops reading its source (back-pressure). */
const HIGH_WATER_BYTES = 1 << 20;

/** A token bucket shared by every connection in one direction: the link's capacity. */
class LinkBudget {
  private tokens = 0;
  private refilledAt = performance.now();
  constructor(private rate: number) {
    this.tokens = this.burst();
  }
  setRate(rate: number): void {
    this.refill();
    this.rate = rate;
    this.tokens = Math.min(this.tokens, this.burst());
  }
  /** Bytes that may be sent now (at most `wanted`), taken from the bucket. */
  take(wanted: number): number {
    this.refill();
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }
  /** Milliseconds until at least one more byte may go. */
  waitMs(): number {
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
  }
  private burst(): number {
    // 50 ms worth of bytes, at least a TCP segment so slow links still move whole packets.
    return Math.max(1460, this.rate / 20);
  }
  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst(), this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }
}

interface Shaping {
  mode(): FaultMode;
  jitter(): number;
  budget(direction: Direction): LinkBudget;
  count(direction: Direction, bytes: number): void;
}

type Direction = "toTarget" | "toClient";

/** One direction of one connection: a FIFO of chunks, each with the earliest time it may be delivered. */
class Channel {
  private readonly queue: { chunk: Buffer; at: number }[] = [];
  private queuedBytes = 0;
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingForDrain = false;
  private sourceEnded = false;
  swallowing = false;

  constructor(
    private readonly source: Socket,
    private readonly sink: Socket,
    private readonly direction: Direction,
    private readonly shaping: Shaping,
  ) {
    source.on("data", (chunk: Buffer) => this.receive(chunk));
    source.on("end", () => this.sourceClosed());
    sink.on("drain", () => {
      this.waitingForDrain = false;
      this.pump();
    });
  }

  private receive(chunk: Buffer): void {
    if (this.swallowing) return;
    const mode = this.shaping.mode();
    let at = performance.now();
    if (mode.kind === "delay") at += mode.latencyMs + this.shaping.jitter() * mode.jitterMs;
    // Never reorder: a chunk is due no earlier than the one before it.
    this.lastAt = Math.max(this.lastAt, at);
    this.queue.push({ chunk, at: this.lastAt });
    this.queuedBytes += chunk.length;
    this.updateFlow();
    this.pump();
  }

  /** Reads from the source only while the link moves bytes and the queue has room. */
  updateFlow(): void {
    if (this.source.destroyed) return;
    const stalled = this.shaping.mode().kind === "stall";
    if (this.swallowing || (!stalled && this.queuedBytes < HIGH_WATER_BYTES)) this.source.resume();
    else this.source.pause();
  }

  pump(): void {
    if (this.timer) return;
    if (this.swallowing || this.waitingForDrain || this.sink.destroyed) return;
    const mode = this.shaping.mode();
    if (mode.kind === "stall") return;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const now = performance.now();
      if (head.at > now) {
        this.wake(head.at - now);
        return;
      }
      let chunk = head.chunk;
      if (mode.kind === "throttle") {
        const granted = this.shaping.budget(this.direction).take(chunk.length);
        if (granted === 0) {
          this.wake(this.shaping.budget(this.direction).waitMs());
          return;
        }
        if (granted < chunk.length) {
          head.chunk = chunk.subarray(granted);
          chunk = chunk.subarray(0, granted);
        } else this.queue.shift();
      } else this.queue.shift();
      this.queuedBytes -= chunk.length;
      this.shaping.count(this.direction, chunk.length);
      const more = this.sink.write(chunk);
      this.updateFlow();
      if (!more) {
        this.waitingForDrain = true;
        return;
      }
    }
    if (this.sourceEnded) this.sink.end();
  }

  private wake(afterMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, afterMs);
  }

  /** Relays the source's FIN once everything queued before it has gone out. */
  sourceClosed(): void {
    this.sourceEnded = true;
    this.pump();
  }

  /** Drops whatever is queued and, from now on, everything the source sends. */
  swallow(): void {
    this.swallowing = true;
    this.discard();
    this.updateFlow();
  }

  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }
}

class ProxiedConnection {
  readonly toTarget: Channel;
  readonly toClient: Channel;
  private giveUpTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly client: Socket,
    readonly upstream: Socket,
    shaping: Shaping,
    private readonly onClosed: (connection: ProxiedConnection) => void,
  ) {
    this.toTarget = new Channel(client, upstream, "toTarget", shaping);
    this.toClient = new Channel(upstream, client, "toClient", shaping);
    let closed = 0;
    const watch = (socket: Socket, other: Socket, outgoing: Channel) => {
      socket.on("error", () => {});
      socket.on("close", (hadError) => {
        // A reset or error on one side resets the other; a clean close reaches it as FIN after the queue.
        if (hadError) reset(other);
        else outgoing.sourceClosed();
        if (++closed === 2) this.finish();
      });
    };
    watch(client, upstream, this.toTarget);
    watch(upstream, client, this.toClient);
  }

  blackHole(upstreamGiveUpMs: number): void {
    this.toTarget.swallow();
    this.toClient.swallow();
    this.giveUpTimer ??= setTimeout(() => this.upstream.destroy(), upstreamGiveUpMs);
  }

  cut(): void {
    this.toTarget.discard();
    this.toClient.discard();
    this.client.end();
    this.upstream.end();
    // A peer that never answers the FIN is dropped after a moment; the test must not wait on it.
    setTimeout(() => {
      this.client.destroy();
      this.upstream.destroy();
    }, 1_000).unref();
  }

  reset(): void {
    this.toTarget.discard();
    this.toClient.discard();
    reset(this.client);
    reset(this.upstream);
  }

  resumeFlow(): void {
    for (const channel of [this.toTarget, this.toClient]) {
      channel.updateFlow();
      channel.pump();
    }
  }

  destroy(): void {
    this.toTarget.discard();
    this.toClient.discard();
    this.client.destroy();
    this.upstream.destroy();
    this.finish();
  }

  private finish(): void {
    clearTimeout(this.giveUpTimer);
    this.toTarget.discard();
    this.toClient.discard();
    this.onClosed(this);
  }
}

/** RST instead of FIN (socket.resetAndDestroy); a socket still connecting is simply destroyed. */
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  try {
    if (socket.connecting) socket.destroy();
    else socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Starts the proxy on 127.0.0.1; it begins in pass mode. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = { host: options.target.host ?? "127.0.0.1", port: options.target.port };
  let current: FaultMode = { kind: "pass" };
  const startedAt = performance.now();
  const history: FaultLogEntry[] = [{ atMs: 0, mode: current }];
  const upstreamGiveUpMs = options.upstreamGiveUpMs ?? 5_000;
  const jitter = options.random ? () => options.random!.next() : Math.random;
  const budgets: Record<Direction, LinkBudget> = {
    toTarget: new LinkBudget(1),
    toClient: new LinkBudget(1),
  };
  const totals = { bytesToTarget: 0, bytesToClient: 0, connectionsAccepted: 0 };
  const open = new Set<ProxiedConnection>();
  /** Accepted while black-holed, cut or reset: never forwarded. */
  const refused = new Set<Socket>();

  const shaping: Shaping = {
    mode: () => current,
    jitter,
    budget: (direction) => budgets[direction],
    count(direction, bytes) {
      if (direction === "toTarget") totals.bytesToTarget += bytes;
      else totals.bytesToClient += bytes;
    },
  };

  const server: Server = createServer({ noDelay: true }, (client) => {
    totals.connectionsAccepted++;
    client.on("error", () => {});
    switch (current.kind) {
      case "black-hole":
        // Read and forget; the client hears nothing at all.
        refused.add(client);
        client.on("close", () => refused.delete(client));
        client.resume();
        return;
      case "cut":
        client.end();
        setTimeout(() => client.destroy(), 1_000).unref();
        return;
      case "reset":
        reset(client);
        return;
    }
    client.pause();
    const upstream = connect({ host: target.host, port: target.port, noDelay: true });
    const connection = new ProxiedConnection(client, upstream, shaping, (done) => open.delete(done));
    open.add(connection);
    connection.resumeFlow();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.listenPort ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;

  return {
    port,
    urlThrough(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    mode: () => current,
    setMode(mode) {
      current = mode;
      history.push({ atMs: Math.round(performance.now() - startedAt), mode });
      if (mode.kind === "throttle") {
        budgets.toTarget.setRate(mode.bytesPerSecond);
        budgets.toClient.setRate(mode.bytesPerSecond);
      }
      for (const connection of [...open]) {
        if (mode.kind === "black-hole") connection.blackHole(upstreamGiveUpMs);
        else if (mode.kind === "cut") connection.cut();
        else if (mode.kind === "reset") connection.reset();
        else connection.resumeFlow();
      }
      if (mode.kind === "reset") for (const socket of refused) reset(socket);
      if (mode.kind === "cut") for (const socket of refused) socket.end();
    },
    setTarget(next) {
      target = { host: next.host ?? "127.0.0.1", port: next.port };
    },
    stats: () => ({ ...totals, connectionsOpen: open.size }),
    resetStats() {
      totals.bytesToTarget = 0;
      totals.bytesToClient = 0;
      totals.connectionsAccepted = 0;
    },
    log: () => history,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of [...open]) connection.destroy();
      for (const socket of refused) socket.destroy();
      await closed;
    },
  };
}
