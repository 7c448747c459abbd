import { ensureReadingPartitions, type Pool, type PoolClient, withTransaction } from "@unicorn/db";

/** SQL for creating the demo organization; only `unicorn seed` and the first `npm start` use it. */
export class DemoSeedRepository {
  private readonly knownPartitions = new Set<string>();

  constructor(private readonly pool: Pool) {}

  async findOrganization(name: string): Promise<string | undefined> {
    const result = await this.pool.query<{ id: string }>(
      "SELECT id FROM organizations WHERE name = $1 AND deleted_at IS NULL",
      [name],
    );
    return result.rows[0]?.id;
  }

  async findUser(email: string): Promise<{ id: string; organizationId: string } | undefined> {
    const result = await this.pool.query<{ id: string; organizationId: string }>(
      `SELECT id, organization_id AS "organizationId" FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email],
    );
    return result.rows[0];
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.pool.query("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1", [
      userId,
      passwordHash,
    ]);
  }

  /** Deletes an organization and every row that belongs to it (children first), in one transaction. */
  async deleteOrganization(organizationId: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        "DELETE FROM readings WHERE sensor_id IN (SELECT id FROM sensors WHERE organization_id = $1)",
        [organizationId],
      );
      for (const table of [
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
      ]) {
        await client.query(`DELETE FROM ${table} WHERE organization_id = $1`, [organizationId]);
      }
      await client.query(
        "DELETE FROM refresh_tokens WHERE user_id IN (SELECT id FROM users WHERE organization_id = $1)",
        [organizationId],
      );
      await client.query("DELETE FROM users WHERE organization_id = $1", [organizationId]);
      await client.query("DELETE FROM organizations WHERE id = $1", [organizationId]);
    });
  }

  transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  async insertReturningId(
    client: PoolClient,
    table: string,
    values: Record<string, unknown>,
  ): Promise<string> {
    const columns = Object.keys(values);
    const result = await client.query<{ id: string }>(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING id`,
      Object.values(values),
    );
    return result.rows[0]!.id;
  }

  /** Bulk history load in chunks (unnest arrays), idempotent like the ingest API. */
  async insertReadings(rows: { sensorId: string; time: Date; value: number }[]): Promise<void> {
    await ensureReadingPartitions(
      this.pool,
      rows.map((r) => r.time),
      this.knownPartitions,
    );
    const chunk = 20_000;
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      await this.pool.query(
        `INSERT INTO readings (sensor_id, time, value)
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[]) ON CONFLICT DO NOTHING`,
        [part.map((r) => r.sensorId), part.map((r) => r.time.toISOString()), part.map((r) => r.value)],
      );
    }
  }
}
