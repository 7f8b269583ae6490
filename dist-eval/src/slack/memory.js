// Small bounded in-memory stores with a time to live: seen event ids, claimed messages, answered threads, reports.
// A restart forgets them, which is safe: the worst case is one duplicate reply to a redelivery that straddles a restart.
export class TtlMap {
    ttlMs;
    maxEntries;
    now;
    map = new Map();
    constructor(ttlMs, maxEntries, now = Date.now) {
        this.ttlMs = ttlMs;
        this.maxEntries = maxEntries;
        this.now = now;
    }
    get(key) {
        const hit = this.map.get(key);
        if (!hit)
            return undefined;
        if (hit.expires <= this.now()) {
            this.map.delete(key);
            return undefined;
        }
        return hit.value;
    }
    has(key) {
        return this.get(key) !== undefined;
    }
    set(key, value) {
        this.map.delete(key); // re-insert at the end: Map keeps insertion order, the oldest entry is evicted first
        this.map.set(key, { value, expires: this.now() + this.ttlMs });
        while (this.map.size > this.maxEntries)
            this.map.delete(this.map.keys().next().value);
    }
    /** Sets the key unless it is already there; true when this call set it (first come, first served). */
    claim(key, value) {
        if (this.has(key))
            return false;
        this.set(key, value);
        return true;
    }
    get size() {
        return this.map.size;
    }
}
