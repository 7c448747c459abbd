import type { ApiKeyRole, Role, UserRole } from "@unicorn/contracts";
import { type Pool, withTransaction } from "@unicorn/db";

export interface UserRecord {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  tokenVersion: number;
  mustChangePassword: boolean;
}

export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  role: ApiKeyRole;
}

/** A session as it stands now: what its access tokens must still match. Absent once its user is deleted. */
export interface SessionState {
  userId: string;
  organizationId: string;
  role: UserRole;
  /** The user's token version now, and the one the session began with: they differ once it is revoked. */
  userTokenVersion: number;
  sessionTokenVersion: number;
  revoked: boolean;
  /** The user holds a temporary password (an admin reset) and must choose their own first. */
  mustChangePassword: boolean;
}

/**
 * What presenting a refresh token found: a fresh token (now used, its successor stored), a retry of the last
 * rotation within the grace window (with the sealed successor to answer again), a replay of a used one, or nothing.
 */
export type RefreshOutcome =
  | { kind: "rotated"; sessionId: string; userId: string }
  | { kind: "retried"; sessionId: string; userId: string; sealed: string }
  | { kind: "replayed"; sessionId: string }
  | { kind: "invalid" };

export interface StreamTicketRecord {
  organizationId: string;
  role: Role;
  userId: string | null;
  sessionId: string | null;
  tokenVersion: number | null;
  apiKeyId: string | null;
}

const USER_COLUMNS = `id, organization_id AS "organizationId", email, name, role, password_hash AS "passwordHash",
  token_version AS "tokenVersion", must_change_password AS "mustChangePassword"`;

export class AuthRepository {
  constructor(private readonly pool: Pool) {}

  async findUserByEmail(email: string): Promise<UserRecord | undefined> {
    const result = await this.pool.query<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email],
    );
    return result.rows[0];
  }

  /** The user's own new password: the temporary one is gone, and (token_version trigger) every session ends. */
  async setOwnPassword(userId: string, passwordHash: string): Promise<void> {
    await this.pool.query(
      `UPDATE users SET password_hash = $2, must_change_password = false, updated_at = now(), version = version + 1
       WHERE id = $1 AND deleted_at IS NULL`,
      [userId, passwordHash],
    );
  }

  async findUserById(id: string): Promise<UserRecord | undefined> {
    const result = await this.pool.query<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return result.rows[0];
  }

  async createSession(userId: string, tokenVersion: number): Promise<string> {
    const result = await this.pool.query<{ id: string }>(
      "INSERT INTO sessions (user_id, token_version) VALUES ($1, $2) RETURNING id",
      [userId, tokenVersion],
    );
    return result.rows[0]!.id;
  }

  async sessionState(sessionId: string): Promise<SessionState | undefined> {
    const result = await this.pool.query<SessionState>(
      `SELECT s.user_id AS "userId", u.organization_id AS "organizationId", u.role,
              u.token_version AS "userTokenVersion", s.token_version AS "sessionTokenVersion",
              s.revoked_at IS NOT NULL AS revoked, u.must_change_password AS "mustChangePassword"
       FROM sessions s JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL
       WHERE s.id = $1`,
      [sessionId],
    );
    return result.rows[0];
  }

  async storeRefreshToken(
    sessionId: string,
    userId: string,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await this.pool.query(
      "INSERT INTO refresh_tokens (session_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
      [sessionId, userId, tokenHash, expiresAt],
    );
  }

  /**
   * Exchanges a refresh token for `successor` (it is single-use: rotation replaces it), in one transaction so a
   * concurrent presentation of the same token waits on the row and then sees the successor. A token already used
   * is either a client retrying a refresh whose answer it lost (within `graceSeconds` of the use, once, while the
   * successor is unused: the caller opens the sealed successor and answers it again) or a replay: a copy is in
   * someone else's hands, and the caller ends its whole family.
   */
  async rotateRefreshToken(
    tokenHash: string,
    successor: { tokenHash: string; sealed: string; expiresAt: Date },
    graceSeconds: number,
  ): Promise<RefreshOutcome> {
    const rotated = await withTransaction(this.pool, async (client) => {
      const used = await client.query<{ sessionId: string; userId: string }>(
        `UPDATE refresh_tokens t SET used_at = now(), revoked_at = now(), successor_hash = $2, successor_sealed = $3
         FROM sessions s
         WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
           AND s.id = t.session_id AND s.revoked_at IS NULL
         RETURNING t.session_id AS "sessionId", t.user_id AS "userId"`,
        [tokenHash, successor.tokenHash, successor.sealed],
      );
      const row = used.rows[0];
      if (!row) return undefined;
      await client.query(
        "INSERT INTO refresh_tokens (session_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
        [row.sessionId, row.userId, successor.tokenHash, successor.expiresAt],
      );
      return row;
    });
    if (rotated) return { kind: "rotated", ...rotated };
    const retried = await this.pool.query<{ sessionId: string; userId: string; sealed: string }>(
      `UPDATE refresh_tokens t SET retried_at = now()
       FROM sessions s
       WHERE t.token_hash = $1 AND t.used_at > now() - make_interval(secs => $2) AND t.retried_at IS NULL
         AND t.successor_sealed IS NOT NULL AND s.id = t.session_id AND s.revoked_at IS NULL
         AND EXISTS (SELECT 1 FROM refresh_tokens n WHERE n.token_hash = t.successor_hash
                     AND n.used_at IS NULL AND n.revoked_at IS NULL AND n.expires_at > now())
       RETURNING t.session_id AS "sessionId", t.user_id AS "userId", t.successor_sealed AS sealed`,
      [tokenHash, graceSeconds],
    );
    if (retried.rows[0]) return { kind: "retried", ...retried.rows[0] };
    const replay = await this.pool.query<{ sessionId: string }>(
      `SELECT session_id AS "sessionId" FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL`,
      [tokenHash],
    );
    return replay.rows[0] ? { kind: "replayed", sessionId: replay.rows[0].sessionId } : { kind: "invalid" };
  }

  async sessionOfRefreshToken(tokenHash: string): Promise<string | undefined> {
    const result = await this.pool.query<{ sessionId: string }>(
      `SELECT session_id AS "sessionId" FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return result.rows[0]?.sessionId;
  }

  /** Ends a session: its refresh tokens, and (through the session check) its access tokens. */
  async revokeSession(sessionId: string, reason: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL",
        [sessionId, reason],
      );
      await client.query(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE session_id = $1 AND revoked_at IS NULL",
        [sessionId],
      );
    });
  }

  /** Logout everywhere: a new token version ends every session the user has. */
  async revokeAllSessions(userId: string, reason: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query("UPDATE users SET token_version = token_version + 1 WHERE id = $1", [userId]);
      await client.query(
        "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        [userId, reason],
      );
      await client.query(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
        [userId],
      );
    });
  }

  async findActiveApiKey(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.pool.query<ApiKeyRecord>(
      `UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL
       RETURNING id, organization_id AS "organizationId", role`,
      [keyHash],
    );
    return result.rows[0];
  }

  async apiKeyActive(id: string): Promise<boolean> {
    const result = await this.pool.query("SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL", [id]);
    return (result.rowCount ?? 0) > 0;
  }

  async storeStreamTicket(ticketHash: string, ticket: StreamTicketRecord, expiresAt: Date): Promise<void> {
    // Expired tickets are never redeemable: drop them as new ones are issued, so the table stays small.
    await this.pool.query("DELETE FROM stream_tickets WHERE expires_at < now()");
    await this.pool.query(
      `INSERT INTO stream_tickets
         (ticket_hash, organization_id, role, user_id, session_id, token_version, api_key_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        ticketHash,
        ticket.organizationId,
        ticket.role,
        ticket.userId,
        ticket.sessionId,
        ticket.tokenVersion,
        ticket.apiKeyId,
        expiresAt,
      ],
    );
  }

  /** Single use: redeeming deletes the ticket, whether or not it was still fresh. */
  async redeemStreamTicket(ticketHash: string): Promise<StreamTicketRecord | undefined> {
    const result = await this.pool.query<StreamTicketRecord & { fresh: boolean }>(
      `DELETE FROM stream_tickets WHERE ticket_hash = $1
       RETURNING organization_id AS "organizationId", role, user_id AS "userId", session_id AS "sessionId",
                 token_version AS "tokenVersion", api_key_id AS "apiKeyId", expires_at > now() AS fresh`,
      [ticketHash],
    );
    const row = result.rows[0];
    if (!row?.fresh) return undefined;
    const { fresh: _, ...ticket } = row;
    return ticket;
  }
}
