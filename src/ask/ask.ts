// Plain-language questions: a pasted fragment inside the question goes through the paste path, the words through
// the question index; the answer is in the question's language. A question gets a failure only when its words
// name a symptom; otherwise it is vague (about a broken pod, naming nothing) or not about a failing pod at all.
import { analyse, diagnoseEvidence, InputError, ruleFinding, type Diagnosis, type Finding } from '../diagnose/diagnose.js';
import { looksLikeKubernetesOutput } from '../rules/output-phrases.js';
import type { CompiledRule, KnowledgeBase } from '../rules/load.js';
import type { RuleSpec } from '../rules/schema.js';
import { detectLang, type Lang } from '../model/lang.js';
import { normalise } from '../normalise/normalise.js';
import { phraseKey, type NamePhrase, type QuestionIndex } from './question-index.js';
import { withoutNegated } from './negation.js';
import { findSymptoms, isSetting, occurrence, positionsIn, withoutNoCause, withoutRequestErrors, withoutZhHowTo } from './symptoms.js';
import { chineseWords, englishTerms, lexiconTerms } from './terms.js';
import { questionConfidence, type QuestionFeatures } from './confidence.js';
import { questionVars, withoutPlaceholders } from './placeholders.js';

/**
 * What the words are about: a named failure (`symptom`), trouble with Kubernetes that names no failure
 * (`vague`: ask for the output), or something else (`off-topic`).
 */
type Topic = 'symptom' | 'vague' | 'off-topic';

export interface Answer extends Diagnosis {
  /** Which path produced the first finding. */
  via: 'paste' | 'question' | 'none';
  topic: Topic;
  /** What the first question finding's confidence was computed from (for calibration). */
  features?: QuestionFeatures;
}

/** Questions are short: only this much of a message is read as words (linear time on hostile input). */
const MAX_QUESTION_CHARS = 4000;
/** A best match must reach this BM25 score, and the runners-up this share of it, to be shown. */
const MIN_SCORE = 3;
const RUNNER_UP_SHARE = 0.5;
const MAX_FINDINGS = 4;
const NAME_BOOST = 0.75;
/** Paste findings at least this confident win over the question words. */
export const PASTE_CONFIDENCE = 0.45;
/** "exit code 137", "exited with 1", "Exit Code: 143", "退出码 137". */
const EXIT_CODE = /\bexit(?:ed)?\s*(?:with\s*)?(?:code|status)?\s*:?\s*\d{1,3}\b|退出码\s*\d{1,3}/i;

/** Words of a question as typed (lower case, typos of known names corrected), for matching names and phrases. */
function questionWords(plain: string, qi: QuestionIndex): Set<string> {
  const words = (plain.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? []).map(qi.correct);
  // A status written as four words ("Crash Loop Back Off", "image pull back off") is the status; shorter runs are
  // often plain English ("out of memory", "disk pressure", "storage class").
  const spelt = words
    .slice(3)
    .map((_, i) => words.slice(i, i + 4).join(''))
    .filter((w) => qi.statusNames.has(w));
  return new Set([...words, ...spelt]);
}

/** The text with each mistyped known word in its known spelling ("kubernates" → kubernetes). */
function corrected(plain: string, qi: QuestionIndex): string {
  return plain.replace(/[A-Za-z]+/g, qi.correct);
}

/**
 * `pasted`: the paste path's findings when the caller already diagnosed the text (so it is not parsed twice);
 * otherwise ask diagnoses it.
 */
export function ask(text: string, kb: KnowledgeBase, qi: QuestionIndex, options: { lang?: Lang; pasted?: Finding[] } = {}): Answer {
  const lang = options.lang ?? detectLang(text);
  const pasted = (options.pasted ?? pasteFindings(text, kb, lang, qi)).filter((f) => f.confidence >= PASTE_CONFIDENCE);
  const { topic, findings: asked, features } = questionFindings(text, qi, lang);
  const seen = new Set(pasted.map((f) => f.rule));
  const findings = [...pasted, ...asked.filter((f) => !seen.has(f.rule))].slice(0, MAX_FINDINGS).map((f) => withoutPlaceholders(f, lang, qi.placeholders));
  return {
    input: { kind: 'text', objects: [] },
    findings,
    lang,
    via: pasted.length ? 'paste' : asked.length ? 'question' : 'none',
    topic: pasted.length ? 'symptom' : topic,
    ...(features && { features }),
  };
}

function pasteFindings(text: string, kb: KnowledgeBase, lang: Lang, qi: QuestionIndex): Finding[] {
  try {
    const { evidence, signals } = analyse(text);
    const { findings } = diagnoseEvidence(evidence, signals, kb, { lang });
    return standingFindings(findings, text, looksLikeKubernetesOutput(text, evidence, kb), kb, qi);
  } catch (e) {
    if (e instanceof InputError) return [];
    throw e;
  }
}

/**
 * The findings of free text that stand. A message any program prints ("no space left on device", "exec format
 * error": the rule says `any_program`) is about a pod only in Kubernetes output or beside words about Kubernetes (a
 * status, a technical phrase, an exit code, a behaviour only pods have, a word of rules/lexicon/context.yml):
 * "my laptop says no space left on device" is someone else's error. Messages only Kubernetes tooling prints stand.
 */
export function standingFindings(findings: Finding[], text: string, isOutput: boolean, kb: KnowledgeBase, qi: QuestionIndex): Finding[] {
  const anyProgram = (f: Finding) => kb.byId.get(f.rule)?.spec.any_program === true;
  if (isOutput || !findings.some(anyProgram) || readQuestion(text, qi).context) return findings;
  return findings.filter((f) => !anyProgram(f));
}

/** Each run of up to three consecutive words, joined ("back", "off", "backoff" ...): how a word may spell part of a phrase. */
function joinedRuns(words: string[]): string[] {
  return words.flatMap((_, i) => [1, 2, 3].filter((n) => i + n <= words.length).map((n) => words.slice(i, i + n).join('')));
}

/** What a question's words say, before any ranking. */
interface Reading {
  topic: Topic;
  /** About Kubernetes at all: a status, a technical phrase, an exit code, a behaviour only pods have, a context word. */
  context: boolean;
  /** Named by a status, a technical phrase or an exit code: Kubernetes's own words for a failure. */
  strong: boolean;
  terms: string[];
}

function readQuestion(
  text: string,
  qi: QuestionIndex,
): Reading & {
  plain: string;
  words: Set<string>;
  nameWords: Set<string>;
  phraseHits: number[];
  namingPhraseHits: number[];
  symptomTerms: string[];
  genericTerms: string[];
  negated: string[];
} {
  // kubectl's 'Error from server (NotFound): deployments.apps "web" not found' is about the request, not a pod.
  const asked = withoutRequestErrors(normalise(text.slice(0, MAX_QUESTION_CHARS)).text, qi.symptoms);
  // "Pod sandbox changed, it will be killed and re-created" says the pod is in trouble, not why.
  const { text: said, found: noCause } = withoutNoCause(asked, qi.symptoms);
  // "OOMKilled, not evicted": what the asker rules out names nothing.
  const { text: negatedOut, negated } = withoutNegated(said, qi.symptoms.negation, qi.negatable);
  // "怎么重启 pod", "如何配置存活探针": what the asker wants to do names no failure.
  const plain = withoutZhHowTo(negatedOut, qi.symptoms);
  const words = questionWords(plain, qi);
  const phraseText = phraseKey(plain);
  const positions = positionsIn(plain, qi.correct);
  const symptoms = findSymptoms(plain, qi.symptoms, positions);
  const namesStatus = [...words].some((w) => qi.statusNames.has(w));
  const unspaced = phraseText.replace(/ /g, '');
  // A keyword phrase after "set" or "add a" is a setting, unless it is technical (kubectl's or the kubelet's words).
  const named = (p: NamePhrase) => {
    if (!p.stems) return unspaced.includes(p.text);
    const at = occurrence(positions, p.stems);
    return at !== undefined && (p.technical || !isSetting(positions, at[0], qi.symptoms));
  };
  const found = new Set(qi.names.flatMap((n) => n.phrases.filter(named).map((p) => p.text)));
  // The longer of two phrases found in the same words is the one meant: "退出码0" is not also "退出码".
  const meant = (p: NamePhrase) => found.has(p.text) && ![...found].some((f) => f !== p.text && f.includes(p.text));
  const phraseHits = qi.names.map((n) => n.phrases.filter(meant).length);
  // A phrase that names a place ("docker desktop") ranks like the words that name no failure, and names none; an
  // error any program prints ("no such file or directory") names one only where nothing else does.
  const naming = (p: NamePhrase) => meant(p) && !qi.symptoms.notSymptoms.has(p.text);
  const namingPhraseHits = qi.names.map((n) => n.phrases.filter((p) => naming(p) && !qi.symptoms.generic.has(p.text)).length);
  const phrases = qi.names.flatMap((n) => n.phrases.filter(naming));
  // Likewise a name word inside a phrase found: "back-off" in "Back-off restarting failed container" is that phrase.
  const inPhrases = new Set([...found].flatMap((f) => joinedRuns(f.split(' '))));
  const nameWords = new Set([...words].filter((w) => !inPhrases.has(w.replace(/-/g, ''))));
  const namesTechnical = phrases.some((p) => p.technical);
  const exitCode = EXIT_CODE.test(plain);
  const strong = namesStatus || namesTechnical || exitCode;
  // An exit code or a behaviour is any program's: beside a laptop or a CI job, it is theirs ("GitHub Actions ... exit
  // code 1", "本地 node 项目内存溢出").
  const elsewhere = qi.context.elsewhere(plain);
  const kubernetesOwn = namesStatus || namesTechnical || (exitCode && !elsewhere);
  const context = kubernetesOwn || noCause || (symptoms.standalone && !elsewhere) || qi.context.test(plain) || qi.context.test(corrected(plain, qi));
  const symptomTerms = symptoms.terms.flatMap((t) => englishTerms(t));
  const genericTerms = symptoms.genericTerms.flatMap((t) => englishTerms(t));
  const terms = [...englishTerms(plain, qi.correct), ...lexiconTerms(plain, qi.lexicon).terms, ...symptomTerms];
  // A word a rule is known by (a reason, a one-word keyword such as "toleration") names a failure too, unless
  // it is a tool, a place or a generic noun (symptoms.yml's not_symptoms, and the context words).
  const namesWord = [...words].some((w) => !qi.symptoms.notSymptoms.has(w) && !qi.context.test(w) && qi.names.some((n) => n.words.has(w)));
  const symptom = strong || symptoms.count > 0 || phrases.length > 0 || namesWord;
  const topic: Topic = !context ? 'off-topic' : symptom ? 'symptom' : symptoms.trouble || noCause ? 'vague' : 'off-topic';
  return { topic, context, strong, terms, symptomTerms, genericTerms, plain, words, nameWords, phraseHits, namingPhraseHits, negated };
}

function questionFindings(text: string, qi: QuestionIndex, lang: Lang): { topic: Topic; findings: Finding[]; features?: QuestionFeatures } {
  const reading = readQuestion(text, qi);
  const { topic, terms, plain, nameWords, phraseHits, namingPhraseHits, symptomTerms, genericTerms, negated } = reading;
  if (topic !== 'symptom') return { topic, findings: [] };
  if (!terms.length && chineseWords(plain).length > 4) return { topic: 'vague', findings: [] };
  const hits = qi.names.map((n, i) => [...nameWords].filter((w) => n.words.has(w)).length + phraseHits[i]);
  // Only a kind of failure the words name is an answer (a rule of its category named by its status, a keyword
  // phrase or a symptom's terms); the other words then choose among its rules ("busybox" → exits at once).
  // "pods is forbidden: User cannot list resource pods" names no such failure, however many words it shares.
  // An error any program prints says why, not what failed: "Failed to create pod sandbox: ... no such file or
  // directory" is a sandbox failure, not a missing executable. It names a failure of the stage the other words name,
  // or any when they name none.
  const generic = new Set(genericTerms);
  const ownTerms = symptomTerms.filter((t) => !generic.has(t));
  const bySymptom = qi.score(ownTerms);
  const byGeneric = qi.score(genericTerms);
  // A word that names no failure by itself (a place, a tool, an architecture: "master", "arm64", "nexus") names a
  // rule only beside a failure of the same stage (the rule's folder) or one the rule itself knows: "kube-apiserver
  // gets OOMKilled on the master" is no taint question, "ImagePullBackOff from our private Nexus" is a refused pull.
  // When the words name nothing else, they name what they can.
  const failureWords = [...nameWords].filter((w) => !qi.symptoms.notSymptoms.has(w) && !qi.context.test(w) && qi.names.some((n) => n.words.has(w)));
  const byFailure = qi.score([...failureWords.flatMap((w) => englishTerms(w)), ...ownTerms]);
  const namedBy = (i: number) => failureWords.some((w) => qi.names[i].words.has(w)) || namingPhraseHits[i] > 0 || bySymptom[i] > 0;
  const byWords = tellApart(new Set(qi.rules.filter((_, i) => namedBy(i)).map((r) => r.spec.category)), plain, qi);
  const stages = new Set(qi.rules.filter((r, i) => namedBy(i) && byWords.has(r.spec.category)).map(stage));
  const weakly = (i: number) => hits[i] > 0 || byGeneric[i] > 0;
  const namesRule = (r: CompiledRule, i: number) => namedBy(i) || (weakly(i) && (byFailure[i] > 0 || stages.has(stage(r))));
  const named = tellApart(new Set(qi.rules.filter(namesRule).map((r) => r.spec.category)), plain, qi);
  if (!named.size) qi.rules.forEach((r, i) => weakly(i) && named.add(r.spec.category));
  // A rule known by what the asker ruled out ("exit code 137, not OOMKilled") is not the answer.
  const ruledOut = new Set(negated.map((n) => phraseKey(n)));
  const supported = (i: number) => named.has(qi.rules[i].spec.category) && !namedAmong(qi.names[i], ruledOut);
  // A question that names a failure the way a rule names it (its status, a keyword, a phrase) is about that rule.
  const scores = qi.score(terms).map((score, i) => score * (1 + NAME_BOOST * Math.min(hits[i], 2)));
  const order = scores
    .map((s, i) => [s, i] as const)
    .filter(([, i]) => supported(i))
    .sort((a, b) => b[0] - a[0]);
  const [best] = order;
  if (!best || best[0] < MIN_SCORE) return { topic: 'vague', findings: [] };
  const runnerUp = order.find(([, i]) => qi.rules[i].spec.category !== qi.rules[best[1]].spec.category)?.[0] ?? 0;
  const features: QuestionFeatures = { score: best[0], margin: 1 - runnerUp / best[0], strong: reading.strong };
  const confidence = questionConfidence(features);
  const vars = questionVars(plain);
  const out: Finding[] = [];
  const categories = new Set<string>();
  for (const [score, i] of order) {
    if (score < best[0] * RUNNER_UP_SHARE || out.length >= MAX_FINDINGS) break;
    const rule = qi.rules[i];
    // One explanation per kind of failure (a variant for the environment the question names is the best one).
    if (categories.has(rule.spec.category)) continue;
    categories.add(rule.spec.category);
    out.push(explain(rule.spec, out.length ? Math.min(confidence, confidence * (score / best[0]) * 0.5) : confidence, lang, vars));
  }
  return { topic, findings: out, features };
}

/** Of failures that happen in two places or are neighbours (rules/lexicon/stages.yml), the ones the words place. */
function tellApart(named: Set<string>, plain: string, qi: QuestionIndex): Set<string> {
  // A DNS or certificate failure is the image pull's when the words name the pull, the app's or kubectl's when not.
  const pull = qi.stages.namesPull(plain);
  for (const [inPull, elsewhere] of qi.stages.twins) if (named.has(inPull) && named.has(elsewhere)) named.delete(pull ? elsewhere : inPull);
  // Of neighbouring failures (the three probes), the ones whose place the words name: "readiness 探针超时" is no liveness.
  for (const group of qi.stages.apart) {
    const said = [...group].filter(([category, names]) => named.has(category) && names(plain)).map(([category]) => category);
    if (said.length) for (const category of group.keys()) if (!said.includes(category)) named.delete(category);
  }
  return named;
}

/** Whether one of the words or phrases (phraseKey form) is a name of the rule. */
function namedAmong(names: { words: Set<string>; phrases: NamePhrase[] }, said: Set<string>): boolean {
  return [...said].some((s) => names.words.has(s) || names.phrases.some((p) => p.text === s || p.text === s.replace(/ /g, '')));
}

/** A rule's folder groups it with the failures of the same stage (image-pull/, scheduling/, volumes/ ...). */
function stage(rule: CompiledRule): string {
  return rule.file.replace(/[^/\\]*$/, '');
}

/** A rule as an explanation: no evidence; values a paste would give come from the question or read generically. */
function explain(spec: RuleSpec, confidence: number, lang: Lang, vars: Record<string, string>): Finding {
  return ruleFinding(spec, vars, lang, Math.round(confidence * 100) / 100, []);
}
