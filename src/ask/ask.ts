// Plain-language questions: a pasted fragment inside the question goes through the paste path, the words through
// the question index; the answer is in the question's language. When nothing fits well, there are no findings.
import { diagnose, InputError, ruleFinding, type Diagnosis, type Finding } from '../diagnose/diagnose.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang, RuleSpec } from '../rules/schema.js';
import { detectLang } from '../conversation/lang.js';
import { normalise } from '../normalise/normalise.js';
import { phraseKey, type QuestionIndex } from './question-index.js';
import { chineseWords, correctTypo, englishTerms, lexiconTerms } from './terms.js';

export interface Answer extends Diagnosis {
  /** Which path produced the first finding. */
  via: 'paste' | 'question' | 'none';
}

/** A best match must reach this BM25 score, and the runners-up this share of it, to be shown. */
const MIN_SCORE = 3;
const RUNNER_UP_SHARE = 0.5;
const MAX_FINDINGS = 4;
const NAME_BOOST = 0.75;
/** Paste findings at least this confident win over the question words. */
const PASTE_CONFIDENCE = 0.45;

/** Index terms of a normalised question: English words and the Chinese lexicon's terms. */
function questionTerms(plain: string, qi: QuestionIndex): string[] {
  return [...englishTerms(plain, qi.vocabulary), ...lexiconTerms(plain, qi.lexicon).terms];
}

/** Words of a question as typed (lower case, typos of known names corrected), for matching names and phrases. */
function questionWords(plain: string, qi: QuestionIndex): Set<string> {
  return new Set((plain.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? []).map((w) => correctTypo(w, qi.vocabulary)));
}


/**
 * `pasted`: the paste path's findings when the caller already diagnosed the text (so it is not parsed twice);
 * otherwise ask diagnoses it.
 */
export function ask(text: string, kb: KnowledgeBase, qi: QuestionIndex, options: { lang?: Lang; pasted?: Finding[] } = {}): Answer {
  const lang = options.lang ?? detectLang(text);
  const pasted = (options.pasted ?? pasteFindings(text, kb, lang)).filter((f) => f.confidence >= PASTE_CONFIDENCE);
  const asked = questionFindings(text, qi, lang);
  const seen = new Set(pasted.map((f) => f.rule));
  const findings = [...pasted, ...asked.filter((f) => !seen.has(f.rule))].slice(0, MAX_FINDINGS);
  return {
    input: { kind: 'text', objects: [] },
    findings,
    lang,
    via: pasted.length ? 'paste' : asked.length ? 'question' : 'none',
  };
}

function pasteFindings(text: string, kb: KnowledgeBase, lang: Lang): Finding[] {
  try {
    return diagnose(text, kb, { lang }).findings;
  } catch (e) {
    if (e instanceof InputError) return [];
    throw e;
  }
}

function questionFindings(text: string, qi: QuestionIndex, lang: Lang): Finding[] {
  const plain = normalise(text).text;
  const terms = questionTerms(plain, qi);
  const words = questionWords(plain, qi);
  const phraseText = phraseKey(plain);
  const namesStatus = [...words].some((w) => qi.statusNames.has(w));
  const chineseContext = lexiconTerms(plain, qi.lexicon).matchedChars > 0;
  const namesPhrase = qi.names.some((n) => n.phrases.some((p) => p.technical && phraseText.includes(p.text)));
  if (!namesStatus && !namesPhrase && !((qi.context.test(plain) || chineseContext) && terms.some((t) => qi.domain.has(t)))) return [];
  if (!terms.length && chineseWords(plain).length > 4) return [];
  // A question that names a failure the way a rule names it (its status, a keyword, a phrase) is about that rule.
  const scores = qi.score(terms).map((score, i) => {
    const { words: names, phrases } = qi.names[i];
    const hits = [...words].filter((w) => names.has(w)).length + phrases.filter((p) => phraseText.includes(p.text)).length;
    return score * (1 + NAME_BOOST * Math.min(hits, 2));
  });
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  const [best] = order;
  if (!best || best[0] < MIN_SCORE) return [];
  const out: Finding[] = [];
  const categories = new Set<string>();
  for (const [score, i] of order) {
    if (score < best[0] * RUNNER_UP_SHARE || out.length >= MAX_FINDINGS) break;
    const rule = qi.rules[i];
    // One explanation per kind of failure (a variant for the environment the question names is the best one).
    if (categories.has(rule.spec.category)) continue;
    categories.add(rule.spec.category);
    out.push(explain(rule.spec, score / best[0], lang));
  }
  return out;
}

/** A rule as an explanation: no evidence; values only a paste could give read as <registry>, <pod> ... */
function explain(spec: RuleSpec, relative: number, lang: Lang): Finding {
  return ruleFinding(spec, {}, lang, Math.round(Math.min(0.9, 0.4 + 0.4 * relative) * 100) / 100, []);
}
