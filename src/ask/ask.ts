// Plain-language questions: a pasted fragment inside the question goes through the paste path, the words through
// the question index; the answer is in the question's language. When nothing fits well, there are no findings.
import { diagnose, InputError, type Diagnosis, type Finding } from '../diagnose/diagnose.js';
import { fill, localise } from '../diagnose/template.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang } from '../rules/schema.js';
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

export function questionTerms(text: string, qi: QuestionIndex): string[] {
  const plain = normalise(text).text;
  return [...englishTerms(plain, qi.vocabulary), ...lexiconTerms(plain, qi.lexicon).terms];
}

/** Words of a question as typed (lower case, typos of known names corrected), for matching names and phrases. */
function questionWords(plain: string, qi: QuestionIndex): Set<string> {
  return new Set((plain.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? []).map((w) => correctTypo(w, qi.vocabulary)));
}


export function ask(text: string, kb: KnowledgeBase, qi: QuestionIndex, options: { lang?: Lang } = {}): Answer {
  const lang = options.lang ?? detectLang(text);
  let pasted: Finding[] = [];
  try {
    pasted = diagnose(text, kb, { lang }).findings.filter((f) => f.confidence >= PASTE_CONFIDENCE);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
  const asked = questionFindings(text, kb, qi, lang);
  const seen = new Set(pasted.map((f) => f.rule));
  const findings = [...pasted, ...asked.filter((f) => !seen.has(f.rule))].slice(0, MAX_FINDINGS);
  return {
    input: { kind: 'text', objects: [] },
    findings,
    lang,
    via: pasted.length ? 'paste' : asked.length ? 'question' : 'none',
  };
}

function questionFindings(text: string, kb: KnowledgeBase, qi: QuestionIndex, lang: Lang): Finding[] {
  const plain = normalise(text).text;
  const terms = questionTerms(text, qi);
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

/** A rule as an explanation: no evidence, its texts with unknown values left generic. */
function explain(spec: KnowledgeBase['rules'][number]['spec'], relative: number, lang: Lang): Finding {
  const generic = (s: string) => fill(s, {}); // unknown values read as <registry>, <pod> ...
  return {
    rule: spec.id,
    category: spec.category,
    title: generic(localise(spec.title, lang)),
    confidence: Math.round(Math.min(0.9, 0.4 + 0.4 * relative) * 100) / 100,
    evidence: [],
    cause: generic(localise(spec.cause, lang)),
    fix: spec.fix.map((step) => ({
      text: generic(typeof step === 'string' ? step : localise(step, lang)),
      commands: typeof step === 'string' || !step.run ? [] : (Array.isArray(step.run) ? step.run : [step.run]).map(generic),
    })),
    links: spec.links,
  };
}
