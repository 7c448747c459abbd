import type { StreamEventBody } from "@unicorn/contracts";
import type { PoolClient } from "@unicorn/db";

/** The NOTIFY channel that wakes every replica's stream hub when an event is logged. */
export const STREAM_CHANNEL = "unicorn_stream";

/**
 * Logs a live-stream event inside the caller's transaction (the outbox): the event becomes visible, and its
 * NOTIFY is delivered, only when the data it announces is committed.
 */
export async function appendStreamEvent(
  client: PoolClient,
  organizationId: string,
  event: StreamEventBody,
): Promise<void> {
  // The organization's own next sequence number (its counter row stays locked until this transaction ends).
  const stored = await client.query<{ id: number }>(
    `WITH next AS (
       INSERT INTO stream_sequences (organization_id, last_sequence) VALUES ($1, 1)
       ON CONFLICT (organization_id) DO UPDATE SET last_sequence = stream_sequences.last_sequence + 1
       RETURNING last_sequence
     )
     INSERT INTO stream_events (organization_id, sequence, kind, payload)
     SELECT $1, last_sequence, $2, $3 FROM next RETURNING id`,
    [organizationId, event.kind, JSON.stringify(event.payload)],
  );
  await client.query("SELECT pg_notify($1, $2)", [STREAM_CHANNEL, String(stored.rows[0]!.id)]);
}
