// Shared by the parser tests: read a corpus paste, and run text through normalise → parse as the app does.
import { readFileSync } from 'node:fs';
import { normalise } from '../../src/normalise/normalise.js';
import { parse } from '../../src/parse/parse.js';
import type { Evidence } from '../../src/model/evidence.js';

export const CORPUS_DIR = new URL('../fixtures/corpus/', import.meta.url);

export function corpus(file: string): string {
  return readFileSync(new URL(file, CORPUS_DIR), 'utf8');
}

/** normalise → parse, without redaction: these tests are about what the parser extracts. */
export function parsePaste(text: string): Evidence {
  return parse(normalise(text).text);
}

/** Drops `undefined` fields so `toEqual` compares what is actually there. */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
