// Typo tolerance for the words the matcher knows ("pendong" → pending, "kubernates" → kubernetes, "cashloopbackoff"
// → crashloopbackoff): a word of 6 letters or more that is one edit away from a known word (an inserted, dropped
// or changed letter, or two neighbouring letters swapped: Damerau–Levenshtein distance 1), two edits for words of
// 10 letters or more (the CamelCase reason names), or a long known word with its parts in another order
// ("CrashBackOffLoop"). Short words are never corrected ("pod" and "pid" are both words). One-edit candidates
// come from an index of every known word with one letter deleted (SymSpell's method); two-edit ones from the
// few long known words of about the same length. A word costs the same however long the text: linear in it.
import { JaroWinklerDistance } from '../util/natural.js';
import { isEnglishWord } from './english-words.js';

const MIN_LENGTH = 6;
const LONG = 10;
/** Longer tokens (hashes, base64, image digests) are not words anyone mistyped. */
const MAX_LENGTH = 32;
/** Corrections remembered per corrector (a question repeats its words; a hostile one repeats them thousands of times). */
const CACHE_SIZE = 4096;

export type Correct = (word: string) => string;

/** The word and the word with one letter deleted, each way. */
function deletions(word: string): Set<string> {
  const out = new Set([word]);
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Damerau–Levenshtein distance (optimal string alignment) of two short words. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

const letters = (w: string) => [...w].sort().join('');

/**
 * The correction of a word: itself when known, an English word, too short or too long; else the closest known
 * word that starts with the same letter (typos seldom hit the first one, and "schedulable" is not
 * "unschedulable"), ties going to the one Jaro–Winkler finds closer. A hyphenated word is only joined
 * ("Crash-Loop-BackOff", "back-off"), never corrected ("per-pod" is not "period").
 */
export function typoCorrector(vocabulary: Iterable<string>): Correct {
  const known = new Set([...vocabulary].map((w) => w.toLowerCase()).filter((w) => w.length >= MIN_LENGTH && w.length <= MAX_LENGTH && /^[a-z0-9]+$/.test(w)));
  const byDeletion = new Map<string, string[]>();
  const byLetters = new Map<string, string[]>();
  const long = [...known].filter((w) => w.length >= LONG);
  for (const w of known) for (const d of deletions(w)) byDeletion.set(d, [...(byDeletion.get(d) ?? []), w]);
  for (const w of long) byLetters.set(letters(w), [...(byLetters.get(letters(w)) ?? []), w]);
  const cache = new Map<string, string>();

  function closest(w: string): string | undefined {
    const scored: [string, number][] = [];
    for (const d of deletions(w)) for (const k of byDeletion.get(d) ?? []) if (k[0] === w[0] && editDistance(w, k) <= 1) scored.push([k, 1]);
    if (w.length >= LONG) {
      for (const k of long) if (k[0] === w[0] && Math.abs(k.length - w.length) <= 2 && editDistance(w, k) === 2) scored.push([k, 2]);
      for (const k of byLetters.get(letters(w)) ?? []) if (k[0] === w[0]) scored.push([k, 2]); // parts reordered
    }
    if (!scored.length || isEnglishWord(w)) return undefined;
    scored.sort((a, b) => a[1] - b[1] || JaroWinklerDistance(w, b[0]) - JaroWinklerDistance(w, a[0]) || a[0].localeCompare(b[0]));
    return scored[0][0];
  }

  return (word) => {
    const w = word.toLowerCase();
    if (w.length < MIN_LENGTH || w.length > MAX_LENGTH || known.has(w)) return word;
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(w)) return known.has(w.replace(/-/g, '')) ? w.replace(/-/g, '') : word;
    if (!/^[a-z0-9]+$/.test(w)) return word;
    let found = cache.get(w);
    if (found === undefined) {
      found = closest(w) ?? '';
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(w, found);
    }
    return found || word;
  };
}
