import type { Pool } from "@unicorn/db";

export type ThrottleScope = "login_account" | "login_address" | "api_key_address";

export interface ThrottleKey {
  scope: ThrottleScope;
  subject: string;
}

export interface ThrottleBlock extends ThrottleKey {
  blockedUntil: Date;
  locked: boolean;
}

/** Throttle state in PostgreSQL, so every api replica counts the same failures and honours the same locks. */
export class ThrottleRepository {
  constructor(private readonly pool: Pool) {}

  /** The keys that are blocked right now (back-off or lock). */
  async blocks(keys: ThrottleKey[]): Promise<ThrottleBlock[]> {
    if (keys.length === 0) return [];
    const result = await this.pool.query<ThrottleBlock>(
      `SELECT scope, subject, blocked_until AS "blockedUntil", locked FROM auth_throttle
       WHERE (scope, subject) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND blocked_until > now()`,
      [keys.map((key) => key.scope), keys.map((key) => key.subject)],
    );
    return result.rows;
  }

  /**
   * Counts one more failure and returns the streak: it restarts at 1 after `decayMs` without failures, unless the
   * key is still blocked. One atomic statement, so concurrent failures on several replicas all count.
   */
  async countFailure(key: ThrottleKey, decayMs: number): Promise<number> {
    const result = await this.pool.query<{ failures: number }>(
      `INSERT INTO auth_throttle AS t (scope, subject, failures, last_failure_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (scope, subject) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at < now() - $3 * interval '1 millisecond'
                          AND (t.blocked_until IS NULL OR t.blocked_until <= now())
                         THEN 1 ELSE t.failures + 1 END,
         last_failure_at = now()
       RETURNING failures`,
      [key.scope, key.subject, decayMs],
    );
    return result.rows[0]!.failures;
  }

  /** Blocks the key for `ms` from now; returns when the block ends. */
  async block(key: ThrottleKey, ms: number, locked: boolean): Promise<Date> {
    const result = await this.pool.query<{ blockedUntil: Date }>(
      `UPDATE auth_throttle SET blocked_until = greatest(coalesce(blocked_until, now()), now() + $3 * interval '1 millisecond'),
         locked = $4
       WHERE scope = $1 AND subject = $2 RETURNING blocked_until AS "blockedUntil"`,
      [key.scope, key.subject, ms, locked],
    );
    return result.rows[0]?.blockedUntil ?? new Date(Date.now() + ms);
  }

  /**
   * Forgets a key's streak and block: an admin's unlock, or (`keepLock`) a successful login, which ends a back-off
   * but leaves a lock to expire or to an admin. Returns whether there was anything to forget.
   */
  async clear(key: ThrottleKey, keepLock = false): Promise<boolean> {
    const result = await this.pool.query(
      `DELETE FROM auth_throttle WHERE scope = $1 AND subject = $2
         AND NOT ($3 AND locked AND blocked_until > now())`,
      [key.scope, key.subject, keepLock],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async isKnownAddress(userId: string, address: string, maxAgeDays: number): Promise<boolean> {
    const result = await this.pool.query(
      `SELECT 1 FROM auth_known_addresses
       WHERE user_id = $1 AND address = $2 AND last_seen_at > now() - $3 * interval '1 day'`,
      [userId, address, maxAgeDays],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async rememberAddress(userId: string, address: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO auth_known_addresses (user_id, address) VALUES ($1, $2)
       ON CONFLICT (user_id, address) DO UPDATE SET last_seen_at = now()`,
      [userId, address],
    );
  }
}
