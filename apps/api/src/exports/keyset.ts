/**
 * Pages through a query with keyset pagination (WHERE key > last key), so a long export holds one page at a time
 * and later pages cost as little as the first. Stops after a short page or `maxRows` rows in all.
 */
export async function* keysetBatches<Row, Key>(
  fetchPage: (after: Key | null, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  { pageSize, maxRows = Number.POSITIVE_INFINITY }: { pageSize: number; maxRows?: number },
): AsyncGenerator<Row[]> {
  let after: Key | null = null;
  let sent = 0;
  while (sent < maxRows) {
    const limit = Math.min(pageSize, maxRows - sent);
    const rows = await fetchPage(after, limit);
    if (rows.length > 0) yield rows;
    sent += rows.length;
    if (rows.length < limit) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}
