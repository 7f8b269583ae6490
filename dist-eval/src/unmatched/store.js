// Pastes that nothing matched, kept so operators see which rules to write next: redacted text (the pipeline
// redacts before anything else), bounded in size and count, in a local JSON-lines file.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normalise } from '../normalise/normalise.js';
import { redact } from '../redact/redact.js';
const MAX_TEXT = 4000;
const MAX_ENTRIES = 500;
export function defaultUnmatchedFile() {
    return process.env.KUBE_DOCTOR_UNMATCHED_FILE ?? join(process.env.KUBE_DOCTOR_DATA_DIR ?? '.kube-doctor', 'unmatched.jsonl');
}
export class UnmatchedStore {
    file;
    constructor(file = defaultUnmatchedFile()) {
        this.file = file;
    }
    add(rawText, surface, kind) {
        const text = redact(normalise(rawText).text);
        const entry = {
            at: new Date().toISOString(),
            surface,
            hash: createHash('sha256').update(rawText).digest('hex').slice(0, 16),
            bytes: Buffer.byteLength(rawText),
            kind,
            text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '\n…' : text,
        };
        mkdirSync(dirname(this.file), { recursive: true });
        if (this.list().some((e) => e.hash === entry.hash))
            return entry; // the same paste twice is one entry
        appendFileSync(this.file, JSON.stringify(entry) + '\n');
        this.trim();
        return entry;
    }
    /** Newest first. Lines that are not valid JSON (a crash mid-write) are skipped, not fatal. */
    list(limit = MAX_ENTRIES) {
        if (!existsSync(this.file))
            return [];
        const entries = [];
        for (const line of readFileSync(this.file, 'utf8').split('\n')) {
            if (!line.trim())
                continue;
            try {
                entries.push(JSON.parse(line));
            }
            catch {
                /* skip a torn line */
            }
        }
        return entries.reverse().slice(0, limit);
    }
    trim() {
        const all = this.list(Number.MAX_SAFE_INTEGER);
        if (all.length <= MAX_ENTRIES)
            return;
        const keep = all.slice(0, MAX_ENTRIES).reverse();
        writeFileSync(this.file, keep.map((e) => JSON.stringify(e)).join('\n') + '\n');
    }
}
