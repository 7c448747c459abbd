/**
 * Reads a number out of a decoded payload by a dotted path; a segment `name[key=value]` takes the array `name`
 * and picks the first element (searching nested arrays, as SenseCAP decoders nest them) whose `key` equals
 * `value`.
 */
const SELECTOR = /^([^[\]]*)\[([^=\]]+)=([^\]]*)\]$/;

function findInArray(list: unknown[], key: string, wanted: string): unknown {
  for (const element of list) {
    if (Array.isArray(element)) {
      const found = findInArray(element, key, wanted);
      if (found !== undefined) return found;
    } else if (
      element &&
      typeof element === "object" &&
      String((element as Record<string, unknown>)[key]) === wanted
    )
      return element;
  }
  return undefined;
}

export function readPath(decoded: unknown, path: string): unknown {
  let current: unknown = decoded;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    const selector = SELECTOR.exec(segment);
    if (!selector) {
      current = Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
      continue;
    }
    const [, name, key, wanted] = selector;
    const list = name ? (current as Record<string, unknown>)[name!] : current;
    if (!Array.isArray(list)) return undefined;
    current = findInArray(list, key!, wanted!);
  }
  return current;
}

// Vendors' decoders often emit text: "23.45", or with the unit, "23.45 %" and "3.1 V" (Dragino).
const NUMBER_WITH_UNIT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?:\s*[^\d\s][^\d]*)?\s*$/;

/**
 * A number at the first of `paths` (alternatives separated by `|`) that holds one; numeric text, with or
 * without a trailing unit, counts. Anything else is undefined.
 */
export function readNumber(decoded: unknown, paths: string): number | undefined {
  for (const path of paths.split("|")) {
    const value = readPath(decoded, path);
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string") {
      const match = NUMBER_WITH_UNIT.exec(value);
      if (match) return Number(match[1]);
    }
  }
  return undefined;
}
