import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";

const gzipped = promisify(gzip);
/** Below this a body is sent as it is: compressing saves less than its own headers cost. */
const COMPRESS_FROM_BYTES = 1_024;

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

/**
 * A response body kept for many requests: its JSON, an entity tag of that text (the same on every replica, so
 * a client's If-None-Match holds wherever it lands) and, made on first demand, its gzip encoding. Each costs
 * once per render instead of once per request.
 */
export class RenderedBody {
  readonly etag: string;
  private gzip: Promise<Buffer> | undefined;

  constructor(readonly json: string) {
    this.etag = `"${createHash("sha256").update(json).digest("base64url").slice(0, 32)}"`;
  }

  gzipped(): Promise<Buffer> {
    this.gzip ??= gzipped(this.json);
    return this.gzip;
  }
}

/** Whether If-None-Match names `etag` (a list of tags, weak ones compared weakly, or `*`; RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  for (const part of ifNoneMatch.split(",")) {
    const tag = part.trim();
    if (tag === "*" || tag === etag || tag === `W/${etag}`) return true;
  }
  return false;
}

/** Whether Accept-Encoding allows gzip: named, or `*`, with a non-zero weight (RFC 9110 §12.5.3). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [coding = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const weight = parameters.find((parameter) => parameter.startsWith("q="));
    weights.set(coding, weight === undefined ? 1 : Number(weight.slice(2)));
  }
  return (weights.get("gzip") ?? weights.get("*") ?? 0) > 0;
}

/**
 * Sends a kept body: 304 and no body when the client already holds this one, else the JSON, gzipped when the
 * client accepts it. `no-cache` lets a browser keep the body but ask before each use, which the ETag answers.
 * JSON text computed for this request alone is sent as it is.
 */
export async function sendRendered(
  request: Pick<FastifyRequest, "headers">,
  reply: FastifyReply,
  body: RenderedBody | string,
) {
  if (typeof body === "string") return sendSerialized(reply, body);
  reply
    .header("etag", body.etag)
    .header("cache-control", "private, no-cache")
    .header("vary", "accept-encoding");
  if (matchesEtag(request.headers["if-none-match"], body.etag)) return reply.code(304).send();
  reply.type("application/json; charset=utf-8");
  if (body.json.length >= COMPRESS_FROM_BYTES && acceptsGzip(request.headers["accept-encoding"]))
    return reply.header("content-encoding", "gzip").send(await body.gzipped());
  return reply.send(body.json);
}
