import type { Counter, Logger } from "@unicorn/observability";
import type { AuditService } from "../audit/audit.service";
import type { ThrottleKey, ThrottleRepository, ThrottleScope } from "./throttle.repository";

/**
 * How failed credential attempts slow down, per kind of subject: the first `freeFailures` cost nothing; each
 * further one blocks the subject for `baseDelayMs` doubled per failure (at most `maxDelayMs`); at `lockAfter`
 * failures the subject is locked for `lockMs`. A lock always expires; an admin can lift an account's early.
 * A streak is forgotten after `decayMs` without failures (or at a successful login, for an account).
 */
export interface ThrottlePolicy {
  freeFailures: number;
  lockAfter: number;
  baseDelayMs: number;
  maxDelayMs: number;
  lockMs: number;
  decayMs: number;
}

export interface ThrottleSettings {
  baseDelayMs: number;
  lockMs: number;
}

export function throttlePolicies({
  baseDelayMs,
  lockMs,
}: ThrottleSettings): Record<ThrottleScope, ThrottlePolicy> {
  // Five doublings at most (32 s from the default 1 s), then the delay stays until the lock.
  const common = { baseDelayMs, maxDelayMs: baseDelayMs * 32, lockMs, decayMs: 3_600_000 };
  return {
    // One account: a person mistypes a few times, a guesser tries hundreds.
    login_account: { ...common, freeFailures: 5, lockAfter: 10 },
    // One address may be a whole office behind NAT: more slack before it slows down.
    login_address: { ...common, freeFailures: 20, lockAfter: 50 },
    api_key_address: { ...common, freeFailures: 20, lockAfter: 50 },
  };
}

/** How long the n-th failure blocks the subject, and whether that is a lock. */
export function blockAfterFailure(policy: ThrottlePolicy, failures: number): { ms: number; locked: boolean } {
  if (failures >= policy.lockAfter) return { ms: policy.lockMs, locked: true };
  if (failures <= policy.freeFailures) return { ms: 0, locked: false };
  const doublings = failures - policy.freeFailures - 1;
  return { ms: Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** doublings), locked: false };
}

export interface Refusal {
  reason: string;
  retryAfterSeconds: number;
}

/** Every reason `unicorn_auth_throttled_total` counts, created at 0 so that rate() has a series before any attack. */
export const THROTTLE_REASONS = [
  "account_backoff",
  "account_locked",
  "address_backoff",
  "address_locked",
  "api_key_address_backoff",
  "api_key_address_locked",
  "hashing_busy",
] as const;

const REASON_PREFIX: Record<ThrottleScope, string> = {
  login_account: "account",
  login_address: "address",
  api_key_address: "api_key_address",
};

function reasonOf(scope: ThrottleScope, locked: boolean): string {
  return `${REASON_PREFIX[scope]}_${locked ? "locked" : "backoff"}`;
}

/** Who failed, for the log and the audit record of a lock. */
export interface FailureContext {
  organizationId?: string | undefined;
  clientAddress: string;
}

/**
 * Throttles failed logins and API-key attempts. State is in PostgreSQL; an address found blocked for API keys
 * is also remembered in memory until its block ends, so a flood of bad keys stops costing database work.
 */
export class AuthThrottle {
  private readonly blockedApiKeyAddresses = new Map<string, { until: number; locked: boolean }>();

  constructor(
    private readonly repository: ThrottleRepository,
    private readonly policies: Record<ThrottleScope, ThrottlePolicy>,
    private readonly throttled: Counter<"reason">,
    private readonly logger: Logger,
    private readonly audit: AuditService,
  ) {}

  /** Counts a refusal that is not the throttle's (the password hashing was busy). */
  countRefusal(reason: string): void {
    this.throttled.inc({ reason });
  }

  /** Why an attempt on these keys must be refused before any credential is checked, or undefined. */
  async refusal(keys: ThrottleKey[]): Promise<Refusal | undefined> {
    const now = Date.now();
    for (const key of keys) {
      const known =
        key.scope === "api_key_address" ? this.blockedApiKeyAddresses.get(key.subject) : undefined;
      if (known && known.until > now)
        return this.refuse(reasonOf(key.scope, known.locked), known.until - now);
    }
    const blocks = await this.repository.blocks(keys);
    if (blocks.length === 0) return undefined;
    // The longest block decides: a locked account behind a backed-off address waits for the lock.
    const longest = blocks.reduce((a, b) => (b.blockedUntil > a.blockedUntil ? b : a));
    this.remember(longest.scope, longest.subject, longest.blockedUntil, longest.locked);
    return this.refuse(reasonOf(longest.scope, longest.locked), longest.blockedUntil.getTime() - now);
  }

  /** Records a failed attempt on each key; a key that reaches its lock threshold is locked, logged and audited. */
  async fail(keys: ThrottleKey[], context: FailureContext): Promise<void> {
    for (const key of keys) {
      const policy = this.policies[key.scope];
      const failures = await this.repository.countFailure(key, policy.decayMs);
      const { ms, locked } = blockAfterFailure(policy, failures);
      if (ms === 0) continue;
      const until = await this.repository.block(key, ms, locked);
      this.remember(key.scope, key.subject, until, locked);
      if (locked && failures === policy.lockAfter) await this.announceLock(key, failures, until, context);
    }
  }

  /** Lifts a key's block and streak (an admin's unlock). */
  async clear(key: ThrottleKey): Promise<boolean> {
    if (key.scope === "api_key_address") this.blockedApiKeyAddresses.delete(key.subject);
    return this.repository.clear(key);
  }

  /** A successful login ends the account's streak and back-off; a lock stays until it expires or an admin lifts it. */
  succeeded(key: ThrottleKey): Promise<boolean> {
    return this.repository.clear(key, true);
  }

  isKnownAddress(userId: string, address: string): Promise<boolean> {
    return this.repository.isKnownAddress(userId, address, KNOWN_ADDRESS_DAYS);
  }

  rememberAddress(userId: string, address: string): Promise<void> {
    return this.repository.rememberAddress(userId, address);
  }

  private refuse(reason: string, ms: number): Refusal {
    this.throttled.inc({ reason });
    return { reason, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  }

  private remember(scope: ThrottleScope, subject: string, until: Date, locked: boolean): void {
    if (scope !== "api_key_address") return;
    this.blockedApiKeyAddresses.set(subject, { until: until.getTime(), locked });
    // Expired entries go when the map grows: it holds only addresses that are failing right now.
    if (this.blockedApiKeyAddresses.size > 10_000) {
      const now = Date.now();
      for (const [address, block] of this.blockedApiKeyAddresses)
        if (block.until <= now) this.blockedApiKeyAddresses.delete(address);
    }
  }

  private async announceLock(key: ThrottleKey, failures: number, until: Date, context: FailureContext) {
    const event = {
      event: "auth.locked",
      scope: key.scope,
      // An account is named by its email; an address by itself.
      subject: key.subject,
      failures,
      until: until.toISOString(),
      clientAddress: context.clientAddress,
    };
    this.logger.warn(event, "credential attempts locked after repeated failures");
    await this.audit.record({
      action: "auth.lock",
      outcome: "refused",
      organizationId: key.scope === "login_account" ? context.organizationId : undefined,
      actorLabel: key.subject,
      targetType: key.scope,
      targetId: key.subject,
      clientAddress: context.clientAddress,
      details: { failures, until: event.until },
    });
  }
}

/** A login from an address this user signed in from within this many days is not held by an account lock. */
export const KNOWN_ADDRESS_DAYS = 30;
