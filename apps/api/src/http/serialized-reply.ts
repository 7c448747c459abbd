import type { FastifyReply } from "fastify";

/** The route's own serializer (compiled from its 200 response schema), as JSON text to keep or send. */
export function serializerOf(reply: Pick<FastifyReply, "serialize">): (payload: unknown) => string {
  return (payload) => {
    const body = reply.serialize(payload);
    return typeof body === "string" ? body : Buffer.from(body as ArrayBuffer).toString("utf8");
  };
}

/** Sends JSON text made by `serializerOf`: Fastify sends a string of a JSON content type as it is. */
export function sendSerialized(reply: Pick<FastifyReply, "type">, body: string) {
  return reply.type("application/json; charset=utf-8").send(body);
}
