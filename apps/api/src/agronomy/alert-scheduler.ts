import type { Logger } from "@unicorn/observability";

export interface FieldRef {
  organizationId: string;
  fieldId: string;
}

export interface AlertSchedulerOptions {
  /** Evaluates one field's rules over its daily weather and stores new alerts; returns how many were new. */
  evaluate(field: FieldRef): Promise<number>;
  /** Every field with a season this year, for the start-up and periodic sweeps. */
  listFields(): Promise<FieldRef[]>;
  logger: Logger;
  /** A field's rules run at most this often however many readings arrive (default 30 s). */
  debounceMs?: number;
  /** Sweep of every field, catching days that closed without a new reading (default 1 h). */
  sweepMs?: number;
}

/**
 * Raises alerts as new weather arrives: ingestion marks the fields it touched, and each marked field is
 * evaluated once per debounce window. Alerts are unique per (field, rule, event date) in the database, so
 * repeated evaluations, or several API replicas evaluating the same field, never raise one twice.
 */
export class AlertScheduler {
  private readonly due = new Map<string, FieldRef>();
  private timer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: AlertSchedulerOptions) {}

  start(): void {
    this.stopped = false;
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepMs ?? 3_600_000);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.sweepTimer);
    this.due.clear();
    await this.running;
  }

  /** Called after readings of these fields were committed. */
  markChanged(fields: Iterable<FieldRef>): void {
    if (this.stopped) return;
    for (const field of fields) this.due.set(field.fieldId, field);
    if (!this.timer && this.due.size > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.drain();
      }, this.options.debounceMs ?? 30_000);
      this.timer.unref();
    }
  }

  /** Evaluates every marked field now (tests and shutdown use it). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.drain();
  }

  /** Evaluates every field with a season now (after a bulk load that bypassed ingestion, e.g. demo data). */
  async sweep(): Promise<void> {
    try {
      this.markChanged(await this.options.listFields());
      await this.flush();
    } catch (error) {
      if (!this.stopped) this.options.logger.warn({ err: error }, "alert sweep failed; next sweep retries");
    }
  }

  private async drain(): Promise<void> {
    await this.running;
    const batch = [...this.due.values()];
    this.due.clear();
    this.running = (async () => {
      for (const field of batch) {
        if (this.stopped) return;
        try {
          const raised = await this.options.evaluate(field);
          if (raised > 0) this.options.logger.info({ fieldId: field.fieldId, raised }, "alerts raised");
        } catch (error) {
          this.options.logger.warn({ err: error, fieldId: field.fieldId }, "alert evaluation failed");
        }
      }
    })();
    await this.running;
  }
}
