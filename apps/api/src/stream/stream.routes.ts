import { Problem, StreamBody, StreamQuery } from "@unicorn/contracts";
import { type FeaturePlugin, SECURITY_HEADERS } from "@unicorn/http";
import type { StreamHub } from "./stream.hub";
import type { StreamEvent } from "./stream.repository";

const HEARTBEAT_MS = 15_000;

function format(event: StreamEvent): string {
  return `id: ${event.sequence}\nevent: ${event.kind}\ndata: ${JSON.stringify(event.payload)}\n\n`;
}

export const streamRoutes: FeaturePlugin<{ hub: StreamHub }> = async (app, { hub }) => {
  app.get(
    "/stream",
    {
      config: { permission: "read" },
      schema: {
        tags: ["live"],
        summary: "Server-Sent Events: new readings (`reading`) and alerts (`alert`) of your organization",
        description:
          "Resumable: send Last-Event-ID (or ?lastEventId=) to receive what you missed (kept for 24 h). EventSource cannot set headers, so a single-use ?ticket= from POST /stream/tickets is accepted here. The stream is closed within seconds when its user is deleted, demoted or logged out.",
        querystring: StreamQuery,
        response: { 200: StreamBody, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const { principal } = request;
      const header = request.headers["last-event-id"];
      const fromQuery = request.query.lastEventId;
      const resumeFrom = Number(typeof header === "string" ? header : fromQuery);

      reply.hijack();
      const raw = reply.raw;
      // A hijacked reply skips Fastify's headers: the security headers are written here too.
      raw.writeHead(200, {
        ...SECURITY_HEADERS,
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
        "x-request-id": request.id,
      });
      raw.write("retry: 2000\n\n");

      // Subscribe before replaying so nothing committed in between is lost; ids remove the overlap.
      let lastSentId = 0;
      let live = false;
      const pending: StreamEvent[] = [];
      // Sequence numbers are the organization's own, and this stream is one organization's.
      const write = (event: StreamEvent) => {
        if (event.sequence <= lastSentId) return;
        lastSentId = event.sequence;
        raw.write(format(event));
      };
      const unsubscribe = hub.subscribe({
        organizationId: principal.organizationId,
        principal,
        send: (event) => (live ? write(event) : pending.push(event)),
        close: () => raw.end(),
      });
      if (Number.isInteger(resumeFrom) && resumeFrom >= 0) {
        lastSentId = resumeFrom;
        for (const event of await hub.replay(principal.organizationId, resumeFrom)) write(event);
      }
      for (const event of pending) write(event);
      live = true;

      const heartbeat = setInterval(() => raw.write(": keep-alive\n\n"), HEARTBEAT_MS);
      request.raw.on("close", () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
};
