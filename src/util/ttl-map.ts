// A small bounded in-memory map with a time to live per entry: seen event ids, claimed messages, reports, rate-limit
// windows. A restart forgets it, which is safe: the worst case is one duplicate reply to a redelivery that straddles
// a restart.

export class TtlMap<V> {
  private readonly map = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.expires <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return hit.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** `ttlMs` overrides the map's default time to live for this entry. */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.map.delete(key); // re-insert at the end: Map keeps insertion order, the oldest entry is evicted first
    this.map.set(key, { value, expires: this.now() + ttlMs });
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
  }

  /** Sets the key unless it is already there; true when this call set it (first come, first served). */
  claim(key: string, value: V, ttlMs = this.ttlMs): boolean {
    if (this.has(key)) return false;
    this.set(key, value, ttlMs);
    return true;
  }

  get size(): number {
    return this.map.size;
  }
}
