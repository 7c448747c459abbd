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
  const stored = await client.query<{ id: number }>(
    "INSERT INTO stream_events (organization_id, kind, payload) VALUES ($1, $2, $3) RETURNING id",
    [organizationId, event.kind, JSON.stringify(event.payload)],
  );
  await client.query("SELECT pg_notify($1, $2)", [STREAM_CHANNEL, String(stored.rows[0]!.id)]);
}
