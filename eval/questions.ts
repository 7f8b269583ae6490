// `npm run eval` (questions): the question corpus through the core reply policy, on the part the matcher is tuned
// on and on the held-back part (test/fixtures/questions-split.json, fixed before tuning), and the team's own dev set
// (test/fixtures/questions-dev.json: questions written by the team, to measure calibration on more wrong answers). A question is right
// when its first finding has the expected category (or an acceptable one); a negative is right when it gets no
// diagnosis. Held-back misses are listed only with --held-back-misses, so that tuning does not read them.
// `--fit` refits the confidence model's weights on the tuning part (copy them into src/ask/confidence.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { questionIndexOf } from '../src/ask/question-index.js';
import { featureVector, logistic, WEIGHTS } from '../src/ask/confidence.js';
import { ANSWER_THRESHOLD, replyToQuestion, respond, shownDiagnosis } from '../src/conversation/reply.js';
import { loadKnowledgeBase } from '../src/rules/load.js';
import { CATEGORIES } from '../src/ruleset/lint.js';
import { calibrationTable, formatCalibration } from './calibration.js';

export interface Question {
  id: string;
  text: string;
  lang: 'en' | 'zh';
  expected: string;
  acceptable: string[];
  source: string;
}

const root = new URL('../../', import.meta.url);
const questions: Question[] = JSON.parse(readFileSync(new URL('test/fixtures/questions.json', root), 'utf8'));
const dev: Question[] = JSON.parse(readFileSync(new URL('test/fixtures/questions-dev.json', root), 'utf8'));
const heldBack = new Set<string>(JSON.parse(readFileSync(new URL('test/fixtures/questions-split.json', root), 'utf8')).heldBack);
const kb = loadKnowledgeBase(fileURLToPath(new URL('rules', root)));
const qi = questionIndexOf(kb);
const inVocabulary = (c: string) => ((CATEGORIES as readonly string[]).includes(c) ? c : 'other');

type Part = 'tuned' | 'held back' | 'dev';
const parts: Part[] = ['tuned', 'held back', 'dev'];
const labelled = [
  ...questions.map((q) => ({ ...q, part: (heldBack.has(q.id) ? 'held back' : 'tuned') as Part })),
  ...dev.map((q) => ({ ...q, part: 'dev' as Part })),
];
const results = labelled.map((q) => {
  // What the user is shown: the reply policy every surface uses (a confident reading of quoted output wins).
  const shown = respond(q.text, { kb, lang: q.lang, surface: 'dm' });
  const finding = shownDiagnosis(shown)?.findings[0];
  const got = finding ? inVocabulary(finding.category) : `(${shown.kind})`;
  const ok = q.expected === 'none' ? !finding : got === q.expected || q.acceptable.includes(got);
  // The question path's own reading, for calibration: its best explanation and what its confidence came from.
  const reply = replyToQuestion(q.text, kb, qi, { lang: q.lang, surface: 'dm' });
  const top = reply.answer.findings[0];
  // Whether the best explanation is right, shown or not: what the confidence must predict.
  const topRight = top ? [q.expected, ...q.acceptable].includes(inVocabulary(top.category)) : false;
  return { ...q, held: q.part === 'held back', got, ok, confidence: top?.confidence, topRight, via: reply.answer.via, features: reply.answer.features };
});

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
function figures(name: Part): string {
  const part = results.filter((r) => r.part === name);
  const line = (lang: string) => {
    const pos = part.filter((r) => r.lang === lang && r.expected !== 'none');
    return `${lang} ${pct(pos.filter((r) => r.ok).length, pos.length)} (${pos.filter((r) => r.ok).length}/${pos.length})`;
  };
  const neg = part.filter((r) => r.expected === 'none');
  return `${name.padEnd(9)}: ${line('en')}, ${line('zh')}; negatives without a diagnosis ${neg.filter((r) => r.ok).length}/${neg.length}`;
}

console.log(`Questions (${questions.length}; ${heldBack.size} held back; dev set ${dev.length}), answered when confidence >= ${ANSWER_THRESHOLD}`);
for (const name of parts) console.log(figures(name));
for (const name of parts) {
  const scored = results.filter((r) => r.part === name && r.confidence !== undefined && r.via === 'question');
  console.log(`\nCalibration (${name}; question answers, shown or not):`);
  console.log(formatCalibration(calibrationTable(scored.map((r) => ({ confidence: r.confidence!, correct: r.topRight })))));
}
const showHeld = process.argv.includes('--held-back-misses');
const misses = results.filter((r) => !r.ok && (!r.held || showHeld));
console.log(`\nMisses (${showHeld ? 'all' : 'tuned part'}):`);
for (const r of misses)
  console.log(
    `  [${r.lang}${r.part === 'tuned' ? '' : `, ${r.part}`}] expected ${r.expected}, got ${r.got} (${r.confidence ?? '-'}): ${r.text.slice(0, 90).replace(/\s+/g, ' ')}`,
  );

if (process.argv.includes('--fit')) fit();

/** Logistic regression (gradient descent, a little L2) on the tuning part's question answers. */
function fit(): void {
  const rows = results.filter((r) => !r.held && r.via === 'question' && r.features);
  const xs = rows.map((r) => featureVector(r.features!));
  const ys = rows.map((r) => (r.topRight ? 1 : 0));
  const w = [...WEIGHTS];
  for (let step = 0; step < 20000; step++) {
    const grad = w.map((wi, j) => (j ? 0.01 * wi : 0));
    xs.forEach((x, i) => {
      const err = logistic(x, w) - ys[i];
      x.forEach((v, j) => (grad[j] += (err * v) / xs.length));
    });
    w.forEach((_, j) => (w[j] -= 0.5 * grad[j]));
  }
  console.log(`\n--fit on ${rows.length} tuning answers (${ys.filter((y) => !y).length} wrong): WEIGHTS = [${w.map((v) => v.toFixed(2)).join(', ')}]`);
}
