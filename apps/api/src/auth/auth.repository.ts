import type { ApiKeyRole, UserRole } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

export interface UserRecord {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
}

export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  role: ApiKeyRole;
}

const USER_COLUMNS = `id, organization_id AS "organizationId", email, name, role, password_hash AS "passwordHash"`;

export class AuthRepository {
  constructor(private readonly pool: Pool) {}

  async findUserByEmail(email: string): Promise<UserRecord | undefined> {
    const result = await this.pool.query<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email],
    );
    return result.rows[0];
  }

  async findUserById(id: string): Promise<UserRecord | undefined> {
    const result = await this.pool.query<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return result.rows[0];
  }

  async storeRefreshToken(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.pool.query(
      "INSERT INTO refresh_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, $3)",
      [userId, tokenHash, expiresAt],
    );
  }

  /** Revokes the token and returns its user when it was valid: rotation makes a stolen token single-use. */
  async consumeRefreshToken(tokenHash: string): Promise<string | undefined> {
    const result = await this.pool.query<{ userId: string }>(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING user_id AS "userId"`,
      [tokenHash],
    );
    return result.rows[0]?.userId;
  }

  async findActiveApiKey(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.pool.query<ApiKeyRecord>(
      `UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL
       RETURNING id, organization_id AS "organizationId", role`,
      [keyHash],
    );
    return result.rows[0];
  }
}
