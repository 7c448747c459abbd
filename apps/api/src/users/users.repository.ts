import type { User, UserRole } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

const COLUMNS = `id, email, name, role, organization_id AS "organizationId", must_change_password AS "mustChangePassword"`;

export class UsersRepository {
  constructor(private readonly pool: Pool) {}

  async list(organizationId: string): Promise<User[]> {
    const result = await this.pool.query<User>(
      `SELECT ${COLUMNS} FROM users WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY email`,
      [organizationId],
    );
    return result.rows;
  }

  async find(organizationId: string, id: string): Promise<User | undefined> {
    const result = await this.pool.query<User>(
      `SELECT ${COLUMNS} FROM users WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId],
    );
    return result.rows[0];
  }

  /** The organization of the live user with this email (emails are unique across organizations), if any. */
  async emailOrganization(email: string): Promise<string | undefined> {
    const result = await this.pool.query<{ organizationId: string }>(
      `SELECT organization_id AS "organizationId" FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email],
    );
    return result.rows[0]?.organizationId;
  }

  async insert(
    organizationId: string,
    user: { email: string; name: string; role: UserRole; passwordHash: string },
  ) {
    const result = await this.pool.query<User>(
      `INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [organizationId, user.email, user.name, user.role, user.passwordHash],
    );
    return result.rows[0]!;
  }

  async update(
    organizationId: string,
    id: string,
    changes: { name?: string; role?: UserRole; passwordHash?: string; mustChangePassword?: boolean },
  ): Promise<User | undefined> {
    const result = await this.pool.query<User>(
      `UPDATE users SET name = coalesce($3, name), role = coalesce($4, role), password_hash = coalesce($5, password_hash),
         must_change_password = coalesce($6, must_change_password), updated_at = now(), version = version + 1
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [
        id,
        organizationId,
        changes.name ?? null,
        changes.role ?? null,
        changes.passwordHash ?? null,
        changes.mustChangePassword ?? null,
      ],
    );
    return result.rows[0];
  }

  async countAdmins(organizationId: string): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM users WHERE organization_id = $1 AND role = 'admin' AND deleted_at IS NULL",
      [organizationId],
    );
    return result.rows[0]?.n ?? 0;
  }

  async softDelete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE users SET deleted_at = now(), updated_at = now(), version = version + 1
       WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL`,
      [id, organizationId],
    );
    await this.pool.query(
      "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
      [id],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
