import { dropExpiredReadingPartitions, type Pool, type RetentionResult } from "@unicorn/db";
import type { FastifyBaseLogger } from "fastify";
import type { RawRetentionPolicy } from "./retention-policy";

/** Applies the raw-readings retention on a timer; any replica may run it, one at a time (an advisory lock). */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly policy: RawRetentionPolicy,
    private readonly logger: FastifyBaseLogger,
  ) {}

  /** One round on its own connection, outside any transaction (partitions are detached concurrently). */
  async runOnce(now: Date = new Date()): Promise<RetentionResult> {
    const client = await this.pool.connect();
    try {
      const result = await dropExpiredReadingPartitions(client, this.policy.partitionKeepDays, now);
      if (result.dropped.length > 0)
        this.logger.info(
          { dropped: result.dropped, keepDays: this.policy.partitionKeepDays },
          "raw readings partitions past retention dropped (rollups kept)",
        );
      return result;
    } finally {
      client.release();
    }
  }

  start(intervalMs: number): void {
    const round = () => {
      this.runOnce().catch((error) => this.logger.warn({ err: error }, "readings retention failed"));
    };
    this.timer = setInterval(round, intervalMs);
    this.timer.unref();
    setTimeout(round, 60_000).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
