// A symptom the asker rules out is no symptom: "OOMKilled, not evicted", "exit code 137 but describe doesn't say
// OOMKilled", "pod 被 OOMKilled，不是被驱逐". The negation words and the words that may stand between a negation and
// what it negates are lexicon data (rules/lexicon/symptoms.yml `negation`). A phrase that itself begins with a
// negation ("not ready", "no space left", "didn't match node affinity", 没有权限) is a symptom, not a negated one.
import { stem } from './terms.js';

export interface NegationLexicon {
  /** Stems of the English words that negate what follows ("not", "isn't", "without"). */
  en: string[];
  /** Stems of words that may stand between a negation and its symptom ("not being", "doesn't say"). */
  between: string[];
  /** Chinese negations, longest first (不是, 没有, 并非). */
  zh: string[];
  /** Chinese words between a negation and its symptom (被, 因为). */
  zhBetween: string[];
  /** Stems of words after which a negation says something fails ("not able to connect"): nothing is ruled out. */
  unless: string[];
  /** Stems of words that make a negation close after them a wish ("so it doesn't get OOMKilled"): nothing is ruled out. */
  purpose: string[];
}

export interface NegationFile {
  negation?: { en?: string[]; between?: string[]; zh?: string[]; zh_between?: string[]; unless?: string[]; purpose?: string[] };
}

export function compileNegation(files: NegationFile[]): NegationLexicon {
  const list = (key: 'en' | 'between' | 'zh' | 'zh_between' | 'unless' | 'purpose') =>
    files.flatMap((f) => f?.negation?.[key] ?? []).map((w) => String(w).toLowerCase().trim());
  const byLength = (a: string, b: string) => b.length - a.length;
  return {
    en: list('en').map(stem),
    between: list('between').map(stem),
    zh: list('zh').filter(Boolean).sort(byLength),
    zhBetween: list('zh_between').filter(Boolean).sort(byLength),
    unless: list('unless').map(stem),
    purpose: list('purpose').map(stem),
  };
}

/** What a negation may negate, and what it may not. */
export interface Negatable {
  /** English phrases (word stems) that name a symptom: a negated one is removed whole. */
  phrases: string[][];
  /** Other phrases that may begin with a negation and are no negation ("not working", "doesn't start"). */
  kept: string[][];
  /** Chinese symptom phrases (no spaces). */
  zhPhrases: string[];
  /** A single word that names a failure by itself (a reason such as OOMKilled, a one-word behaviour such as evicted), lower case. */
  isFailureWord(word: string): boolean;
}

/** Up to this many words may stand between a negation and what it negates ("isn't even being"). */
const MAX_BETWEEN = 2;
/** A word of purpose up to this many words before a negation makes it a wish ("so the pod does not"). */
const PURPOSE_REACH = 4;
/** Words of a phrase may have this many other words between them, as in symptom matching. */
const MAX_GAP = 2;

interface Token {
  start: number;
  end: number;
  word: string;
  stem: string;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(/[A-Za-z0-9$/]+(?:['’][A-Za-z0-9]+)*/g)].map((m) => {
    const word = m[0].toLowerCase().replace(/’/g, "'");
    return { start: m.index, end: m.index + m[0].length, word, stem: stem(word) };
  });
}

/** The token indexes of `phrase` when it starts at token `at` (its words in order, each within MAX_GAP of the last). */
function phraseAt(toks: Token[], phrase: string[], at: number): number[] | undefined {
  if (toks[at]?.stem !== phrase[0]) return undefined;
  const found = [at];
  for (const next of phrase.slice(1)) {
    const last = found[found.length - 1];
    let k = last + 1;
    while (k < toks.length && k <= last + 1 + MAX_GAP && toks[k].stem !== next) k++;
    if (k >= toks.length || k > last + 1 + MAX_GAP) return undefined;
    found.push(k);
  }
  return found;
}

/**
 * What follows the negation at token `at`: the words it rules out (none when nothing that names a failure follows),
 * or that it negates a state a healthy pod reaches ("isn't ready", "wasn't scheduled"), which is the failure.
 */
function negatedAfter(toks: Token[], at: number, lexicon: NegationLexicon, what: Negatable): { out: number[]; state?: boolean } {
  for (let k = at + 1; k <= at + 1 + MAX_BETWEEN && k < toks.length; k++) {
    if (lexicon.unless.includes(toks[k].stem)) return { out: [], state: true };
    const longest = what.phrases
      .map((p) => phraseAt(toks, p, k))
      .filter((f): f is number[] => f !== undefined)
      .sort((a, b) => b.length - a.length)[0];
    if (longest) return { out: longest };
    if (what.isFailureWord(toks[k].word)) return { out: [k] };
    if (!lexicon.between.includes(toks[k].stem)) return { out: [] };
  }
  return { out: [] };
}

/** The text with each span replaced by its text, padded with spaces to the span's length. */
function rewrite(text: string, spans: [number, number, string][]): string {
  let out = text;
  for (const [start, end, by] of spans) out = out.slice(0, start) + by.padStart(end - start) + out.slice(end);
  return out;
}

/**
 * The text with each negated symptom blanked out, and a contracted negation of a state spelt "not" ("isn't ready"
 * reads as the symptom "not ready"); same length, so positions in it still hold. Also what was ruled out.
 */
export function withoutNegated(text: string, lexicon: NegationLexicon, what: Negatable): { text: string; negated: string[] } {
  const spans: [number, number, string][] = [];
  const toks = tokens(text);
  const negations = new Set(lexicon.en);
  toks.forEach((t, i) => {
    if (!negations.has(t.stem)) return;
    // "set a limit so my pod doesn't get OOMKilled": what the asker wants to avoid is what the message is about.
    if (toks.slice(Math.max(0, i - PURPOSE_REACH), i).some((b) => lexicon.purpose.includes(b.stem))) return;
    // "not ready", "no space left": the negation is part of the symptom's own name.
    if ([...what.phrases, ...what.kept].some((p) => phraseAt(toks, p, i))) return;
    const { out, state } = negatedAfter(toks, i, lexicon, what);
    if (state && t.word.endsWith("n't")) spans.push([t.start, t.end, 'not']);
    for (const k of out) spans.push([toks[k].start, toks[k].end, '']);
  });
  const ruledOut = [
    ...spans.filter(([, , by]) => !by),
    ...negatedChinese(text, lexicon, what).map(([start, end]): [number, number, string] => [start, end, '']),
  ];
  return { text: rewrite(text, [...spans.filter(([, , by]) => by), ...ruledOut]), negated: ruledOut.map(([start, end]) => text.slice(start, end)) };
}

/** Chinese negations: 不是被驱逐, 没有 OOMKilled, 并非 CrashLoopBackOff. */
function negatedChinese(text: string, lexicon: NegationLexicon, what: Negatable): [number, number][] {
  const spans: [number, number][] = [];
  if (!lexicon.zh.length) return spans;
  const lower = text.replace(/[A-Z]+/g, (w) => w.toLowerCase()); // same length as the text
  const startsWith = (at: number, phrase: string) => lower.startsWith(phrase, at);
  for (let i = 0; i < lower.length; i++) {
    const negation = lexicon.zh.find((n) => startsWith(i, n));
    if (!negation) continue;
    // 没有权限 is a symptom whose name begins with a negation.
    if (what.zhPhrases.some((p) => startsWith(i, p))) continue;
    let k = i + negation.length;
    for (let between = 0; between <= MAX_BETWEEN; between++) {
      while (k < lower.length && /\s/.test(lower[k])) k++;
      const phrase = what.zhPhrases.find((p) => startsWith(k, p));
      if (phrase) {
        spans.push([k, k + phrase.length]);
        break;
      }
      const word = /^[a-z0-9][\w-]*/.exec(lower.slice(k, k + 64))?.[0];
      if (word) {
        if (what.isFailureWord(word) && !lexicon.unless.includes(stem(word))) spans.push([k, k + word.length]);
        break;
      }
      const filler = lexicon.zhBetween.find((w) => startsWith(k, w));
      if (!filler) break;
      k += filler.length;
    }
    i = k - 1;
  }
  return spans;
}
