import type { StreamEventBody } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

/**
 * A logged event: its position in the whole log (`id`, internal: the replicas' fetch cursor), its position in its
 * organization's stream (`sequence`, the SSE id clients see and resume from), its organization, kind and payload.
 */
export type StreamEvent = { id: number; sequence: number; organizationId: string } & StreamEventBody;

// bigint columns arrive as text from pg; both stay far below 2^53.
const COLUMNS = `id::float8 AS id, sequence::float8 AS sequence, organization_id AS "organizationId", kind, payload`;

export class StreamRepository {
  constructor(private readonly pool: Pool) {}

  async newestId(): Promise<number> {
    const result = await this.pool.query<{ id: number | null }>("SELECT max(id) AS id FROM stream_events");
    return result.rows[0]?.id ?? 0;
  }

  async after(id: number, limit: number): Promise<StreamEvent[]> {
    const result = await this.pool.query<StreamEvent>(
      `SELECT ${COLUMNS} FROM stream_events WHERE id > $1 ORDER BY id LIMIT $2`,
      [id, limit],
    );
    return result.rows;
  }

  /** The organization's events after its own sequence number `sequence`. */
  async afterForOrganization(
    organizationId: string,
    sequence: number,
    limit: number,
  ): Promise<StreamEvent[]> {
    const result = await this.pool.query<StreamEvent>(
      `SELECT ${COLUMNS} FROM stream_events WHERE organization_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
      [organizationId, sequence, limit],
    );
    return result.rows;
  }

  /** The stream log is for resuming a dropped connection, not for history: keep a day. */
  async prune(olderThanHours: number): Promise<number> {
    const result = await this.pool.query(
      "DELETE FROM stream_events WHERE created_at < now() - make_interval(hours => $1)",
      [olderThanHours],
    );
    return result.rowCount ?? 0;
  }
}
