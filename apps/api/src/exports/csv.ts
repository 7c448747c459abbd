/**
 * CSV text safe to open in a spreadsheet.
 *
 * Quoting follows RFC 4180 §2 (Shafranovich, 2005): a field holding a comma, a double quote, CR or LF is enclosed
 * in double quotes and its double quotes are doubled; lines end with CRLF.
 *
 * Formula injection follows OWASP's "CSV Injection" guidance: a cell whose text begins with `=`, `+`, `-`, `@`,
 * a tab or a carriage return is prefixed with a single quote, so Excel, LibreOffice and Google Sheets show it as
 * text instead of evaluating it. Numbers are written as numbers (a negative reading stays -3.5, not '-3.5):
 * only text that came from a person (names, notes) can carry a formula.
 */

export type CsvValue = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = value instanceof Date ? value.toISOString() : value;
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A CSV document as a stream of lines: the header, then each row of each batch as it arrives. */
export async function* csvLines<Row>(
  header: readonly string[],
  batches: AsyncIterable<readonly Row[]>,
  toValues: (row: Row) => readonly CsvValue[],
): AsyncGenerator<string> {
  yield csvLine(header);
  for await (const batch of batches) {
    // One chunk per batch: fewer, larger writes to the socket than one per row.
    let chunk = "";
    for (const row of batch) chunk += csvLine(toValues(row));
    if (chunk) yield chunk;
  }
}
