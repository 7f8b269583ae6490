// Typo tolerance for the words the matcher knows ("pendong" → pending, "kubernates" → kubernetes, "cashloopbackoff"
// → crashloopbackoff): a word of 6 letters or more that is one edit away from a known word (an inserted, dropped
// or changed letter, or two neighbouring letters swapped: Damerau–Levenshtein distance 1), two edits for words of
// 10 letters or more (the CamelCase reason names), or a long known word with its parts in another order
// ("CrashBackOffLoop"). Short words are never corrected ("pod" and "pid" are both words). Candidates are found
// through an index of every known word with up to that many letters deleted (SymSpell's method), so a word costs
// the same however big the vocabulary is: linear in the text.
import { createRequire } from 'node:module';
import { isEnglishWord } from './english-words.js';

const require = createRequire(import.meta.url);
const JaroWinklerDistance: (a: string, b: string) => number = require('natural/lib/natural/distance/jaro-winkler_distance.js');

const MIN_LENGTH = 6;
const LONG = 10;
/** Longer tokens (hashes, base64, image digests) are not words anyone mistyped. */
const MAX_LENGTH = 32;

export type Correct = (word: string) => string;

const maxEdits = (length: number) => (length >= LONG ? 2 : 1);

/** The word with up to `edits` letters deleted, itself included. */
function deletions(word: string, edits: number): Set<string> {
  const out = new Set([word]);
  let frontier = [word];
  for (let e = 0; e < edits; e++) {
    const next: string[] = [];
    for (const w of frontier)
      for (let i = 0; i < w.length; i++) {
        const d = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(d)) next.push(d);
        out.add(d);
      }
    frontier = next;
  }
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
  for (const w of known) {
    for (const d of deletions(w, maxEdits(w.length))) byDeletion.set(d, [...(byDeletion.get(d) ?? []), w]);
    if (w.length >= LONG) byLetters.set(letters(w), [...(byLetters.get(letters(w)) ?? []), w]);
  }
  return (word) => {
    const w = word.toLowerCase();
    if (w.length < MIN_LENGTH || w.length > MAX_LENGTH || known.has(w)) return word;
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(w)) return known.has(w.replace(/-/g, '')) ? w.replace(/-/g, '') : word;
    if (!/^[a-z0-9]+$/.test(w)) return word;
    const edits = maxEdits(w.length);
    const scored: [string, number][] = [];
    for (const d of deletions(w, edits))
      for (const k of byDeletion.get(d) ?? []) {
        const distance = editDistance(w, k);
        if (k[0] === w[0] && distance <= Math.min(edits, maxEdits(k.length))) scored.push([k, distance]);
      }
    if (w.length >= LONG) for (const k of byLetters.get(letters(w)) ?? []) if (k[0] === w[0]) scored.push([k, edits]); // parts reordered
    if (!scored.length || isEnglishWord(w)) return word;
    scored.sort((a, b) => a[1] - b[1] || JaroWinklerDistance(w, b[0]) - JaroWinklerDistance(w, a[0]) || a[0].localeCompare(b[0]));
    return scored[0][0];
  };
}
