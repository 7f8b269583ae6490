// `rules/lexicon/`: language data beside the rules (what words mean, what machines print), read from every rules
// folder that has a file, so an operator's folder can add entries. It is loaded with the rules and kept in their
// cache: a question or a channel message parses no lexicon YAML.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

/** `rules/lexicon/` holds language data for the question matcher and the reply policy, not rules. */
export const LEXICON_DIR = 'lexicon';

/** One lexicon file as loaded: its name in `lexicon/` (zh.yml), the path shown for it, and its data. */
export interface LexiconFile {
  name: string;
  path: string;
  data: unknown;
}

// The YAML reader is loaded when a lexicon file has to be parsed, not when the rules cache has the lexicon.
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

/** The files of a rules folder's `lexicon/` (none when it has no lexicon). */
export function lexiconFilesIn(dir: string): string[] {
  try {
    return readdirSync(join(dir, LEXICON_DIR))
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(dir, LEXICON_DIR, name));
  } catch {
    return [];
  }
}

/** What is wrong with a lexicon file's text, or its data. */
function parseLexiconText(text: string): { data: unknown } | { problem: string } {
  try {
    return { data: yaml().parse(text) };
  } catch (e) {
    return { problem: `not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** The lexicon files that parse (`file` is the path shown, `name` the path within the rules folders), in the order
 *  given. One that does not is left out here (the rest of the lexicon still works); the rules policy refuses it and
 *  `rules lint` reports it (`lexiconProblems`). */
export function parseLexicon(files: { file: string; name: string; text: string }[]): LexiconFile[] {
  return files.flatMap(({ file, name, text }) => {
    const read = parseLexiconText(text);
    return 'data' in read ? [{ name: basename(name), path: file, data: read.data }] : [];
  });
}

/** The data of every loaded file with this name (one per rules folder that has it), with its path. */
export function lexiconFilesNamed<T>(lexicon: LexiconFile[], name: string): { path: string; data: T }[] {
  return lexicon.filter((f) => f.name === name).map((f) => ({ path: f.path, data: f.data as T }));
}

/** Every lexicon file of these rules folders that cannot be read or is not valid YAML. */
export function lexiconProblems(folders: string[]): { path: string; problem: string }[] {
  return folders.flatMap(lexiconFilesIn).flatMap((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      return [{ path, problem: `cannot read it: ${(e as Error).message}` }];
    }
    const read = parseLexiconText(text);
    return 'problem' in read ? [{ path, problem: read.problem }] : [];
  });
}
