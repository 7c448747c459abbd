/**
 * JSON ingest bodies (`[...]` or `{"readings": [...]}`, RFC 8259) read as they stream in. Only the structure
 * around the readings array is scanned here; each element's text is cut out (at most MAX_LINE_CHARS) and handed to
 * JSON.parse on its own. So reading stops at the item cap, and no more than one element plus the readings kept so
 * far is ever held: a 32 MB body of `{},{},...` is refused after 50,000 items, not parsed into ten million
 * objects. A malformed element is that item's error (as an NDJSON line is); a malformed structure is a 400.
 */
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { errors } from "@unicorn/http";
import {
  asReading,
  consumeBody,
  type IngestLimits,
  MAX_LINE_CHARS,
  ParsedReadings,
  type RawReading,
  tooManyItems,
} from "./ingest-parsers";

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const MAX_KEY_CHARS = 256;

type Phase =
  | "start"
  | "key-or-end" // inside the top object, before a key (or `}`)
  | "key-next" // after a comma in the top object: a key must follow
  | "key"
  | "colon"
  | "value" // the value of a top-object key: the readings array, or any value to skip
  | "after-value" // `,` or `}` in the top object
  | "element-or-end" // inside the readings array, before an element (or `]` when empty)
  | "element"
  | "after-element" // `,` or `]`
  | "done";

/** A value being scanned to its end: nesting depth, string state, and the text kept (elements only). */
interface ValueScan {
  keep: boolean;
  text: string;
  overlong: boolean;
  depth: number;
  inString: boolean;
  escaped: boolean;
  /** A bare number, true, false or null: it ends at the first delimiter. */
  scalar: boolean;
}

const syntax = (detail: string) => errors.badRequest(`the body is not valid JSON: ${detail}`, "body");
const shape = () =>
  errors.badRequest("expected a JSON array of readings or an object with a readings array", "body");

export class JsonReadingsCollector {
  readonly items: RawReading[] = [];
  private phase: Phase = "start";
  private topIsObject = false;
  private key = "";
  private keyEscaped = false;
  private currentKey = "";
  private sawReadings = false;
  private scan: ValueScan | undefined;

  constructor(
    private readonly maxItems: number,
    private readonly maxElementChars: number,
    private readonly toReading: (parsed: unknown) => RawReading,
  ) {}

  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.scan) {
        i = this.continueScan(text, i);
        continue;
      }
      if (WHITESPACE.has(c) && this.phase !== "key") continue;
      this.step(c);
    }
  }

  end(): RawReading[] {
    // A bare number at the very end of the body has no delimiter after it.
    if (this.scan?.scalar) this.finishScan();
    if (this.phase !== "done") throw syntax("the body ends before the JSON is complete");
    if (this.topIsObject && !this.sawReadings) throw shape();
    return this.items;
  }

  private step(c: string): void {
    switch (this.phase) {
      case "start":
        if (c === "[") this.phase = "element-or-end";
        else if (c === "{") {
          this.topIsObject = true;
          this.phase = "key-or-end";
        } else throw shape();
        return;
      case "key-or-end":
        if (c === "}") this.phase = "done";
        else if (c === '"') this.startKey();
        else throw syntax("expected a key");
        return;
      case "key-next":
        if (c === '"') this.startKey();
        else throw syntax('expected a key after ","');
        return;
      case "key":
        this.keyChar(c);
        return;
      case "colon":
        if (c !== ":") throw syntax(`expected ":" after "${this.currentKey}"`);
        this.phase = "value";
        return;
      case "value":
        if (this.currentKey === "readings") {
          if (c !== "[") throw shape();
          if (this.sawReadings) throw errors.badRequest("the body names readings twice", "body");
          this.sawReadings = true;
          this.phase = "element-or-end";
        } else this.startScan(c, false);
        return;
      case "after-value":
        // After a comma a key must follow: a trailing comma before `}` is no JSON.
        if (c === ",") this.phase = "key-next";
        else if (c === "}") this.phase = "done";
        else throw syntax('expected "," or "}"');
        return;
      case "element-or-end":
        // `]` only closes an empty array here: after a comma it would be a trailing comma.
        if (c === "]" && this.items.length === 0) {
          this.closeArray();
          return;
        }
        if (this.items.length >= this.maxItems) throw tooManyItems(this.maxItems);
        this.startScan(c, true);
        return;
      case "after-element":
        if (c === ",") this.phase = "element-or-end";
        else if (c === "]") this.closeArray();
        else throw syntax('expected "," or "]" between readings');
        return;
      case "done":
        throw syntax("more content after the end of the JSON value");
    }
  }

  private closeArray(): void {
    this.phase = this.topIsObject ? "after-value" : "done";
  }

  private startKey(): void {
    this.key = '"';
    this.keyEscaped = false;
    this.phase = "key";
  }

  private keyChar(c: string): void {
    if (this.key.length > MAX_KEY_CHARS) throw syntax("a key is too long");
    this.key += c;
    if (this.keyEscaped) this.keyEscaped = false;
    else if (c === "\\") this.keyEscaped = true;
    else if (c === '"') {
      try {
        this.currentKey = JSON.parse(this.key) as string;
      } catch {
        throw syntax("a key is not a valid string");
      }
      this.phase = "colon";
    }
  }

  private startScan(c: string, keep: boolean): void {
    const opens = c === "{" || c === "[";
    if (!opens && c !== '"' && !/[-0-9tfn]/.test(c)) throw syntax(`unexpected "${c}"`);
    this.scan = {
      keep,
      text: keep ? c : "",
      overlong: false,
      depth: opens ? 1 : 0,
      inString: c === '"',
      escaped: false,
      scalar: !opens && c !== '"',
    };
  }

  /** Scans from `start` until the value ends or the chunk does; returns the index of the last character used. */
  private continueScan(text: string, start: number): number {
    const scan = this.scan!;
    for (let i = start; i < text.length; i++) {
      const c = text[i]!;
      if (scan.scalar) {
        if (WHITESPACE.has(c) || c === "," || c === "]" || c === "}") {
          this.keep(scan, text, start, i);
          this.finishScan();
          // The delimiter belongs to the structure around the value.
          if (!WHITESPACE.has(c)) this.step(c);
          return i;
        }
      } else if (scan.inString) {
        if (scan.escaped) scan.escaped = false;
        else if (c === "\\") scan.escaped = true;
        else if (c === '"') scan.inString = false;
      } else if (c === '"') scan.inString = true;
      else if (c === "{" || c === "[") scan.depth += 1;
      else if (c === "}" || c === "]") scan.depth -= 1;
      if (!scan.scalar && !scan.inString && scan.depth === 0) {
        this.keep(scan, text, start, i + 1);
        this.finishScan();
        return i;
      }
    }
    this.keep(scan, text, start, text.length);
    return text.length;
  }

  /** Keeps text[from, to) of an element, up to the element limit (past it, the element is only scanned). */
  private keep(scan: ValueScan, text: string, from: number, to: number): void {
    if (!scan.keep || scan.overlong) return;
    if (scan.text.length + (to - from) > this.maxElementChars) {
      scan.overlong = true;
      scan.text = "";
    } else scan.text += text.slice(from, to);
  }

  private finishScan(): void {
    const scan = this.scan!;
    this.scan = undefined;
    if (!scan.keep) {
      this.phase = "after-value";
      return;
    }
    this.phase = "after-element";
    const index = this.items.length;
    if (scan.overlong) {
      this.items.push({ parseError: `item ${index} is longer than ${this.maxElementChars} characters` });
      return;
    }
    try {
      this.items.push(this.toReading(JSON.parse(scan.text)));
    } catch {
      this.items.push({ parseError: `item ${index} is not valid JSON` });
    }
  }
}

/** A JSON ingest body from the request stream: stops reading as soon as the cap, the limit or a fault is met. */
export async function readJsonStream(
  payload: Readable,
  contentLength: string | undefined,
  limits: IngestLimits,
): Promise<ParsedReadings> {
  const collector = new JsonReadingsCollector(limits.maxItems, MAX_LINE_CHARS, asReading);
  const decoder = new StringDecoder("utf8");
  await consumeBody(payload, limits.maxBytes, contentLength, (chunk) => collector.push(decoder.write(chunk)));
  collector.push(decoder.end());
  return new ParsedReadings(collector.end());
}
