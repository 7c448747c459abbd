import type { StreamEventBody } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

/** A logged event: its position in the log (the SSE id), its organization, its kind and payload. */
export type StreamEvent = { id: number; organizationId: string } & StreamEventBody;

const COLUMNS = `id, organization_id AS "organizationId", kind, payload`;

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

  async afterForOrganization(organizationId: string, id: number, limit: number): Promise<StreamEvent[]> {
    const result = await this.pool.query<StreamEvent>(
      `SELECT ${COLUMNS} FROM stream_events WHERE organization_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [organizationId, id, limit],
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
