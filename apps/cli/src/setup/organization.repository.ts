import type { Pool } from "@unicorn/db";

/** SQL for `unicorn init`: a farm's organization and its first admin, created together or not at all. */
export class OrganizationSetupRepository {
  constructor(private readonly pool: Pool) {}

  async emailTaken(email: string): Promise<boolean> {
    const result = await this.pool.query(
      "SELECT 1 FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL",
      [email],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async createWithAdmin(
    organization: string,
    admin: { email: string; name: string; passwordHash: string },
  ): Promise<{ organizationId: string; userId: string }> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const org = await client.query<{ id: string }>(
        "INSERT INTO organizations (name) VALUES ($1) RETURNING id",
        [organization],
      );
      const organizationId = org.rows[0]!.id;
      const user = await client.query<{ id: string }>(
        `INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, $2, $3, 'admin', $4)
         RETURNING id`,
        [organizationId, admin.email, admin.name, admin.passwordHash],
      );
      await client.query("COMMIT");
      return { organizationId, userId: user.rows[0]!.id };
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  }
}
