// Scores labelled cases (pastes, questions) the same way: top-1, top-3, per expected category, calibration of every
// answer shown, and the misses with what was expected.
import { accuracyAtLeast, calibrationTable, formatCalibration, type Scored } from './calibration.js';

export interface Answer {
  /** What is compared with the label (a category for pastes). */
  label: string;
  /** Shown beside it in the list of misses (the rule id). */
  name: string;
  confidence: number;
}

export interface EvalCase {
  id: string;
  /** The label; null when nothing should be answered (an off-topic question). */
  expected: string | null;
  /** Other labels counted as right. */
  acceptable?: string[];
  /** Best first, as the user sees them. */
  answers: Answer[];
}

export interface Section {
  title: string;
  cases: EvalCase[];
}

export interface Summary {
  total: number;
  top1: number;
  top3: number;
  perCategory: { category: string; total: number; top1: number }[];
  /** Every answer shown, right when its label is the case's. */
  shown: Scored[];
  misses: EvalCase[];
}

export const CONFIDENT = 0.8;

export function isRight(c: EvalCase, label: string | undefined): boolean {
  if (c.expected === null) return label === undefined;
  return label !== undefined && (label === c.expected || (c.acceptable ?? []).includes(label));
}

export function top1(c: EvalCase): boolean {
  return isRight(c, c.answers[0]?.label);
}

export function top3(c: EvalCase): boolean {
  if (c.expected === null) return c.answers.length === 0;
  return c.answers.slice(0, 3).some((a) => isRight(c, a.label));
}

export function summarise(cases: EvalCase[]): Summary {
  const byCategory = new Map<string, { total: number; top1: number }>();
  for (const c of cases) {
    const key = c.expected ?? '(none)';
    const row = byCategory.get(key) ?? { total: 0, top1: 0 };
    row.total++;
    if (top1(c)) row.top1++;
    byCategory.set(key, row);
  }
  return {
    total: cases.length,
    top1: cases.filter(top1).length,
    top3: cases.filter(top3).length,
    perCategory: [...byCategory].map(([category, r]) => ({ category, ...r })).sort((a, b) => a.category.localeCompare(b.category)),
    shown: cases.flatMap((c) => c.answers.map((a) => ({ confidence: a.confidence, correct: isRight(c, a.label) }))),
    misses: cases.filter((c) => !top1(c)),
  };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

export function formatSummary(title: string, s: Summary): string {
  const confident = accuracyAtLeast(s.shown, CONFIDENT);
  const out = [
    `${title}: ${s.total} cases`,
    `  top-1 ${pct(s.top1, s.total)} (${s.top1}/${s.total})   top-3 ${pct(s.top3, s.total)} (${s.top3}/${s.total})`,
    `  answers shown at confidence ≥ ${CONFIDENT}: ${confident.count}, right ${pct(confident.correct, confident.count)}`,
    '',
    '  per category        cases  top-1',
    ...s.perCategory.map((r) => `  ${r.category.padEnd(30)} ${String(r.total).padStart(3)}  ${pct(r.top1, r.total).padStart(6)}`),
    '',
    '  calibration (every answer shown)',
    formatCalibration(calibrationTable(s.shown)),
    '',
    `  misses (${s.misses.length})`,
    ...s.misses.map(
      (c) =>
        `  ${top3(c) ? 'top-3' : 'MISS '} ${c.id}: expected ${c.expected ?? 'no answer'}, got ${
          c.answers
            .slice(0, 3)
            .map((a) => `${a.name} (${a.label} ${a.confidence})`)
            .join(', ') || 'nothing'
        }`,
    ),
  ];
  return out.join('\n');
}
