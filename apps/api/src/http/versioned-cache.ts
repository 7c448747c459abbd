/**
 * Rendered responses (or anything costly to make) kept per key and served while the data they were made from
 * has not changed. The caller gives the data's current version with every request (a `ReadFreshness` token:
 * a write through any api replica changes it) and the entry is rendered again when it differs from the
 * stored entry's. Concurrent misses on one key and version
 * share a single render. Entries also expire after `maxAgeMs`, a bound on staleness for any change a version
 * does not see, and the least recently used go past `maxEntries`.
 */
export class VersionedCache<T = string> {
  private readonly entries = new Map<string, { version: string; body: Promise<T>; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
    /** Told whether each request was served a kept entry (a hit) or rendered (a miss). */
    private readonly onLookup: (outcome: "hit" | "miss") => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async serve(key: string, version: string, render: () => Promise<T>): Promise<T> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.version === version && now - entry.at < this.maxAgeMs) {
      // Re-inserting moves the key to the end: Map order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.onLookup("hit");
      return entry.body;
    }
    this.onLookup("miss");
    const body = render();
    const fresh = { version, body, at: now };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A failed render (404, database error) is never served to anyone else.
    body.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    return body;
  }
}
