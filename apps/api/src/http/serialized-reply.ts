import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";

/** The content codings a kept body is sent in besides identity, the smaller first (RFC 9110 §8.4.1). */
export type ContentCoding = "br" | "gzip";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
/**
 * Brotli quality 5: for these JSON bodies it is about 40 % smaller than gzip's default level and no slower to
 * make (a season of 6-hour buckets for a field's 8 sensors, 499 KB of JSON: 17 KB in 3 ms, gzip 30 KB in 7 ms);
 * from quality 6 on it costs several times as long for a few per cent less.
 */
const BROTLI_OPTIONS = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};
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
 * a client's If-None-Match holds wherever it lands) and, made on first demand, its brotli and gzip encodings.
 * Each costs once per render instead of once per request.
 */
export class RenderedBody {
  readonly etag: string;
  private readonly encodings = new Map<ContentCoding, Promise<Buffer>>();

  constructor(readonly json: string) {
    this.etag = `"${createHash("sha256").update(json).digest("base64url").slice(0, 32)}"`;
  }

  encoded(coding: ContentCoding): Promise<Buffer> {
    let encoded = this.encodings.get(coding);
    if (!encoded) {
      encoded = coding === "br" ? brotli(this.json, BROTLI_OPTIONS) : gzipped(this.json);
      this.encodings.set(coding, encoded);
    }
    return encoded;
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

/**
 * The coding to send a kept body in, from Accept-Encoding (RFC 9110 §12.5.3): of br and gzip, the one the client
 * weighs highest, each named or covered by `*`, with a non-zero weight; br on a tie (browsers send
 * "gzip, deflate, br", all weighed 1). Undefined: identity.
 */
export function preferredCoding(acceptEncoding: string | undefined): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [coding = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const weight = parameters.find((parameter) => parameter.startsWith("q="));
    weights.set(coding, weight === undefined ? 1 : Number(weight.slice(2)));
  }
  const weightOf = (coding: ContentCoding) => weights.get(coding) ?? weights.get("*") ?? 0;
  const br = weightOf("br");
  const gzip = weightOf("gzip");
  if (br > 0 && br >= gzip) return "br";
  return gzip > 0 ? "gzip" : undefined;
}

/**
 * Sends a kept body: 304 and no body when the client already holds this one, else the JSON, in brotli or gzip
 * when the client accepts one. `no-cache` lets a browser keep the body but ask before each use, which the ETag
 * answers. JSON text computed for this request alone is sent as it is.
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
  const coding =
    body.json.length >= COMPRESS_FROM_BYTES ? preferredCoding(request.headers["accept-encoding"]) : undefined;
  if (coding) return reply.header("content-encoding", coding).send(await body.encoded(coding));
  return reply.send(body.json);
}
