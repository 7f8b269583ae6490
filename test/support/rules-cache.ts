// The rules cache's file format (src/rules/cache.ts), for tests that change what a cache holds: a first line with the
// version, the rules without their texts and the lexicon; then one line of texts per rule, in order.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export interface CacheFile {
  head: { rules: { spec: { id: string }; patterns: Record<string, { engineSource: string }> }[]; lexicon: { name: string; data: any }[] };
  texts: { title: unknown }[];
}

export function readCache(path: string): CacheFile {
  const [head, ...texts] = readFileSync(path, 'utf8').split('\n');
  return { head: JSON.parse(head), texts: texts.map((t) => JSON.parse(t)) };
}

/** Writes a cache file as the program would have written it with this content (its hash of the texts matches them). */
export function writeCache(path: string, { head, texts }: CacheFile): void {
  const lines = texts.map((t) => JSON.stringify(t)).join('\n');
  const hash = createHash('sha256').update(lines).digest('hex');
  writeFileSync(path, `${JSON.stringify({ ...head, texts: hash })}\n${lines}`);
}

/** Changes the title of rule `id` in a cache file: what a load shows then tells whether it came from the cache. */
export function editCachedRuleTitle(path: string, id: string, title: string): void {
  const data = readCache(path);
  data.texts[data.head.rules.findIndex((r) => r.spec.id === id)].title = title;
  writeCache(path, data);
}
