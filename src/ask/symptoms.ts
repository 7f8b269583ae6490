// The symptom lexicon (rules/lexicon/symptoms.yml): behaviours people describe ("keeps restarting", "拉不下来")
// as the index terms they stand for, and the words of trouble that name no symptom ("my pod is not working").
import { compileNegation, type NegationFile, type NegationLexicon } from './negation.js';
import { stem } from './terms.js';
import { alternation } from '../util/regex.js';

export interface SymptomLexicon {
  /** English phrases as word stems, each with the terms it stands for. */
  en: { stems: string[]; terms: string[]; standalone: boolean; generic: boolean }[];
  /** Errors any program prints (strerror texts, Go's net errors), phraseKey form: they say why, not what failed. */
  generic: Set<string>;
  /** Chinese phrases (no spaces), longest first. */
  zh: { text: string; terms: string[]; standalone: boolean }[];
  trouble: { en: string[][]; zh: string[] };
  /** Unstemmed English words of the symptom phrases, for typo correction ("pendong"). */
  words: string[];
  /** Rule keywords that name no failure by themselves. */
  notSymptoms: Set<string>;
  /** Stems of the words after which a one-word behaviour is the asker's own action ("how to restart"). */
  actionAfter: string[];
  /** Stems of verbs that make a symptom's words a setting the asker changes ("set memory limits", "add a toleration"). */
  settings: string[];
  /** Stems of the words that may stand between such a verb and the setting ("a", "the", "my"). */
  settingsBetween: string[];
  /** A Chinese how-to's clause ("怎么给节点打污点"): what the asker wants to do (how word, object, verb, the rest). */
  zhHowTo?: RegExp;
  /** The kubelet's reports of its own actions, which name no cause ("Pod sandbox changed, it will be killed ..."). */
  noCause: RegExp[];
  /** kubectl's reports of an API request that found no such object (or one already there), to the end of the line. */
  requestErrors?: RegExp;
  /** Words that rule out the symptom after them ("not evicted", 不是被驱逐). */
  negation: NegationLexicon;
}

export interface SymptomFile extends NegationFile {
  symptoms?: { en?: Record<string, string[] | null>; zh?: Record<string, string[] | null> };
  /** rules/lexicon/printed.yml: error phrases by the program that prints them, each a symptom about a pod by itself. */
  printed?: Record<string, Record<string, string[] | null> | null>;
  standalone?: string[];
  not_symptoms?: (string | number)[];
  generic?: string[];
  action_after?: string[];
  settings?: string[];
  settings_between?: string[];
  how_to?: { zh?: string[]; zh_between?: string[]; zh_actions?: string[] };
  no_cause?: string[];
  request_errors?: string[];
  trouble?: { en?: string[]; zh?: string[] };
}

/** Up to this many other words may stand between two words of a phrase ("restarts get slower"). */
const MAX_GAP = 2;

/** Lower-case word stems of a text, in order (apostrophes stay inside words; hyphens part them: "Multi-Attach"). */
export function stems(text: string, correct: (word: string) => string = (w) => w): string[] {
  return (
    text
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[a-z0-9$/]+(?:'[a-z0-9]+)*/g) ?? []
  ).map((w) => stem(correct(w)));
}

const zhKey = (s: string) => s.toLowerCase().replace(/\s+/g, '');
/** English phrases keep their spaces: "too many requests" is not "toomanyrequests". */
const enKey = (s: string) => s.toLowerCase().trim().replace(/\s+/g, ' ');

export function compileSymptoms(files: SymptomFile[]): SymptomLexicon {
  const standalone = new Set(files.flatMap((f) => f?.standalone ?? []).map(enKey));
  const en = new Map<string, string[]>();
  const zh = new Map<string, string[]>();
  for (const f of files) {
    for (const [phrase, terms] of Object.entries(f?.symptoms?.en ?? {})) en.set(phrase, (terms ?? []).map(String));
    for (const program of Object.values(f?.printed ?? {}))
      for (const [phrase, terms] of Object.entries(program ?? {})) {
        en.set(phrase, (terms ?? []).map(String));
        standalone.add(enKey(phrase));
      }
    for (const [phrase, terms] of Object.entries(f?.symptoms?.zh ?? {})) zh.set(phrase, (terms ?? []).map(String));
  }
  const generic = new Set(files.flatMap((f) => f?.generic ?? []).map((p) => enKey(String(p)).replace(/-/g, ' ')));
  return {
    generic,
    en: [...en]
      .map(([phrase, terms]) => ({
        stems: stems(phrase),
        terms: terms.length ? terms : [phrase],
        standalone: standalone.has(enKey(phrase)),
        generic: generic.has(enKey(phrase)),
      }))
      .filter((e) => e.stems.length)
      .sort((a, b) => b.stems.length - a.stems.length),
    zh: [...zh]
      .map(([phrase, terms]) => ({ text: zhKey(phrase), terms: terms.length ? terms : [phrase], standalone: standalone.has(enKey(phrase)) }))
      .sort((a, b) => b.text.length - a.text.length),
    notSymptoms: new Set(files.flatMap((f) => f?.not_symptoms ?? []).map((w) => String(w).toLowerCase())),
    actionAfter: files.flatMap((f) => f?.action_after ?? []).flatMap((w) => stems(w)),
    settings: files.flatMap((f) => f?.settings ?? []).flatMap((w) => stems(w)),
    settingsBetween: files.flatMap((f) => f?.settings_between ?? []).flatMap((w) => stems(w)),
    ...zhHowTo(files),
    noCause: files
      .flatMap((f) => f?.no_cause ?? [])
      .map((p) => p.toLowerCase().match(/[a-z0-9]+/g) ?? [])
      .filter((words) => words.length)
      .map((words) => new RegExp(`\\b${words.join('\\W+')}\\b`, 'gi')),
    negation: compileNegation(files),
    ...requestErrors(files.flatMap((f) => f?.request_errors ?? [])),
    words: [...new Set([...en.keys()].flatMap((p) => p.toLowerCase().match(/[a-z]+/g) ?? []))],
    trouble: {
      en: files
        .flatMap((f) => f?.trouble?.en ?? [])
        .map((t) => stems(t))
        .filter((s) => s.length),
      zh: files.flatMap((f) => f?.trouble?.zh ?? []).map(zhKey),
    },
  };
}

/** Where each word stem of a text is, in order (the stems of its words, typos corrected). */
export type Positions = Map<string, number[]>;

export function positionsIn(text: string, correct?: (word: string) => string): Positions {
  const positions: Positions = new Map();
  stems(text, correct).forEach((w, i) => {
    const at = positions.get(w);
    if (at) at.push(i);
    else positions.set(w, [i]);
  });
  return positions;
}

/** The first position in a sorted list after `last` (binary search: a word repeated a thousand times stays cheap). */
function firstAfter(list: number[], last: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] > last) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether the stem `word` is the text's word number `at`. */
function occurs(positions: Positions, word: string, at: number): boolean {
  const list = positions.get(word) ?? [];
  return list[firstAfter(list, at - 1)] === at;
}

/**
 * Where the stems of `phrase` occur in order, each within MAX_GAP words of the previous one, on unused words. A
 * number follows the word before it directly: "exit code 0" is not in "exit code 143 after 0 restarts".
 */
export function occurrence(positions: Positions, phrase: string[], used: Set<number> = new Set()): number[] | undefined {
  for (const start of positions.get(phrase[0]) ?? []) {
    if (used.has(start)) continue;
    const at = [start];
    for (const next of phrase.slice(1)) {
      const last = at[at.length - 1];
      const list = positions.get(next) ?? [];
      const reach = last + 1 + (/^\d+$/.test(next) ? 0 : MAX_GAP);
      let found: number | undefined;
      for (let k = firstAfter(list, last); k < list.length && list[k] <= reach; k++) {
        if (!used.has(list[k])) {
          found = list[k];
          break;
        }
      }
      if (found === undefined) break;
      at.push(found);
    }
    if (at.length === phrase.length) return at;
  }
  return undefined;
}

/** A how word, an optional object ("给节点"), a verb of doing, and the rest of the clause. */
function zhHowTo(files: SymptomFile[]): { zhHowTo?: RegExp } {
  const how = alternation(files.flatMap((f) => f?.how_to?.zh ?? []).map(String));
  const between = alternation(files.flatMap((f) => f?.how_to?.zh_between ?? []).map(String));
  const actions = alternation(files.flatMap((f) => f?.how_to?.zh_actions ?? []).map(String));
  if (!how || !actions) return {};
  const object = between ? `(?:(?:${between})[^，。？！,.?!\n]{0,12}?)?` : '';
  return { zhHowTo: new RegExp(`(?:${how})\\s*${object}(?:${actions})[^，。？！,.?!\n]*`, 'g') };
}

/** The text with the Chinese words of its how-to clauses blanked (same length); English words in them stay. */
export function withoutZhHowTo(text: string, lexicon: SymptomLexicon): string {
  return lexicon.zhHowTo ? text.replace(lexicon.zhHowTo, (clause) => clause.replace(/[\u3400-\u9fff]/g, ' ')) : text;
}

/** kubectl prints an API error as "Error from server (REASON): MESSAGE" (kubectl/pkg/cmd/util/helpers.go). */
function requestErrors(reasons: string[]): { requestErrors?: RegExp } {
  const names = reasons.map(String).filter((r) => /^[A-Za-z]+$/.test(r));
  return names.length ? { requestErrors: new RegExp(`\\bError from server \\((?:${names.join('|')})\\)[^\\n]*`, 'g') } : {};
}

/** The text without kubectl's reports of requests for objects that are not there: about the request, not a pod. */
export function withoutRequestErrors(text: string, lexicon: SymptomLexicon): string {
  return lexicon.requestErrors ? text.replace(lexicon.requestErrors, ' ') : text;
}

/** The text without the kubelet's reports that name no cause, and whether it had one. */
export function withoutNoCause(text: string, lexicon: SymptomLexicon): { text: string; found: boolean } {
  let found = false;
  let rest = text;
  for (const re of lexicon.noCause) {
    rest = rest.replace(re, () => {
      found = true;
      return ' ';
    });
  }
  return { text: rest, found };
}

/**
 * Whether the words at `start` follow a verb of configuring (an article may stand between): then they are a setting,
 * not a failure ("how to set memory limits for a JVM", "add a toleration to a pod").
 */
export function isSetting(positions: Positions, start: number, lexicon: SymptomLexicon): boolean {
  const before = (at: number, words: string[]) => words.some((w) => occurs(positions, w, at));
  return before(start - 1, lexicon.settings) || (before(start - 1, lexicon.settingsBetween) && before(start - 2, lexicon.settings));
}

export interface SymptomMatch {
  /** Index terms of the symptoms named. */
  terms: string[];
  /** Those of them that come from errors any program prints (`generic`). */
  genericTerms: string[];
  /** How many symptom phrases the text names. */
  count: number;
  /** A symptom that is about a pod by itself (the back-off behaviours). */
  standalone: boolean;
  /** Words of trouble that name no symptom. */
  trouble: boolean;
}

export function findSymptoms(text: string, lexicon: SymptomLexicon, positions: Positions = positionsIn(text)): SymptomMatch {
  const terms: string[] = [];
  const genericTerms: string[] = [];
  let count = 0;
  let standalone = false;
  const used = new Set<number>(); // a word names one symptom: "restarts get slower" is not also "restarting"
  for (const e of lexicon.en) {
    const at = occurrence(positions, e.stems, used);
    if (!at) continue;
    // A one-word behaviour after "to" or "I/we/you" is something the asker wants to do, not something a pod does:
    // "how do I restart a deployment", "how to evict a pod" (a stem matches every form of the word).
    if (e.stems.length === 1 && lexicon.actionAfter.some((w) => occurs(positions, w, at[0] - 1))) continue;
    if (isSetting(positions, at[0], lexicon)) continue;
    at.forEach((p) => used.add(p));
    count++;
    terms.push(...e.terms);
    if (e.generic) genericTerms.push(...e.terms);
    standalone ||= e.standalone;
  }
  let rest = zhKey(text);
  for (const e of lexicon.zh) {
    if (!rest.includes(e.text)) continue;
    rest = rest.split(e.text).join('\u0000'); // a span names one symptom: 一直重启 is not also 重启
    count++;
    terms.push(...e.terms);
    standalone ||= e.standalone;
  }
  const plain = zhKey(text);
  const trouble = lexicon.trouble.en.some((p) => occurrence(positions, p) !== undefined) || lexicon.trouble.zh.some((p) => plain.includes(p));
  return { terms, genericTerms, count, standalone, trouble };
}
