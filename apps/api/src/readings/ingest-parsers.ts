/**
 * Turns ingest bodies into readings to validate one by one (CSV rows: readings-csv.ts; JSON from a request:
 * json-readings-stream.ts). NDJSON arrives as a
 * stream and is read line by line: reading stops at the item cap or the body limit, and no more than one line
 * (at most MAX_LINE_CHARS) plus the items kept so far is ever held.
 */
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { errors } from "@unicorn/http";

/** One submitted reading before validation: anything a client might send. */
export interface RawReading {
  sensorId?: unknown;
  time?: unknown;
  value?: unknown;
  /** Set by a parser when the item could not even be read (e.g. an NDJSON line that is not JSON). */
  parseError?: string;
}

export interface IngestLimits {
  maxItems: number;
  maxBytes: number;
}

/** A reading is three short fields: a line longer than this is that item's error, never parsed. */
export const MAX_LINE_CHARS = 1_024;

/** What the JSON and NDJSON content-type parsers hand the route: items read from the stream. */
export class ParsedReadings {
  constructor(readonly items: RawReading[]) {}
}

export const tooManyItems = (maxItems: number) =>
  errors.badRequest(`a batch holds at most ${maxItems} readings; send the rest in another request`, "body");
export const bodyTooLarge = (maxBytes: number) =>
  errors.tooLarge(`the body is larger than ${maxBytes} bytes`, "body");

/** Keeps only a reading's own fields, so a line's other content is not held for the whole batch. */
export function asReading(parsed: unknown): RawReading {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return parsed as RawReading;
  const source = parsed as RawReading;
  const reading: RawReading = {};
  if ("sensorId" in source) reading.sensorId = source.sensorId;
  if ("time" in source) reading.time = source.time;
  if ("value" in source) reading.value = source.value;
  return reading;
}

/** JSON body: an array of readings, or `{ "readings": [...] }`. */
export function readingsFromJson(body: unknown): RawReading[] {
  if (Array.isArray(body)) return body as RawReading[];
  if (body && typeof body === "object" && Array.isArray((body as { readings?: unknown }).readings)) {
    return (body as { readings: RawReading[] }).readings;
  }
  throw errors.badRequest("expected a JSON array of readings or an object with a readings array", "body");
}

/** Splits NDJSON text as it arrives; a line that is not JSON becomes an item error, not a failed batch. */
class NdjsonCollector {
  readonly items: RawReading[] = [];
  private line = "";
  private lineNumber = 0;
  private overlong = false;

  constructor(private readonly maxItems: number) {}

  push(text: string): void {
    let start = 0;
    for (let newline = text.indexOf("\n"); newline >= 0; newline = text.indexOf("\n", start)) {
      this.append(text.slice(start, newline));
      this.endLine();
      start = newline + 1;
    }
    this.append(text.slice(start));
  }

  end(): RawReading[] {
    this.endLine();
    return this.items;
  }

  private append(part: string): void {
    if (this.overlong) return;
    if (this.line.length + part.length > MAX_LINE_CHARS) {
      this.overlong = true;
      this.line = "";
    } else this.line += part;
  }

  private endLine(): void {
    this.lineNumber += 1;
    const trimmed = this.line.trim();
    const overlong = this.overlong;
    this.line = "";
    this.overlong = false;
    if (!trimmed && !overlong) return;
    if (this.items.length >= this.maxItems) throw tooManyItems(this.maxItems);
    if (overlong) {
      this.items.push({ parseError: `line ${this.lineNumber} is longer than ${MAX_LINE_CHARS} characters` });
      return;
    }
    try {
      this.items.push(asReading(JSON.parse(trimmed)));
    } catch {
      this.items.push({ parseError: `line ${this.lineNumber} is not valid JSON` });
    }
  }
}

/** NDJSON text already in memory (tests, small bodies). */
export function readingsFromNdjson(text: string, maxItems = Number.POSITIVE_INFINITY): RawReading[] {
  const collector = new NdjsonCollector(maxItems);
  collector.push(text);
  return collector.end();
}

/**
 * Feeds a body to `onChunk` as it arrives, refusing it past `maxBytes` (whatever Content-Length claimed) or when
 * `onChunk` throws. On refusal the listeners are removed and the stream keeps flowing unread (like Fastify's own
 * body limit), so the rest of an oversized upload is discarded as it arrives and the answer still gets out.
 */
export function consumeBody(
  payload: Readable,
  maxBytes: number,
  contentLength: string | undefined,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  if (Number(contentLength) > maxBytes) return Promise.reject(bodyTooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const detach = () => {
      payload.removeListener("data", onData);
      payload.removeListener("end", onEnd);
      payload.removeListener("error", onError);
    };
    const fail = (error: unknown) => {
      detach();
      reject(error);
    };
    function onData(chunk: Buffer | string) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      if (bytes > maxBytes) return fail(bodyTooLarge(maxBytes));
      try {
        onChunk(buffer);
      } catch (error) {
        fail(error);
      }
    }
    function onEnd() {
      detach();
      resolve();
    }
    function onError(error: Error) {
      fail(Object.assign(error, { statusCode: 400 }));
    }
    payload.on("data", onData);
    payload.on("end", onEnd);
    payload.on("error", onError);
    payload.resume();
  });
}

/** NDJSON from the request stream: stops reading as soon as the cap or the limit is passed. */
export async function readNdjsonStream(
  payload: Readable,
  contentLength: string | undefined,
  limits: IngestLimits,
): Promise<ParsedReadings> {
  const collector = new NdjsonCollector(limits.maxItems);
  const decoder = new StringDecoder("utf8");
  await consumeBody(payload, limits.maxBytes, contentLength, (chunk) => collector.push(decoder.write(chunk)));
  collector.push(decoder.end());
  return new ParsedReadings(collector.end());
}
