// An index of every rule for plain-language questions: title, keywords, reason names, category, cause and
// examples, weighted, scored with BM25 over natural's TF-IDF term statistics.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import type { CompiledRule, KnowledgeBase } from '../rules/load.js';
import { LEXICON_DIR, rulesDirs } from '../rules/load.js';
import { englishTerms, lexiconTerms, type Lexicon } from './terms.js';

const require = createRequire(import.meta.url);
type TfIdfClass = new () => { addDocument(doc: string[], key?: unknown): void; idf(term: string): number; documents: Record<string, number>[] };
const TfIdf: TfIdfClass = require('natural/lib/natural/tfidf/tfidf.js');

/** How much each part of a rule counts: what people call a failure matters more than the explanation. */
const WEIGHTS = { keywords: 3, reasons: 3, title: 2, category: 2, cause: 1, examples: 1 };
const BM25_K = 1.2;
const BM25_B = 0.75;

export interface QuestionIndex {
  rules: CompiledRule[];
  /** Terms people use to name failures (keywords, reasons, titles, categories): a question needs one of them. */
  domain: Set<string>;
  /** Unstemmed reason and keyword words, for typo correction. */
  vocabulary: string[];
  lexicon: Lexicon;
  score(terms: string[]): number[];
}

/** The lexicons of every rules folder (an operator's folder can add phrases). */
export function loadLexicon(rulesDir: string): Lexicon {
  const entries: Record<string, string[]> = {};
  for (const dir of rulesDirs(rulesDir)) {
    try {
      Object.assign(entries, (parseYaml(readFileSync(join(dir, LEXICON_DIR, 'zh.yml'), 'utf8')) as { lexicon?: Record<string, string[]> })?.lexicon ?? {});
    } catch {
      /* a folder without a lexicon */
    }
  }
  return Object.entries(entries)
    .map(([phrase, terms]): [string, string[]] => [phrase.toLowerCase().replace(/\s+/g, ''), terms])
    .sort((a, b) => b[0].length - a[0].length);
}

function localisedTexts(t: string | { en: string; zh?: string }): string[] {
  return typeof t === 'string' ? [t] : [t.en, t.zh ?? ''];
}

export function buildQuestionIndex(kb: KnowledgeBase, lexicon: Lexicon = loadLexicon(kb.dir)): QuestionIndex {
  const tfidf = new TfIdf();
  const domain = new Set<string>();
  const vocabulary = new Set<string>();
  const lengths: number[] = [];
  const termsOf = (text: string) => [...englishTerms(text), ...lexiconTerms(text, lexicon).terms];
  for (const rule of kb.rules) {
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
    const doc: string[] = [];
    for (const [part, terms] of parts) {
      for (let i = 0; i < WEIGHTS[part]; i++) doc.push(...terms);
      if (part !== 'cause' && part !== 'examples') terms.forEach((t) => domain.add(t));
    }
    for (const word of [...reasons, ...spec.keywords].flatMap((k) => k.toLowerCase().split(/[^a-z0-9]+/))) if (word.length >= 6) vocabulary.add(word);
    tfidf.addDocument(doc);
    lengths.push(doc.length);
  }
  const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
  return {
    rules: kb.rules,
    domain,
    vocabulary: [...vocabulary],
    lexicon,
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
