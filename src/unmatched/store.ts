// Pastes that nothing matched, kept so operators see which rules to write next: redacted text (the pipeline
// redacts before anything else), bounded in size and count. This file holds the entry and the local store (a
// JSON-lines file); with REDIS_URL the entries go to Redis instead (src/state/redis.ts), shared by every replica.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Config, defaultConfig } from '../config/schema.js';
import { normalise } from '../normalise/normalise.js';
import { redact } from '../redact/redact.js';

export interface UnmatchedEntry {
  at: string;
  surface: string;
  hash: string;
  bytes: number;
  kind: string;
  text: string;
}

const MAX_TEXT = 4000;
/** How many entries a store keeps (the oldest go first). */
export const MAX_UNMATCHED = 500;

/** The entry for a paste: redacted and cut to MAX_TEXT; the hash (of the raw text) makes the same paste one entry. */
export function unmatchedEntry(rawText: string, surface: string, kind: string): UnmatchedEntry {
  const text = redact(normalise(rawText).text);
  return {
    at: new Date().toISOString(),
    surface,
    hash: createHash('sha256').update(rawText).digest('hex').slice(0, 16),
    bytes: Buffer.byteLength(rawText),
    kind,
    text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '\n…' : text,
  };
}

/** KUBE_DOCTOR_UNMATCHED_FILE, else unmatched.jsonl in KUBE_DOCTOR_DATA_DIR. */
export function unmatchedFile(config: Pick<Config, 'KUBE_DOCTOR_UNMATCHED_FILE' | 'KUBE_DOCTOR_DATA_DIR'>): string {
  return config.KUBE_DOCTOR_UNMATCHED_FILE ?? join(config.KUBE_DOCTOR_DATA_DIR, 'unmatched.jsonl');
}

export class UnmatchedStore {
  constructor(readonly file: string = unmatchedFile(defaultConfig())) {}

  add(rawText: string, surface: string, kind: string): UnmatchedEntry {
    const entry = unmatchedEntry(rawText, surface, kind);
    this.put(entry);
    return entry;
  }

  /** One read of the file and no parse of it, unless the same paste may be there already or the file is full. */
  put(entry: UnmatchedEntry): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const lines = existsSync(this.file) ? readFileSync(this.file, 'utf8').split('\n') : [];
    const marker = `"hash":${JSON.stringify(entry.hash)}`; // in a text field it would be escaped (\"hash\")
    if (lines.some((line) => line.includes(marker) && parsed(line)?.hash === entry.hash)) return; // the same paste twice is one entry
    appendFileSync(this.file, JSON.stringify(entry) + '\n');
    if (lines.filter((line) => line.trim()).length >= MAX_UNMATCHED) this.trim();
  }

  /** Newest first. Lines that are not valid JSON (a crash mid-write) are skipped, not fatal. */
  list(limit = MAX_UNMATCHED): UnmatchedEntry[] {
    if (!existsSync(this.file)) return [];
    const entries: UnmatchedEntry[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      const entry = line.trim() ? parsed(line) : undefined;
      if (entry) entries.push(entry);
    }
    return entries.reverse().slice(0, limit);
  }

  private trim(): void {
    const all = this.list(Number.MAX_SAFE_INTEGER);
    if (all.length <= MAX_UNMATCHED) return;
    const keep = all.slice(0, MAX_UNMATCHED).reverse();
    writeFileSync(this.file, keep.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
}

/** A line of the file, or undefined for a line that is not valid JSON (a crash mid-write): skipped, not fatal. */
function parsed(line: string): UnmatchedEntry | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
