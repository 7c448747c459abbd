import type { ApiKey, ApiKeyRole } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: ApiKeyRole;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, name, prefix, role, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export class ApiKeysRepository {
  constructor(private readonly pool: Pool) {}

  async list(organizationId: string): Promise<ApiKey[]> {
    const result = await this.pool.query<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_keys WHERE organization_id = $1 ORDER BY created_at DESC`,
      [organizationId],
    );
    return result.rows.map(toApiKey);
  }

  async insert(
    organizationId: string,
    key: { name: string; prefix: string; keyHash: string; role: ApiKeyRole; createdBy: string | undefined },
  ): Promise<ApiKey> {
    const result = await this.pool.query<ApiKeyRow>(
      `INSERT INTO api_keys (organization_id, name, prefix, key_hash, role, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [organizationId, key.name, key.prefix, key.keyHash, key.role, key.createdBy ?? null],
    );
    return toApiKey(result.rows[0]!);
  }

  /** Returns the revoked key's hash (to evict it from caches), or undefined when there was nothing to revoke. */
  async revoke(organizationId: string, id: string): Promise<string | undefined> {
    const result = await this.pool.query<{ keyHash: string }>(
      `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND organization_id = $2 AND revoked_at IS NULL
       RETURNING key_hash AS "keyHash"`,
      [id, organizationId],
    );
    return result.rows[0]?.keyHash;
  }

  /** Revokes every active key of the organization with this name; returns their hashes (to evict from caches). */
  async revokeByName(organizationId: string, name: string): Promise<{ id: string; keyHash: string }[]> {
    const result = await this.pool.query<{ id: string; keyHash: string }>(
      `UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND name = $2 AND revoked_at IS NULL
       RETURNING id, key_hash AS "keyHash"`,
      [organizationId, name],
    );
    return result.rows;
  }
}
