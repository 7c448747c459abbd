/**
 * The live stream (Server-Sent Events): its query and the payload of each event kind. An event's SSE `id` is
 * its position in the organization's own stream (1, 2, 3… per organization: it says nothing of others' activity),
 * `event` its kind and `data` the payload below as JSON.
 */
import { type Static, Type } from "typebox";
import { Alert } from "./alerts";
import { IsoDateTime, Uuid } from "./common";

export const StreamQuery = Type.Object({
  ticket: Type.Optional(
    Type.String({
      description: "a stream ticket from POST /stream/tickets (EventSource cannot send headers)",
    }),
  ),
  lastEventId: Type.Optional(
    Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "resume after this event id" }),
  ),
});
export type StreamQuery = Static<typeof StreamQuery>;

/** The response body as OpenAPI sees it; the route writes the event stream itself. */
export const StreamBody = Type.String({ description: "text/event-stream" });

export const StreamedReading = Type.Object({
  sensorId: Uuid,
  fieldId: Uuid,
  time: IsoDateTime,
  value: Type.Number(),
});
export type StreamedReading = Static<typeof StreamedReading>;

/** `reading` event: a committed ingest batch (large batches carry the newest reading per sensor). */
export const ReadingsStreamPayload = Type.Object({
  total: Type.Integer({ description: "readings accepted in the batch" }),
  readings: Type.Array(StreamedReading),
});
export type ReadingsStreamPayload = Static<typeof ReadingsStreamPayload>;

/** `alert` event: a newly raised alert. */
export const AlertStreamPayload = Alert;
export type AlertStreamPayload = Alert;

export const STREAM_EVENT_KINDS = ["reading", "alert"] as const;
export type StreamEventKind = (typeof STREAM_EVENT_KINDS)[number];

/** An event as written to the stream log, its kind naming its payload. */
export type StreamEventBody =
  | { kind: "reading"; payload: ReadingsStreamPayload }
  | { kind: "alert"; payload: AlertStreamPayload };
