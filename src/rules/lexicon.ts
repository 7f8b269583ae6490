// `rules/lexicon/`: language data beside the rules (what words mean, what machines print), read from every rules
// folder that has a file, so an operator's folder can add entries.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LEXICON_DIR, lexiconFilesIn, rulesDirs } from './load.js';

// The YAML reader is loaded when lexicon data is first needed, not by every start.
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

type Read<T> = { path: string; data: T } | { path: string; problem: string } | undefined;

/** A lexicon file: its data, what is wrong with it, or undefined when the folder has no such file. */
function readLexiconFile<T>(path: string): Read<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { path, problem: `cannot read it: ${(e as Error).message}` };
  }
  try {
    return { path, data: yaml().parse(text) as T };
  } catch (e) {
    return { path, problem: `not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** One file of `rules/lexicon/` from every rules folder that has it, with its path. A file that cannot be read or
 *  parsed is left out here (the rest of the lexicon still works) and reported by `lexiconProblems`. */
export function lexiconFiles<T>(rulesDir: string, file: string): { path: string; data: T }[] {
  return rulesDirs(rulesDir).flatMap((dir) => {
    const read = readLexiconFile<T>(join(dir, LEXICON_DIR, file));
    return read && 'data' in read ? [read] : [];
  });
}

/** Every lexicon file of every rules folder that cannot be read or is not valid YAML (for `rules lint`). */
export function lexiconProblems(rulesDir: string): { path: string; problem: string }[] {
  return rulesDirs(rulesDir)
    .flatMap(lexiconFilesIn)
    .flatMap((path) => {
      const read = readLexiconFile(path);
      return read && 'problem' in read ? [read] : [];
    });
}
