// An index of every rule for plain-language questions: title, keywords, reason names, category, cause and
// examples, weighted, scored with BM25 over natural's TF-IDF term statistics.
import type { CompiledRule, KnowledgeBase } from '../rules/load.js';
import { lexiconFilesNamed, type LexiconFile } from '../rules/lexicon.js';
import { englishTerms, lexiconTerms, stem, type Lexicon } from './terms.js';
import { compilePlaceholders, type PlaceholderFile, type PlaceholderWords } from './placeholders.js';
import { compileSymptoms, stems, type SymptomFile, type SymptomLexicon } from './symptoms.js';
import { typoCorrector, type Correct } from './typos.js';
import type { Negatable } from './negation.js';
import { TfIdf } from '../util/natural.js';
import { escapeRegex } from '../util/regex.js';

/** How much each part of a rule counts: what people call a failure matters more than the explanation. */
const WEIGHTS = { keywords: 3, reasons: 3, title: 2, category: 2, cause: 1, examples: 1 };
const BM25_K = 1.2;
const BM25_B = 0.75;

/** A rule's keyword phrase: English ones are found by their word stems, Chinese ones as text. */
export interface NamePhrase {
  text: string;
  /** The stems of an English phrase's words ("local image" is in "local docker images"). */
  stems?: string[];
  technical: boolean;
}

export interface QuestionIndex {
  rules: CompiledRule[];
  /** Per rule: what people call that failure — status and reason names, one-word keywords, keyword phrases. */
  names: { words: Set<string>; phrases: NamePhrase[] }[];
  /** Kubernetes status names (CrashLoopBackOff, OOMKilled ...): one of them makes a message a Kubernetes question. */
  statusNames: Set<string>;
  /** Terms people use to name failures (keywords, reasons, titles, categories): a question needs one of them. */
  domain: Set<string>;
  /** A word as the rules, the symptom lexicon and the context words spell it, when it is a typo of one of them. */
  correct: Correct;
  lexicon: Lexicon;
  /** Words that make a message a Kubernetes message at all (rules/lexicon/context.yml). */
  context: Context;
  /** Failures that happen in the image pull and elsewhere alike, and the words of the pull (rules/lexicon/stages.yml). */
  stages: Stages;
  /** Behaviours and words of trouble (rules/lexicon/symptoms.yml). */
  symptoms: SymptomLexicon;
  /** How answers read values only a paste could give (rules/lexicon/placeholders.yml). */
  placeholders: PlaceholderWords;
  /** What a negation may rule out ("not evicted"), and the phrases that begin with one ("not ready"). */
  negatable: Negatable;
  score(terms: string[]): number[];
}

/** Phrases compare in lower case with hyphens as spaces: "Multi-Attach error" = "multi attach error". */
export function phraseKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-\s]+/g, ' ')
    .trim();
}

/** The data of one file of `rules/lexicon/`, from every rules folder that has it. */
function lexiconData<T>(lexicon: LexiconFile[], name: string): T[] {
  return lexiconFilesNamed<T>(lexicon, name).map((f) => f.data);
}

/** Chinese phrases → English terms (rules/lexicon/zh.yml), longest phrase first. */
function loadLexicon(files: LexiconFile[]): Lexicon {
  const entries: Record<string, string[]> = Object.assign(
    {},
    ...lexiconData<{ lexicon?: Record<string, string[]> }>(files, 'zh.yml').map((d) => d?.lexicon ?? {}),
  );
  return Object.entries(entries)
    .map(([phrase, terms]): [string, string[]] => [phrase.toLowerCase().replace(/\s+/g, ''), terms])
    .sort((a, b) => b[0].length - a[0].length);
}

/** What makes a message a Kubernetes message: whole words (any case, or exactly as spelt) and Chinese words. */
export interface Context {
  test(text: string): boolean;
  /** Whether the text names a place other than a cluster (a laptop, a CI job). */
  elsewhere(text: string): boolean;
  /** Its words, for typo correction ("kubernates"). */
  words: string[];
}

/** Whole-word alternatives of a word list (matches nothing when there is none). */
function wordsPattern(words: string[], flags: string): RegExp {
  const alternatives = words.map((w) => escapeRegex(w.trim()).replace(/\s+/g, '\\s+')).filter(Boolean);
  return alternatives.length ? new RegExp(`\\b(?:${alternatives.join('|')})\\b`, flags) : /$^/;
}

/**
 * rules/lexicon/context.yml: `context` words in any case, `exact` words as spelt, `zh` words inside the text; a
 * `shared` context word (docker, container) counts only when no `elsewhere` word (laptop, GitHub Actions) is there.
 */
function loadContext(lexicon: LexiconFile[]): Context {
  const files = lexiconData<{ context?: string[]; exact?: string[]; zh?: string[]; shared?: string[]; elsewhere?: string[] }>(lexicon, 'context.yml');
  const sharedWords = new Set(files.flatMap((d) => d?.shared ?? []).map((w) => w.toLowerCase()));
  const all = files.flatMap((d) => d?.context ?? []);
  const own = wordsPattern(
    all.filter((w) => !sharedWords.has(w.toLowerCase())),
    'i',
  );
  const shared = wordsPattern([...sharedWords], 'i');
  const elsewhere = namesAny(files.flatMap((d) => d?.elsewhere ?? []));
  const exact = wordsPattern(
    files.flatMap((d) => d?.exact ?? []),
    '',
  );
  const zh = files.flatMap((d) => d?.zh ?? []).filter(Boolean);
  const words = files.flatMap((d) => [...(d?.context ?? []), ...(d?.exact ?? [])]).flatMap((w) => w.toLowerCase().match(/[a-z]+/g) ?? []);
  return {
    test: (text) => own.test(text) || exact.test(text) || zh.some((w) => text.includes(w)) || (shared.test(text) && !elsewhere(text)),
    elsewhere,
    words,
  };
}

/** Failures that happen in two places, and the words that put a question in the image pull (rules/lexicon/stages.yml). */
interface Stages {
  /** Whether the text names the image pull (a word of the pull, or a Chinese one inside the text). */
  namesPull(text: string): boolean;
  /** [the pull's category, the other place's category]. */
  twins: [string, string][];
  /** Groups of neighbouring failures, each category with whether the text names its place. */
  apart: Map<string, (text: string) => boolean>[];
}

/** Whether a text has one of the words (whole words, any case) or, for Chinese ones, contains it. */
function namesAny(words: string[]): (text: string) => boolean {
  const latin = wordsPattern(
    words.filter((w) => !/[\u3400-\u9fff]/.test(w)),
    'i',
  );
  const zh = words.filter((w) => /[\u3400-\u9fff]/.test(w));
  return (text) => latin.test(text) || zh.some((w) => text.includes(w));
}

function loadStages(lexicon: LexiconFile[]): Stages {
  const files = lexiconData<{ pull?: { words?: string[]; zh?: string[] }; twins?: string[][]; apart?: Record<string, string[]>[] }>(lexicon, 'stages.yml');
  return {
    namesPull: namesAny(files.flatMap((d) => [...(d?.pull?.words ?? []), ...(d?.pull?.zh ?? [])].map(String))),
    twins: files.flatMap((d) => d?.twins ?? []).flatMap((t) => (t.length === 2 ? [[String(t[0]), String(t[1])] as [string, string]] : [])),
    apart: files
      .flatMap((d) => d?.apart ?? [])
      .map((group) => new Map(Object.entries(group ?? {}).map(([category, words]) => [category, namesAny((words ?? []).map(String))]))),
  };
}

/** rules/lexicon/symptoms.yml and printed.yml from every rules folder that has them. */
function loadSymptoms(lexicon: LexiconFile[]): SymptomLexicon {
  return compileSymptoms([...lexiconData<SymptomFile>(lexicon, 'symptoms.yml'), ...lexiconData<SymptomFile>(lexicon, 'printed.yml')]);
}

function localisedTexts(t: string | { en: string; zh?: string }): string[] {
  return typeof t === 'string' ? [t] : [t.en, t.zh ?? ''];
}

const built = new WeakMap<KnowledgeBase, QuestionIndex>();

/** The index of a knowledge base, built on its first question (it is not needed to start); a reload is a new one. */
export function questionIndexOf(kb: KnowledgeBase): QuestionIndex {
  let index = built.get(kb);
  if (!index) built.set(kb, (index = buildQuestionIndex(kb)));
  return index;
}

export function buildQuestionIndex(
  kb: KnowledgeBase,
  lexicon: Lexicon = loadLexicon(kb.lexicon),
  context: Context = loadContext(kb.lexicon),
  symptoms: SymptomLexicon = loadSymptoms(kb.lexicon),
): QuestionIndex {
  const tfidf = new TfIdf();
  const domain = new Set<string>();
  const vocabulary = new Set<string>();
  const lengths: number[] = [];
  const names: QuestionIndex['names'] = [];
  const statusNames = new Set<string>();
  /** The reasons the rules' signals read (OOMKilled, Evicted, CrashLoopBackOff), not kinds such as StorageClass. */
  const reasonNames = new Set<string>();
  const termsOf = (text: string) => [...englishTerms(text), ...lexiconTerms(text, lexicon).terms];
  // Two passes: the domain (what rules are called) first, so that example messages add only domain words, not
  // the image names, hosts and numbers they happen to contain.
  const partsOf = kb.rules.map((rule) => {
    const spec = rule.spec;
    const reasons = rule.signals.flatMap((s) => [...(s.reasons ?? [])]);
    const parts: [keyof typeof WEIGHTS, string[]][] = [
      ['keywords', spec.keywords.flatMap(termsOf)],
      ['reasons', reasons.flatMap(termsOf)],
      ['title', localisedTexts(spec.title).flatMap(termsOf)],
      ['category', termsOf(spec.category.replace(/-/g, ' '))],
      ['cause', localisedTexts(spec.cause).flatMap(termsOf)],
      ['examples', spec.examples.match.slice(0, 3).flatMap((e) => termsOf((typeof e === 'string' ? e : e.text).slice(0, 400)))],
    ];
    for (const [part, terms] of parts) if (part !== 'cause' && part !== 'examples') terms.forEach((t) => domain.add(t));
    return { spec, reasons, parts };
  });
  for (const { spec, reasons, parts } of partsOf) {
    const doc: string[] = [];
    for (const [part, terms] of parts) {
      const kept = part === 'examples' ? terms.filter((t) => domain.has(t)) : terms;
      for (let i = 0; i < WEIGHTS[part]; i++) doc.push(...kept);
    }
    for (const word of [...reasons, ...spec.keywords].flatMap((k) => k.toLowerCase().split(/[^a-z0-9]+/))) vocabulary.add(word);
    for (const r of reasons) if (/^[\w-]+$/.test(r)) reasonNames.add(r.toLowerCase());
    const labels = [...reasons, ...spec.keywords];
    names.push({
      words: new Set(labels.filter((k) => /^[\w-]+$/.test(k)).map((k) => k.toLowerCase())),
      // Technical phrases ("Multi-Attach error", "CrashLoopBackOff after upgrade") name Kubernetes things by
      // themselves; plain English ones ("out of memory", "too many requests") also fit Java or any HTTP API.
      // Chinese keywords are phrases too (no spaces between words), matched inside the question's text; so are
      // keywords of several words joined by punctuation ("Init:0/1", "nvidia.com/gpu"), which are no one word.
      phrases: labels
        .filter((k) => /\s|[\u3400-\u9fff]/.test(k.trim()) || (!/^[\w-]+$/.test(k) && stems(k).length > 1))
        .map((k) => ({
          // Chinese is written with or without spaces between words ("退出码 0", "退出码0").
          text: /[\u3400-\u9fff]/.test(k) ? phraseKey(k).replace(/ /g, '') : phraseKey(k),
          ...(!/[\u3400-\u9fff]/.test(k) && { stems: stems(k) }),
          // Hyphens, camel case, and words joined by punctuation without spaces ("Init:0/1", "nvidia.com/gpu"):
          // what kubectl and the kubelet print, not what people say.
          technical: /-|[A-Z][a-z]+[A-Z]/.test(k) || /^[^\s:/.]+(?:[:/.][^\s:/.]+)+$/.test(k.trim()),
        })),
    });
    // CamelCase identifiers with two or more humps (ImagePullBackOff, OOMKilled), not words like Failed or BackOff, nor
    // an errno name in capitals (ENOTFOUND: Node.js prints it on any machine).
    for (const k of labels) if (/^[A-Z][A-Za-z]{7,}$/.test(k) && /[a-z]/.test(k) && (k.match(/[A-Z]/g) ?? []).length >= 2) statusNames.add(k.toLowerCase());
    tfidf.addDocument(doc);
    lengths.push(doc.length);
  }
  const oneWordSymptoms = new Set(symptoms.en.filter((e) => e.stems.length === 1).map((e) => e.stems[0]));
  // Only a status or a behaviour is ruled out: "no storageclass", "PVC not bound" name the failure by what is missing.
  const negatable: Negatable = {
    phrases: symptoms.en.map((e) => e.stems),
    kept: [...symptoms.trouble.en, ...names.flatMap((n) => n.phrases.flatMap((p) => (p.stems ? [p.stems] : [])))],
    zhPhrases: symptoms.zh.map((e) => e.text),
    isFailureWord: (w) => (reasonNames.has(w) && !symptoms.notSymptoms.has(w)) || oneWordSymptoms.has(stem(w)),
  };
  const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
  return {
    rules: kb.rules,
    names,
    statusNames,
    domain,
    correct: typoCorrector([...vocabulary, ...symptoms.words, ...context.words]),
    lexicon,
    context,
    symptoms,
    negatable,
    stages: loadStages(kb.lexicon),
    placeholders: compilePlaceholders(lexiconData<PlaceholderFile>(kb.lexicon, 'placeholders.yml')),
    score(terms: string[]): number[] {
      const unique = [...new Set(terms)];
      return kb.rules.map((_, d) => {
        const doc = tfidf.documents[d];
        let s = 0;
        for (const t of unique) {
          const tf = doc[t] ?? 0;
          if (!tf) continue;
          s += tfidf.idf(t) * ((tf * (BM25_K + 1)) / (tf + BM25_K * (1 - BM25_B + (BM25_B * lengths[d]) / avg)));
        }
        return s;
      });
    },
  };
}
