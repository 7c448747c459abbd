import { availableParallelism } from "node:os";

/** Too many password hashes are already waiting: the caller should answer "busy, retry later". */
export class HashingBusyError extends Error {
  constructor() {
    super("too many password checks in progress");
  }
}

/**
 * A counting semaphore with a bounded queue. scrypt runs on libuv's thread pool (4 threads by default): a flood
 * of logins could keep every core and every pool thread busy hashing, starving all other requests. The gate lets
 * a few hashes run at once, queues a bounded number, and refuses the rest at once.
 */
export class HashingGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new HashingBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/** At most half the cores hash at once (at least one), so the other half keeps serving requests. */
export const passwordHashing = new HashingGate(Math.max(1, Math.floor(availableParallelism() / 2)), 32);
