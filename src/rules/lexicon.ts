// `rules/lexicon/`: language data beside the rules (what words mean, what machines print), read from every rules
// folder that has a file, so an operator's folder can add entries.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LEXICON_DIR, rulesDirs } from './load.js';

// The YAML reader is loaded when lexicon data is first needed, not by every start.
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

/** One file of `rules/lexicon/` from every rules folder that has it, with its path. */
export function lexiconFiles<T>(rulesDir: string, file: string): { path: string; data: T }[] {
  const out: { path: string; data: T }[] = [];
  for (const dir of rulesDirs(rulesDir)) {
    const path = join(dir, LEXICON_DIR, file);
    try {
      out.push({ path, data: yaml().parse(readFileSync(path, 'utf8')) as T });
    } catch {
      /* a folder without this file */
    }
  }
  return out;
}
