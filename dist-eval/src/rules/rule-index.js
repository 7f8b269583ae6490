export class RuleIndex {
    byReason = new Map();
    byWord = new Map();
    /** Signals with neither a reason nor an indexable word (exit code or readiness only): tested on every signal. */
    scanned = [];
    constructor(rules) {
        for (const rule of rules) {
            for (const s of rule.signals) {
                if (s.reasons)
                    for (const r of s.reasons)
                        push(this.byReason, r, s);
                else if (s.message?.keys.length)
                    for (const k of s.message.keys)
                        push(this.byWord, k, s);
                else
                    this.scanned.push(s);
            }
        }
    }
    candidates(signal, words) {
        const out = new Set(this.scanned);
        if (signal.reason)
            for (const s of this.byReason.get(signal.reason.toLowerCase()) ?? [])
                out.add(s);
        if (signal.message) {
            for (const w of words) {
                const hits = this.byWord.get(w);
                if (hits)
                    for (const s of hits)
                        out.add(s);
            }
        }
        return out;
    }
    /** Rule signals tested on every signal (lint reports them: they cost time on every line). */
    get unindexed() {
        return this.scanned.filter((s) => s.message);
    }
}
function push(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
