// Question text → index terms: English words stemmed with natural's Porter stemmer, Kubernetes reason names kept
// whole (and typos of known words corrected, src/ask/typos.ts), Chinese phrases mapped through the lexicon.
import { PorterStemmer, stopwords as NATURAL_STOPWORDS } from '../util/natural.js';
import { remembered } from '../util/remembered.js';

/** natural's English stop words, plus words every Kubernetes question has (they tell no failure from another). */
const STOPWORDS = new Set([
  ...NATURAL_STOPWORDS,
  ...'pod pods k8s kubernetes kubectl please help hi hello thanks got use using always still keep keeps getting status issue problem error errors'.split(' '),
]);
/** Question words that carry meaning for the back-off explanation; kept even though they are common. */
const KEEP = new Set(['long', 'called', 'mean', 'retry', 'algorithm']);

export type Lexicon = [phrase: string, terms: string[]][];

/**
 * Stems already found. natural's Porter stemmer takes tens of microseconds a word, and building the question index
 * stems ~23,000 words of which ~2,700 differ. Bounded (questions bring new words); long words are not kept.
 */
const stems = new Map<string, string>();
const STEMS_KEPT = 20_000;

export function stem(word: string): string {
  return word.length > 40 ? PorterStemmer.stem(word) : remembered(stems, STEMS_KEPT, word, (w) => PorterStemmer.stem(w));
}

/** Terms of a text for the index: lower-case, stop words dropped, stemmed; hyphenated words also joined. */
export function englishTerms(text: string, correct: (word: string) => string = (w) => w): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g) ?? []) {
    const parts = raw.split(/[-']/);
    const words = parts.length > 1 ? [...parts, parts.join('')] : parts;
    for (const word of words) {
      if ((STOPWORDS.has(word) && !KEEP.has(word)) || word.length < 2) continue;
      out.push(stem(correct(word)));
    }
  }
  return out;
}

/** Chinese phrases found in the text (longest first, each span used once), as English terms. */
export function lexiconTerms(text: string, lexicon: Lexicon): { terms: string[]; matchedChars: number } {
  let rest = text.toLowerCase().replace(/\s+/g, '');
  const terms: string[] = [];
  let matchedChars = 0;
  for (const [phrase, mapped] of lexicon) {
    if (!rest.includes(phrase)) continue;
    const count = rest.split(phrase).length - 1;
    rest = rest.split(phrase).join('\u0000');
    matchedChars += phrase.length * count;
    for (let i = 0; i < count; i++) terms.push(...mapped.flatMap((t) => englishTerms(t)));
  }
  return { terms, matchedChars };
}

const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });

/** Chinese word-like segments (Intl.Segmenter), to tell a Kubernetes question from chatter. */
export function chineseWords(text: string): string[] {
  return [...SEGMENTER.segment(text)].filter((s) => s.isWordLike && /[\u3400-\u9fff]/.test(s.segment)).map((s) => s.segment);
}
