// A calibration table: of the answers shown at a given confidence, how many were right. A confidence means what it
// says when each row's measured accuracy is at least the bottom of its range. Shared by every part of `npm run eval`
// (pastes and questions) and by the corpus test.
export interface Scored {
  confidence: number;
  correct: boolean;
}

export interface CalibrationRow {
  from: number;
  to: number;
  count: number;
  correct: number;
}

/** Rows [from, to); the last row includes its top (a confidence of exactly 1). */
export function calibrationTable(items: Scored[], edges = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1]): CalibrationRow[] {
  const rows = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1], count: 0, correct: 0 }));
  for (const it of items) {
    const row = rows.find((r, i) => it.confidence >= r.from && (it.confidence < r.to || i === rows.length - 1));
    if (!row) continue;
    row.count++;
    if (it.correct) row.correct++;
  }
  return rows;
}

/** Of the items shown at `threshold` or more, how many were right. */
export function accuracyAtLeast(items: Scored[], threshold: number): { count: number; correct: number; accuracy: number } {
  const shown = items.filter((it) => it.confidence >= threshold);
  const correct = shown.filter((it) => it.correct).length;
  return { count: shown.length, correct, accuracy: shown.length ? correct / shown.length : 1 };
}

export function formatCalibration(rows: CalibrationRow[]): string {
  const lines = ['  confidence    shown  right  accuracy'];
  for (const r of rows) {
    const acc = r.count ? `${((100 * r.correct) / r.count).toFixed(0)}%` : '-';
    lines.push(`  ${r.from.toFixed(2)}-${r.to.toFixed(2)}  ${String(r.count).padStart(7)}  ${String(r.correct).padStart(5)}  ${acc.padStart(8)}`);
  }
  return lines.join('\n');
}
