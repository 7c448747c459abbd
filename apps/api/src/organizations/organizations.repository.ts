import { type Pool, withTransaction } from "@unicorn/db";

/** Tables holding an organization's rows, children before parents, for deleting one whole. */
const OWNED_TABLES = [
  "sync_conflicts",
  "sync_change_horizons",
  "sync_sites",
  "gateway_devices",
  "gateways",
  "observations",
  "irrigation_systems",
  "season_forecast_snapshots",
  "stream_events",
  "alerts",
  "predictions",
  "recommendations",
  "field_events",
  "sensors",
  "seasons",
  "fields",
  "farms",
  "api_keys",
];

/** SQL for setting up an operator's organizations: created with their first admin, found by name, deleted. */
export class OrganizationsRepository {
  constructor(private readonly pool: Pool) {}

  async findByName(name: string): Promise<string | undefined> {
    const result = await this.pool.query<{ id: string }>(
      "SELECT id FROM organizations WHERE name = $1 AND deleted_at IS NULL",
      [name],
    );
    return result.rows[0]?.id;
  }

  async emailTaken(email: string): Promise<boolean> {
    const result = await this.pool.query(
      "SELECT 1 FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL",
      [email],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** The organization and its admin together or not at all. */
  createWithAdmin(
    name: string,
    admin: { email: string; name: string; passwordHash: string },
  ): Promise<{ organizationId: string; adminId: string }> {
    return withTransaction(this.pool, async (client) => {
      const organization = await client.query<{ id: string }>(
        "INSERT INTO organizations (name) VALUES ($1) RETURNING id",
        [name],
      );
      const organizationId = organization.rows[0]!.id;
      const user = await client.query<{ id: string }>(
        `INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, $2, $3, 'admin', $4)
         RETURNING id`,
        [organizationId, admin.email, admin.name, admin.passwordHash],
      );
      return { organizationId, adminId: user.rows[0]!.id };
    });
  }

  /** True when the organization has a user with this e-mail (whose password is now the one given). */
  async setPassword(organizationId: string, email: string, passwordHash: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE users SET password_hash = $3, updated_at = now(), version = version + 1
       WHERE organization_id = $1 AND lower(email) = lower($2) AND deleted_at IS NULL`,
      [organizationId, email, passwordHash],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** Deletes an organization and every row that belongs to it (children first), in one transaction. */
  delete(organizationId: string): Promise<void> {
    return withTransaction(this.pool, async (client) => {
      for (const table of ["readings", "reading_rollups_hourly", "reading_rollups_daily", "sensor_latest"])
        await client.query(
          `DELETE FROM ${table} WHERE sensor_id IN (SELECT id FROM sensors WHERE organization_id = $1)`,
          [organizationId],
        );
      await client.query(
        "DELETE FROM gateway_device_sensors WHERE device_id IN (SELECT id FROM gateway_devices WHERE organization_id = $1)",
        [organizationId],
      );
      for (const table of OWNED_TABLES)
        await client.query(`DELETE FROM ${table} WHERE organization_id = $1`, [organizationId]);
      await client.query(
        "DELETE FROM refresh_tokens WHERE user_id IN (SELECT id FROM users WHERE organization_id = $1)",
        [organizationId],
      );
      await client.query("DELETE FROM users WHERE organization_id = $1", [organizationId]);
      await client.query("DELETE FROM organizations WHERE id = $1", [organizationId]);
    });
  }
}
